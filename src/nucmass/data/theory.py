"""Theoretical mass tables: the vendored ``Z N M`` files and RIPL-format ``mass-*.dat`` files.

Vendored tables (from the ``masstable`` package, see ``tables/README.md``): FRDM95, HFB14,
HFB26, DUZU, KTUY05, WS32011 (alias WS3). RIPL-4 tables (FRDM2012, WS4, HFB27, D1M, BSkG3)
are never shipped: they are read from a directory the user names, either as an argument
or through the ``NUCMASS_DATA_DIR`` environment variable.

Every loader returns a DataFrame sorted by (Z, N) with the columns Z, N, A (int),
``mass_excess`` (MeV, atomic) and ``binding_energy`` (MeV, AME atomic convention); RIPL
tables keep their model-specific columns (e.g. ``Emic`` of FRDM2012, ``Esh`` of WS4).
A file that is not text, a malformed or non-finite value, a nucleon number out of range,
a duplicate nucleus or a table without rows is refused with ``NucmassError`` naming the
file and line.
"""

import functools
import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.ame import MAX_NUCLEONS, binding_energy_mev
from nucmass.data.text import read_lines
from nucmass.errors import NucmassError

__all__ = [
    "RIPL_FILES",
    "VENDORED_FILES",
    "available_theories",
    "load_theory",
    "read_ripl",
    "read_zn_table",
    "repair_n_labels",
    "ripl_directory",
    "theory_binding_energy",
    "theory_names",
]

VENDORED_FILES = {
    "FRDM95": "FRDM95.txt",
    "HFB14": "HFB14.txt",
    "HFB26": "HFB26.txt",
    "DUZU": "DUZU.txt",
    "KTUY05": "KTUY05.txt",
    "WS32011": "WS32011.txt",
}
# Tables whose N label is corrupted for Z >= 101 (data README); only these are repaired.
N_LABEL_DEFECT = frozenset({"HFB14", "KTUY05"})
RIPL_FILES = {
    "FRDM2012": "mass-frdm12.dat",
    "WS4": "mass-ws4.dat",
    "HFB27": "mass-hfb27.dat",
    "D1M": "mass-d1m.dat",
    "BSKG3": "mass-bskg3.dat",
}
ALIASES = {"WS3": "WS32011", "FRDM": "FRDM95", "FRDM12": "FRDM2012", "HFB-14": "HFB14"}
# Fixed-width leading fields of a RIPL mass record, Fortran (2i4,1x,a2,1x,i1,3f10.3,...).
_RIPL_FIELDS = {"Z": (0, 4), "A": (4, 8), "symbol": (9, 11), "flag": (12, 13),
                "Mexp": (13, 23), "Err": (23, 33), "Mth": (33, 43)}  # fmt: skip
_RIPL_EXTRA_START = 43


def repair_n_labels(z, n_label) -> np.ndarray:
    """Undo the N-label defect of HFB14/KTUY05 (data README).

    For Z >= 101 the stored label is L = 10 (N // 10) + (N + Z) % 10; the true neutron
    number is N = 10 (L // 10) + (L % 10 - Z % 10) % 10. Rows with Z < 101 are unchanged.
    """
    z, label = np.asarray(z, dtype=np.int64), np.asarray(n_label, dtype=np.int64)
    repaired = 10 * (label // 10) + (label % 10 - z % 10) % 10
    return np.where(z >= 101, repaired, label)


def _nucleons(text: str, where: str) -> int:
    """A nucleon number field (``8`` or ``8.0``) in [0, MAX_NUCLEONS]."""
    value = float(text)
    if not value.is_integer() or not 0 <= value <= MAX_NUCLEONS:
        raise NucmassError(f"{where}: {text!r} is not a nucleon number 0..{MAX_NUCLEONS}")
    return int(value)


def _finite(text: str, where: str) -> float:
    value = float(text)
    if not np.isfinite(value):
        raise NucmassError(f"{where}: non-finite value {text!r}")
    return value


def _finish(z, n, mass_excess_mev, extra: "pd.DataFrame | None" = None) -> pd.DataFrame:
    frame = pd.DataFrame({"Z": np.asarray(z, dtype=np.int64), "N": np.asarray(n, dtype=np.int64)})
    frame["A"] = frame.Z + frame.N
    frame["mass_excess"] = np.asarray(mass_excess_mev, dtype=float)
    frame["binding_energy"] = binding_energy_mev(frame.Z, frame.N, 1e3 * frame.mass_excess)
    if extra is not None:
        frame = pd.concat([frame, extra.reset_index(drop=True)], axis=1)
    frame = frame.dropna(subset=["mass_excess"]).sort_values(["Z", "N"], ignore_index=True)
    duplicated = frame[frame.duplicated(["Z", "N"])]
    if len(duplicated):
        row = duplicated.iloc[0]
        raise NucmassError(f"nucleus Z={int(row.Z)}, N={int(row.N)} appears twice")
    if frame.empty:
        raise NucmassError("no nucleus with a mass")
    return frame


def _zn_row(line: str, where: str) -> tuple[int, int, float]:
    fields = line.split()[:3]
    if len(fields) != 3:
        raise NucmassError(f"{where}: expected three columns Z N M")
    try:
        return _nucleons(fields[0], where), _nucleons(fields[1], where), _finite(fields[2], where)
    except NucmassError:
        raise
    except ValueError:
        raise NucmassError(f"{where}: malformed row {line.strip()[:60]!r}") from None


def _zn_values(path, numbered: list[tuple[int, str]]) -> np.ndarray:
    """The (m, 3) values of the numbered data lines; the first bad line raises."""
    try:
        values = np.array([line.split()[:3] for _, line in numbered], dtype=float)
        values = values.reshape(len(numbered), 3)
    except ValueError:  # ragged or not numbers: find the line the slow way
        return np.array([_zn_row(line, f"{path}, line {k}") for k, line in numbered])
    nucleons = values[:, :2]
    good = np.isfinite(values[:, 2]) & (nucleons == np.round(nucleons)).all(axis=1)
    good &= ((nucleons >= 0) & (nucleons <= MAX_NUCLEONS)).all(axis=1)
    for k, line in (numbered[i] for i in np.flatnonzero(~good)[:1]):
        _zn_row(line, f"{path}, line {k}")  # raises, naming the problem
    return values


def read_zn_table(path: "str | Path", repair: bool = False) -> pd.DataFrame:
    """Read a whitespace ``Z N M`` table (M: atomic mass excess, MeV; CR or LF lines).

    The first line is a header. ``repair`` applies :func:`repair_n_labels` (only for
    HFB14 and KTUY05).
    """
    lines = read_lines(path)
    values = _zn_values(path, [(k, line) for k, line in enumerate(lines[1:], 2) if line.strip()])
    z, n = values[:, 0].astype(np.int64), values[:, 1].astype(np.int64)
    try:
        return _finish(z, repair_n_labels(z, n) if repair else n, values[:, 2])
    except NucmassError as error:
        raise NucmassError(f"{path}: {error}") from None


def _ripl_extra_names(lines: list[str], path) -> list[str]:
    header = next((line for line in lines if line.startswith("#") and " Mexp" in line), None)
    if header is None:
        raise NucmassError(f"{path}: no '#  Z   A s fl  Mexp ...' header line; not a RIPL table")
    names = header.lstrip("#").split()
    return names[names.index("Mth") + 1 :] if "Mth" in names else []


def _ripl_number(text: str, where: str) -> float:
    """A numeric field: blank -> NaN (absent), else a finite number."""
    text = text.strip()
    return _finite(text, where) if text else np.nan


def _ripl_record(line: str, n_extra: int, where: str) -> list:
    """[Z, N, flag, Mexp, Err, Mth, extra...] of one RIPL record line."""
    try:
        z, a = _nucleons(line[0:4], where), _nucleons(line[4:8], where)
        fields = [_ripl_number(line[s:e], where) for s, e in list(_RIPL_FIELDS.values())[3:]]
        extra = [_finite(v, where) for v in line[_RIPL_EXTRA_START:].split()]
    except NucmassError:
        raise
    except ValueError:
        raise NucmassError(f"{where}: malformed RIPL record {line.strip()[:60]!r}") from None
    if a < z:
        raise NucmassError(f"{where}: A = {a} is smaller than Z = {z}")
    extra += [np.nan] * (n_extra - len(extra))
    return [z, a - z, *fields, *extra[:n_extra]]


def read_ripl(path: "str | Path") -> pd.DataFrame:
    """Read a RIPL-format mass table (``mass-*.dat``), splitting fields by position.

    Returns the common columns (``mass_excess`` = Mth, MeV) plus ``flag``, ``Mexp``, ``Err``
    and the model-specific columns named in the file's header. Rows without Mth are dropped.
    """
    lines = read_lines(path)
    extra_names = _ripl_extra_names(lines, path)
    records = [
        _ripl_record(line, len(extra_names), f"{path}, line {k}")
        for k, line in enumerate(lines, 1)
        if line.strip() and not line.startswith("#")
    ]
    columns = ["Z", "N", "flag", "Mexp", "Err", "Mth", *extra_names]
    table = pd.DataFrame(records, columns=columns)
    try:
        return _finish(table.Z, table.N, table.Mth, table.drop(columns=["Z", "N", "Mth"]))
    except NucmassError as error:
        raise NucmassError(f"{path}: {error}") from None


def ripl_directory(data_dir: "str | Path | None" = None) -> "Path | None":
    """The RIPL-4 directory: ``data_dir`` if given, else ``$NUCMASS_DATA_DIR``, else None."""
    chosen = data_dir or os.environ.get("NUCMASS_DATA_DIR")
    if not chosen:
        return None
    path = Path(chosen)
    if not path.is_dir():
        raise NucmassError(f"RIPL data directory {path} does not exist")
    return path


def _canonical(name: str) -> str:
    key = name.strip().upper()
    return ALIASES.get(key, key)


def available_theories(data_dir: "str | Path | None" = None) -> list[str]:
    """Names of the theory tables that can be loaded (vendored + RIPL files present)."""
    names = list(VENDORED_FILES)
    directory = ripl_directory(data_dir)
    if directory is not None:
        names += [name for name, file in RIPL_FILES.items() if (directory / file).is_file()]
    return names


@functools.cache
def _load_vendored(name: str) -> pd.DataFrame:
    files = resources.files("nucmass.data") / "tables" / "theory"
    with resources.as_file(files / VENDORED_FILES[name]) as path:
        return read_zn_table(path, repair=name in N_LABEL_DEFECT)


@functools.cache
def _load_ripl(path: Path) -> pd.DataFrame:
    return read_ripl(path)


def load_theory(name: str, data_dir: "str | Path | None" = None) -> pd.DataFrame:
    """Load theory table ``name`` (case-insensitive; aliases WS3, FRDM, FRDM12).

    Vendored tables need nothing; RIPL-4 tables need ``data_dir`` or ``NUCMASS_DATA_DIR``.
    Cached; a copy is returned.
    """
    key = _canonical(name)
    if key in VENDORED_FILES:
        return _load_vendored(key).copy()
    if key not in RIPL_FILES:
        known = ", ".join([*VENDORED_FILES, *RIPL_FILES])
        raise NucmassError(f"unknown theory table {name!r}; known: {known}")
    directory = ripl_directory(data_dir)
    if directory is None:
        raise NucmassError(
            f"{key} is a RIPL-4 table: give its directory (--data-dir or NUCMASS_DATA_DIR)"
        )
    path = directory / RIPL_FILES[key]
    if not path.is_file():
        raise NucmassError(f"{key}: file {path} not found")
    return _load_ripl(path).copy()


def theory_binding_energy(z, n, name: str, data_dir: "str | Path | None" = None) -> np.ndarray:
    """B (MeV), shape (m,), of theory table ``name`` for nuclei (z, n); NaN where absent."""
    table = load_theory(name, data_dir).set_index(["Z", "N"]).binding_energy
    keys = pd.MultiIndex.from_arrays(
        [np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)], names=["Z", "N"]
    )
    return table.reindex(keys).to_numpy(dtype=float)


def theory_names(text: "str | None", data_dir: "str | Path | None" = None) -> list[str]:
    """Theory table names from ``"FRDM95,HFB14"`` or ``"all"`` (every available one)."""
    if not text:
        return []
    if text.strip().lower() == "all":
        return available_theories(data_dir)
    return [name.strip() for name in text.split(",") if name.strip()]
