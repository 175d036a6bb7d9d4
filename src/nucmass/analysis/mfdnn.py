"""The numbers behind the MFDNN figures (paper 002, Figs. 2-5), in mass-excess units.

Every function takes a trained MFDNN :class:`~nucmass.models.ensemble.Ensemble` whose
inputs are two theory tables, the reference first (paper 002: HFB14, FRDM95), and
returns mass excesses or their differences (MeV) for :mod:`nucmass.plotting.mfdnn`.
Deviations are model - experiment.
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import mass_excess_mev
from nucmass.data.lowfidelity import low_fidelity_values
from nucmass.data.theory import load_theory

__all__ = ["chart_differences", "deviations", "far_from_data", "isotope_curves"]


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
