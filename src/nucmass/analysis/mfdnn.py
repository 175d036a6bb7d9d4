"""The numbers behind the MFDNN figures (paper 002, Figs. 2-5), in mass-excess units.

Every function takes a trained MFDNN :class:`~nucmass.models.ensemble.Ensemble` whose
inputs are two theory tables, the reference first (paper 002: HFB14, FRDM95), and
returns mass excesses or their differences (MeV) for :mod:`nucmass.plotting.mfdnn`.
Deviations are model - experiment. :func:`extrapolation_profile` splits held-out
deviations by the distance to the training nuclei, with what each branch does there.
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import mass_excess_mev
from nucmass.data.lowfidelity import low_fidelity_values
from nucmass.data.theory import load_theory
from nucmass.evaluation import rmsd

__all__ = [
    "DISTANCE_BINS",
    "chart_differences",
    "deviations",
    "extrapolation_profile",
    "far_from_data",
    "isotope_curves",
]

# Distance bins of extrapolation_profile (lower, upper) in (Z, N) steps: one step, two
# (diagonal or straight), more.
DISTANCE_BINS = ((0.0, 1.5), (1.5, 2.5), (2.5, np.inf))


def _mass_excess(ensemble, z, n) -> np.ndarray:
    """The ensemble-mean mass excess (MeV), shape (m,)."""
    return mass_excess_mev(z, n, ensemble.predict(z, n))


def deviations(ensemble, table: pd.DataFrame) -> dict:
    """Fig. 2: model - experiment mass excess (MeV), (m,), per theory table and the MFDNN."""
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    exp = mass_excess_mev(z, n, table.binding_energy)
    names = ensemble.config.low_fidelity
    lowfi = low_fidelity_values(z, n, names, ensemble.data_dir).values
    out = {name: lowfi[:, k] - exp for k, name in enumerate(names)}
    return {**out, "MFDNN": _mass_excess(ensemble, z, n) - exp}


def isotope_curves(ensemble, table: pd.DataFrame, z: int, margin: int = 15) -> tuple:
    """Fig. 3: mass excesses (MeV) along the chain of element ``z``.

    Returns (n_exp, m_exp, curves): the measured chain and, per theory table and the MFDNN,
    (n, mass excess) over the measured range extended by ``margin`` neutrons each side.
    """
    chain = table[table.Z == z].sort_values("N")
    n_grid = np.arange(chain.N.min() - margin, chain.N.max() + margin + 1)
    z_grid = np.full(len(n_grid), z)
    names = ensemble.config.low_fidelity
    values = low_fidelity_values(z_grid, n_grid, names, ensemble.data_dir).values
    curves = {name: (n_grid, values[:, k]) for k, name in enumerate(names)}
    curves["MFDNN"] = (n_grid, _mass_excess(ensemble, z_grid, n_grid))
    exp = mass_excess_mev(chain.Z, chain.N, chain.binding_energy)
    return chain.N.to_numpy(), np.asarray(exp), curves


def chart_differences(ensemble) -> dict:
    """Figs. 4-5 over every nucleus of the reference table both theory tables cover.

    Returns a dict of arrays (m,): ``Z``, ``N``, ``"MFDNN-<ref>"`` and ``"<other>-<ref>"``
    (mass-excess differences, MeV) and ``nonlinear`` (the NNh2 branch, member mean, MeV of
    mass excess).
    """
    reference, other = ensemble.config.low_fidelity[:2]
    grid = load_theory(reference, ensemble.data_dir)[["Z", "N", "mass_excess"]]
    lowfi = low_fidelity_values(grid.Z, grid.N, (reference, other), ensemble.data_dir)
    grid = grid[lowfi.complete]
    z, n, m_ref = grid.Z.to_numpy(), grid.N.to_numpy(), grid.mass_excess.to_numpy()
    return {
        "Z": z,
        "N": n,
        f"MFDNN-{reference}": _mass_excess(ensemble, z, n) - m_ref,
        f"{other}-{reference}": lowfi.values[lowfi.complete, 1] - m_ref,
        "nonlinear": ensemble.member_components(z, n)["nonlinear"].mean(axis=0),
    }


def far_from_data(chart: dict, table: pd.DataFrame) -> dict:
    """RMS and max |difference| (MeV) of the ``chart_differences`` over nuclei not in
    ``table`` (far from the data), keyed ``"<name> rms|max (MeV, <k> nuclei off the data)"``."""
    on_chart = pd.MultiIndex.from_arrays([chart["Z"], chart["N"]])
    far = ~on_chart.isin(pd.MultiIndex.from_frame(table[["Z", "N"]]))
    names = [k for k in chart if "-" in k]
    statistics = {"rms": lambda v: np.sqrt(np.mean(v**2)), "max": np.max}
    return {
        f"{name} {stat} (MeV, {far.sum()} nuclei off the data)": float(f(np.abs(chart[name][far])))
        for name in names
        for stat, f in statistics.items()
    }


def _distance(table: pd.DataFrame, train: pd.DataFrame) -> np.ndarray:
    """Euclidean distance in the (Z, N) plane from each nucleus of ``table`` to the nearest
    one of ``train``, shape (m,)."""
    dz = table.Z.to_numpy()[:, None] - train.Z.to_numpy()[None]
    dn = table.N.to_numpy()[:, None] - train.N.to_numpy()[None]
    return np.sqrt(dz**2 + dn**2).min(axis=1)


def extrapolation_profile(ensemble, table: pd.DataFrame, train: pd.DataFrame) -> pd.DataFrame:
    """Held-out deviations by distance from the training data (MeV of mass excess).

    Parameters
    ----------
    ensemble : Ensemble
        A trained MFDNN (two branches) on theory tables.
    table : DataFrame
        Held-out nuclei (Z, N, binding_energy in MeV), m rows.
    train : DataFrame
        The nuclei the ensemble was trained on (Z, N).

    Returns
    -------
    DataFrame
        One row per bin of ``DISTANCE_BINS`` plus ``all``: ``n``; ``MFDNN`` the RMSD of
        the ensemble mean; ``NNh1 alone`` the RMSD of the linear branch by itself;
        ``NNh2`` the RMS of the tanh branch's output; the RMSD of each theory table
        (RMSDs of mass excess and of binding energy are the same).
        Nuclei a table lacks are left out.
    """
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    parts = ensemble.components(z, n)
    exp = mass_excess_mev(z, n, table.binding_energy.to_numpy())
    names = ensemble.config.low_fidelity
    lowfi = low_fidelity_values(z, n, names, ensemble.data_dir)
    columns = {"MFDNN": parts["linear"] + parts["nonlinear"] - exp,
               "NNh1 alone": parts["linear"] - exp, "NNh2": parts["nonlinear"],
               **{name: lowfi.values[:, k] - exp for k, name in enumerate(names)}}  # fmt: skip
    keep = np.isfinite(columns["MFDNN"]) & lowfi.complete
    distance = _distance(table, train)
    bins = {f"[{lo:g}, {hi:g})": (distance >= lo) & (distance < hi) for lo, hi in DISTANCE_BINS}
    rows = [
        {"distance": label, "n": int((mask & keep).sum()),
         **{k: rmsd(v[mask & keep]) for k, v in columns.items()}}
        for label, mask in {**bins, "all": np.ones(len(z), bool)}.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)
