"""The numbers behind the CoNN figures (paper 001, Figs. 3-5), plus staggering and S_2n.

Every function takes a trained CoNN :class:`~nucmass.models.ensemble.Ensemble` and returns
arrays (MeV) for :mod:`nucmass.plotting.conn` with the scores shown in the figures.
Fig. 3 uses the AME2016-overlap set (AME2020 values of the 3436 AME2016 nuclei); its
macroscopic reference is FRDM2012's Mth - Emic when the RIPL-4 directory holds
mass-frdm12.dat, otherwise a liquid drop fitted to the same set, labelled as such.
:func:`light_misses` tabulates the held-out light nuclei; :func:`inner_split` and
:func:`train_variant` are the inner-split design search of the ``conn_tuning`` and
``conn_light`` experiments.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.analysis.recipes import configure
from nucmass.data.ame import load_ame
from nucmass.data.splits import get_split
from nucmass.data.theory import load_theory
from nucmass.evaluation import evaluate, rmsd
from nucmass.models.ldm import LDMConfig
from nucmass.observables import compute_observables
from nucmass.pipeline import with_overrides
from nucmass.train.fit import fit

__all__ = [
    "DOUBLY_MAGIC",
    "S2N_CHAINS",
    "STAGGERING_CHAINS",
    "embeddings",
    "inner_split",
    "light_misses",
    "local_maxima",
    "residual_panels",
    "s2n_chains",
    "staggering",
    "three_point_gap",
    "train_variant",
    "values_at",
]

STAGGERING_CHAINS = {"Sn (Z = 50)": 50, "Pb (Z = 82)": 82}
S2N_CHAINS = {"Ca": 20, "Ni": 28, "Zr": 40, "Sn": 50, "Sm": 62, "Pb": 82}
DOUBLY_MAGIC = {
    "16O": (8, 8), "40Ca": (20, 20), "48Ca": (20, 28), "56Ni": (28, 28), "100Sn": (50, 50),
    "132Sn": (50, 82), "208Pb": (82, 126),
}  # fmt: skip


def _macroscopic(overlap: pd.DataFrame, ripl_dir) -> tuple[str, np.ndarray]:
    """Fig. 3(a) reference: (label, B (MeV) of FRDM2012 Mth - Emic or a fitted liquid drop)."""
    if ripl_dir is not None and (Path(ripl_dir) / "mass-frdm12.dat").is_file():
        frdm = load_theory("FRDM2012", ripl_dir)
        # B = Z Delta_H + N Delta_n - M: removing Emic from M adds it to B
        frdm = frdm.assign(binding_energy=frdm.binding_energy + frdm.Emic)
        joined = overlap[["Z", "N"]].merge(frdm, on=["Z", "N"], how="left")
        return "FRDM2012 macroscopic (Mth - Emic)", joined.binding_energy.to_numpy()
    ldm = fit(LDMConfig(), overlap[["Z", "N", "binding_energy"]], progress=False)
    return "liquid drop fitted to this set", ldm.predict(overlap.Z, overlap.N)


def residual_panels(ensemble, ripl_dir=None) -> tuple[np.ndarray, np.ndarray, dict, dict]:
    """Fig. 3: residuals B_model - B_exp (MeV) on the AME2016-overlap set.

    Returns (z, n, panels, scores): ``panels`` maps a panel title to residuals (m,) (NaN
    where the reference lacks a nucleus); ``scores`` holds per panel ``n``, ``rmsd`` and,
    over Z, N >= 8, ``rmsd_zn8`` (and ``n_zn8``).
    """
    overlap = load_ame("ame2016")[["Z", "N"]].merge(load_ame("ame2020"), on=["Z", "N"])
    z, n, b = overlap.Z.to_numpy(), overlap.N.to_numpy(), overlap.binding_energy.to_numpy()
    parts = ensemble.components(z, n)
    full = sum(parts.values())
    label, macro = _macroscopic(overlap, ripl_dir)
    panels = {
        f"(a) {label}": macro - b,
        "(b) CoNN macroscopic (bulk) branch only": parts["bulk"] - b,
        "(c) CoNN full": full - b,
        "(d) CoNN without the pairing term": full - parts.get("pairing", 0.0) - b,
    }
    zn8 = (z >= 8) & (n >= 8)
    scores = {
        "n": {t: int(np.isfinite(r).sum()) for t, r in panels.items()},
        "rmsd": {t: rmsd(r[np.isfinite(r)]) for t, r in panels.items()},
        "rmsd_zn8": {t: rmsd(r[zn8 & np.isfinite(r)]) for t, r in panels.items()},
        "n_zn8": int(zn8.sum()),
    }
    return z, n, panels, scores


def three_point_gap(b: pd.Series) -> pd.Series:
    """Delta_3(N) = (-1)^(N+1) / 2 [B(N+1) - 2 B(N) + B(N-1)] (MeV) along a chain indexed by N."""
    n = b.index.to_numpy()
    return (-1.0) ** (n + 1) / 2 * (b.shift(-1) - 2 * b + b.shift(1))


def staggering(ensemble, table: pd.DataFrame) -> tuple[dict, dict]:
    """Three-point gaps along ``STAGGERING_CHAINS``: experiment, full CoNN, pairing alone.

    Returns (chains, rmsd): per chain label a dict of arrays over N (``N``, ``gap_exp``,
    ``gap_model``, ``pairing``; MeV, NaN where undefined) and the RMSD of the model's gaps.
    """
    chains, scores = {}, {}
    for label, z in STAGGERING_CHAINS.items():
        chain = table[table.Z == z].set_index("N").sort_index()
        n = chain.index.to_numpy()
        parts = ensemble.components(np.full(n.size, z), n)
        series = {
            "gap_exp": chain.binding_energy,
            "gap_model": pd.Series(sum(parts.values()), index=n),
            "pairing": pd.Series(parts.get("pairing", np.zeros(n.size)), index=n),
        }
        every_n = range(n.min(), n.max() + 1)
        gaps = {k: three_point_gap(s).reindex(every_n).to_numpy() for k, s in series.items()}
        chains[label] = {"N": np.arange(n.min(), n.max() + 1), **gaps}
        ok = np.isfinite(gaps["gap_exp"]) & np.isfinite(gaps["gap_model"])
        scores[label] = rmsd(gaps["gap_model"][ok] - gaps["gap_exp"][ok])
    return chains, scores


def s2n_chains(ensemble, table: pd.DataFrame) -> tuple[dict, dict]:
    """S_2n (MeV) along ``S2N_CHAINS``, experiment and model, and the RMSD over every S_2n.

    Returns (chains, scores): per chain label arrays ``N``, ``exp``, ``model``; scores
    ``s2n_rmsd_all`` (MeV) and ``s2n_n`` over every S_2n of ``table``.
    """
    predicted = table[["Z", "N"]].assign(binding_energy=ensemble.predict(table.Z, table.N))
    exp, mod = compute_observables(table), compute_observables(predicted)
    chains = {}
    for label, z in S2N_CHAINS.items():
        rows = (exp.Z == z).to_numpy()
        chains[f"{label} (Z={z})"] = {
            "N": exp.N[rows].to_numpy(),
            "exp": exp.S_2n[rows].to_numpy(),
            "model": mod.S_2n[rows].to_numpy(),
        }
    ok = np.isfinite(exp.S_2n.to_numpy())
    residual = (mod.S_2n - exp.S_2n).to_numpy()[ok]
    return chains, {"s2n_rmsd_all": rmsd(residual), "s2n_n": int(ok.sum())}


def embeddings(ensemble) -> tuple[np.ndarray, np.ndarray]:
    """The shell embeddings e_Z (K, z_max + 1) and e_N (K, n_max + 1) (MeV) of good members."""
    shell = ensemble.members.shell
    return np.asarray(shell.e_z)[ensemble.ok], np.asarray(shell.e_n)[ensemble.ok]


def local_maxima(values: np.ndarray, count: int = 8) -> list[int]:
    """Indices of the ``count`` largest local maxima of ``values`` (m,), sorted by index."""
    inner = np.flatnonzero((values[1:-1] > values[:-2]) & (values[1:-1] >= values[2:])) + 1
    return sorted(int(i) for i in inner[np.argsort(values[inner])[::-1][:count]])


def values_at(ensemble, term: str, nuclei: dict) -> dict:
    """The member-mean value (MeV, 3 decimals) of component ``term`` at named (Z, N)."""
    z, n = np.array(list(nuclei.values())).T
    values = ensemble.components(z, n)[term]
    return {name: round(float(v), 3) for name, v in zip(nuclei, values, strict=True)}


def light_misses(ensemble, table: pd.DataFrame, parts=("validation", "extrapolation")):
    """The held-out light nuclei (A < 16, ``parts`` of ``table``) and how the model misses.

    Parameters
    ----------
    ensemble : a trained CoNN ensemble.
    table : ``Split.table()`` of the split it was trained on (Z, N, A, part, nuclide,
        is_estimated, binding_energy in MeV), length m.

    Returns
    -------
    pandas.DataFrame, one row per held-out light nucleus, worst first: ``residual``
    (ensemble mean - AME, MeV), ``member_low`` / ``member_high`` (smallest and largest
    member residual), each component (member mean, MeV) and ``neighbours`` (RMS residual of
    the training nuclei with |dZ|, |dN| <= 1, MeV; NaN if none).
    """
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    members = ensemble.predict_members(z, n) - table.binding_energy.to_numpy()
    frame = table[["nuclide", "Z", "N", "A", "part", "is_estimated", "binding_energy"]].assign(
        residual=members.mean(0), member_low=members.min(0), member_high=members.max(0),
        **ensemble.components(z, n),
    )  # fmt: skip
    train = frame[frame.part == "train"]
    rows = frame[(frame.A < 16) & frame.part.isin(parts)].copy()
    rows["neighbours"] = [
        rmsd(train.residual[(abs(train.Z - a) <= 1) & (abs(train.N - b) <= 1)])
        for a, b in zip(rows.Z, rows.N, strict=True)
    ]
    return rows.sort_values("residual", key=abs, ascending=False).reset_index(drop=True)


def inner_split(seed: int = 1234) -> pd.DataFrame:
    """The conn split (seed 0) with its train part re-split into train / validation."""
    table = get_split("conn", 0).table()
    train = table[table.part == "train"].reset_index(drop=True)
    chosen = np.random.default_rng(seed).permutation(len(train))[: round(0.8 * len(train))]
    part = np.where(np.isin(np.arange(len(train)), chosen), "train", "validation")
    return pd.concat([train.assign(part=part), table[table.part == "extrapolation"]])


def train_variant(name: str, overrides: dict, settings: dict, table: pd.DataFrame):
    """Train variant ``name`` (``overrides`` of ``settings``; seed 0) on the inner-train
    part of ``table``; return (scores, residuals) as data frames.

    ``loss`` is the training loss (MeV^2, penalties included) before the last step,
    ``seconds`` the wall time of the training.
    """
    model, training = with_overrides(*configure("conn", settings), overrides)
    ensemble = fit(model, table, training, seeds=[0], progress=False)
    predicted = ensemble.predict(table.Z, table.N)
    scores = evaluate(table, predicted).assign(
        variant=name, loss=ensemble.info["final_loss"][0], seconds=ensemble.info["seconds"]
    )
    residuals = table[["Z", "N", "part"]].assign(
        variant=name, residual=predicted - table.binding_energy
    )
    return scores, residuals
