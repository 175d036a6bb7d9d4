"""Named benchmark splits: deterministic, seeded, identified by a content hash.

A split assigns every nucleus of its pool to a named part. Its membership is a DataFrame
(Z, N, part) sorted by (Z, N); the ``hash`` is the SHA-256 of that membership as CSV, so
two people with the same hash used the same nuclei in the same parts. Each part takes its
target binding energies from one AME vintage (``targets``).

=====================  ==================================================================
name                   parts (sizes for the default seed 0)
=====================  ==================================================================
conn                   AME2016 pool (3436, estimates included) 80/20 at random into
                       train (2749) / validation (687); extrapolation = the 122 AME2020
                       nuclei not in AME2016. Targets AME2020 (paper 001's protocol).
zeng                   train = all of AME2016 (3436), test = the 122 new nuclei; AME2020.
measured               the 2457 measured AME2020 nuclei with Z, N >= 8, 80/20 train/test.
measured-since-2016    test = the 74 nuclei measured in AME2020 but not in AME2016
                       (AME2020 targets); train = the 2498 measured in AME2016, with their
                       AME2016 values (nothing from after 2016 enters training).
chain-ends             the 2457 measured AME2020 nuclei with Z, N >= 8; test = the 3 most
                       neutron-poor and the 3 most neutron-rich isotopes of every element
                       with >= 10 of them (a regional hold-out: extrapolation along the
                       chains by 1-3 steps); no seed.
sigma100               measured, Z, N >= 8, uncertainty < 100 keV (AME2020: 2339),
                       80/20 train/test. ``sigma100-ame2003`` (1930, the multi-fidelity
                       paper's set) and ``sigma100-ame2016`` (2271) use those vintages.
=====================  ==================================================================

A split can also come from a file: wherever a split name is accepted, a CSV with the
columns Z, N, part works too (:func:`split_from_csv`): every nucleus must be in AME2020
(whose binding energies are the targets of every part), none may appear twice, and a
``train`` part plus at least one other part must be present.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.atomic import write_text
from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError

__all__ = [
    "CHAIN_END_DEPTH",
    "CHAIN_END_MIN",
    "SPLIT_NAMES",
    "TRAIN_FRACTION",
    "Split",
    "chain_positions",
    "get_split",
    "split_from_csv",
]

TRAIN_FRACTION = 0.8
TARGET_COLUMNS = [
    "A",
    "nuclide",
    "binding_energy",
    "mass_excess",
    "mass_excess_unc",
    "is_estimated",
]


@dataclass(frozen=True)
class Split:
    """Membership of a named split.

    Attributes
    ----------
    name : str
    seed : int
        Seed of the random train/held-out assignment (ignored by splits without one).
    membership : pandas.DataFrame
        Columns Z, N, part; sorted by (Z, N).
    targets : dict
        part -> AME vintage whose binding energies are the targets of that part.
    """

    name: str
    seed: int
    membership: pd.DataFrame
    targets: dict

    @property
    def parts(self) -> tuple[str, ...]:
        """Part names, training part first."""
        return tuple(self.targets)

    @property
    def hash(self) -> str:
        """SHA-256 (hex) of the membership CSV."""
        return hashlib.sha256(self.membership_csv().encode()).hexdigest()

    def sizes(self) -> dict[str, int]:
        """Number of nuclei per part, plus ``"total"``."""
        counts = self.membership.part.value_counts()
        return {**{part: int(counts[part]) for part in self.parts}, "total": len(self.membership)}

    def membership_csv(self) -> str:
        return self.membership.to_csv(index=False, lineterminator="\n")

    def table(self) -> pd.DataFrame:
        """Membership joined with each part's targets (MassTable columns, MeV/keV as there)."""
        pieces = []
        for part in self.parts:
            members = self.membership[self.membership.part == part]
            source = load_ame(self.targets[part])[["Z", "N", *TARGET_COLUMNS]]
            pieces.append(members.merge(source, on=["Z", "N"], how="left", validate="1:1"))
        return pd.concat(pieces).sort_values(["Z", "N"], ignore_index=True)

    def save(self, path: "str | Path") -> Path:
        """Write the membership CSV; the hash goes in a ``.sha256`` file beside it (both
        atomically, :func:`nucmass.atomic.write_text`)."""
        path = write_text(path, self.membership_csv())
        write_text(path.with_suffix(path.suffix + ".sha256"), f"{self.hash}  {path.name}\n")
        return path


def _keys(table: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(table[["Z", "N"]])


def _measured(table: pd.DataFrame, min_zn: int = 0) -> pd.DataFrame:
    return table[~table.is_estimated & (table.Z >= min_zn) & (table.N >= min_zn)]


def _random_parts(pool: pd.DataFrame, seed: int, held_out: str) -> pd.DataFrame:
    """Assign round(0.8 m) of ``pool`` (sorted by Z, N) to train at random, the rest held out."""
    pool = pool[["Z", "N"]].sort_values(["Z", "N"], ignore_index=True)
    order = np.random.default_rng(seed).permutation(len(pool))
    part = np.full(len(pool), held_out, dtype=object)
    part[order[: round(TRAIN_FRACTION * len(pool))]] = "train"
    return pool.assign(part=part)


def _fixed_parts(**parts: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([p[["Z", "N"]].assign(part=name) for name, p in parts.items()])


CHAIN_END_DEPTH, CHAIN_END_MIN = 3, 10  # chain-ends: isotopes held out per end, chain size


def chain_positions(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(position, size) of every row of ``table`` (Z, N) in its element's isotopic chain
    within ``table``, both int (m,): ``position`` counts isotopes from the nearer end of the
    chain (1 = the lightest or the heaviest), ``size`` is the chain's number of isotopes.
    The ``depth`` outermost isotopes at both ends are ``position <= depth``."""
    rank = table.groupby("Z").N.rank(method="first").to_numpy().astype(int)
    size = table.groupby("Z").N.transform("size").to_numpy()
    return np.minimum(rank, size + 1 - rank), size


def _chain_end_parts(pool: pd.DataFrame) -> pd.DataFrame:
    """train / test with test = the CHAIN_END_DEPTH outermost isotopes at both ends of every
    element with >= CHAIN_END_MIN isotopes in ``pool``."""
    pool = pool[["Z", "N"]].sort_values(["Z", "N"], ignore_index=True)
    position, size = chain_positions(pool)
    end = (size >= CHAIN_END_MIN) & (position <= CHAIN_END_DEPTH)
    return pool.assign(part=np.where(end, "test", "train"))


def _new_since_2016() -> pd.DataFrame:
    ame20, ame16 = load_ame("ame2020"), load_ame("ame2016")
    return ame20[~_keys(ame20).isin(_keys(ame16))]


def _build(name: str, seed: int) -> tuple[pd.DataFrame, dict]:
    if name == "conn":
        pool = _random_parts(load_ame("ame2016"), seed, "validation")
        members = pd.concat([pool, _fixed_parts(extrapolation=_new_since_2016())])
        return members, dict.fromkeys(("train", "validation", "extrapolation"), "ame2020")
    if name == "zeng":
        members = _fixed_parts(train=load_ame("ame2016"), test=_new_since_2016())
        return members, {"train": "ame2020", "test": "ame2020"}
    if name == "measured":
        return _random_parts(_measured(load_ame(), 8), seed, "test"), _both("ame2020")
    if name == "measured-since-2016":
        ame20, known = load_ame("ame2020"), _measured(load_ame("ame2016"))
        new = _measured(ame20)[~_keys(_measured(ame20)).isin(_keys(known))]
        return _fixed_parts(train=known, test=new), {"train": "ame2016", "test": "ame2020"}
    if name == "chain-ends":
        return _chain_end_parts(_measured(load_ame(), 8)), _both("ame2020")
    if name.startswith("sigma100"):
        vintage = name.removeprefix("sigma100").lstrip("-") or "ame2020"
        table = _measured(load_ame(vintage), 8)
        return _random_parts(table[table.mass_excess_unc < 100], seed, "test"), _both(vintage)
    raise NucmassError(f"unknown split {name!r}; choose from {', '.join(SPLIT_NAMES)}")


def _both(vintage: str) -> dict:
    return {"train": vintage, "test": vintage}


SPLIT_NAMES = (
    "conn", "zeng", "measured", "measured-since-2016", "chain-ends", "sigma100",
    "sigma100-ame2016", "sigma100-ame2003",
)  # fmt: skip


def _read_membership(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype={"part": str})
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise NucmassError(f"cannot read split file {path}: {e}") from None
    missing = {"Z", "N", "part"} - set(frame.columns)
    if missing:
        raise NucmassError(f"split file {path} lacks the column(s) {', '.join(sorted(missing))}")
    zn = frame[["Z", "N"]].apply(pd.to_numeric, errors="coerce")
    if zn.isna().any().any() or not np.all(zn.to_numpy() % 1 == 0):
        raise NucmassError(f"split file {path}: Z and N must be integers on every row")
    parts = frame.part.fillna("").str.strip()
    if (parts == "").any():
        row = int(np.flatnonzero(parts == "")[0]) + 2
        raise NucmassError(f"split file {path}: row {row} has no part")
    return pd.DataFrame({"Z": zn.Z.astype(int), "N": zn.N.astype(int), "part": parts})


def split_from_csv(path: "str | Path") -> Split:
    """The split written in a CSV file of Z, N, part (targets: AME2020 for every part)."""
    path = Path(path)
    members = _read_membership(path)
    duplicated = members[members.duplicated(["Z", "N"])]
    if len(duplicated):
        z, n = duplicated.iloc[0][["Z", "N"]]
        raise NucmassError(f"split file {path}: (Z, N) = ({z}, {n}) appears more than once")
    unknown = members[~_keys(members).isin(_keys(load_ame("ame2020")))]
    if len(unknown):
        z, n = unknown.iloc[0][["Z", "N"]]
        raise NucmassError(
            f"split file {path}: {len(unknown)} nuclei are not in AME2020, e.g. (Z, N) = ({z}, {n})"
        )
    names = list(dict.fromkeys(members.part))
    if "train" not in names or len(names) < 2:
        raise NucmassError(
            f"split file {path} needs a 'train' part and another part; it has {', '.join(names)}"
        )
    order = ["train", *(p for p in names if p != "train")]
    members = members.sort_values(["Z", "N"], ignore_index=True)
    return Split(
        name=str(path), seed=0, membership=members, targets=dict.fromkeys(order, "ame2020")
    )


def get_split(name: str, seed: int = 0) -> Split:
    """The named split ``name`` with ``seed`` (see the module docstring), or the split in
    the CSV file ``name`` (``*.csv``: :func:`split_from_csv`; ``seed`` unused)."""
    if str(name).endswith(".csv"):
        return split_from_csv(name)
    if name not in SPLIT_NAMES:
        raise NucmassError(
            f"unknown split {name!r}; choose from {', '.join(SPLIT_NAMES)} or give a CSV file"
        )
    members, targets = _build(name, int(seed))
    members = members.sort_values(["Z", "N"], ignore_index=True)[["Z", "N", "part"]]
    return Split(name=name, seed=int(seed), membership=members, targets=targets)
