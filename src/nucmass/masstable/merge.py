"""Merged tables: measured AME masses where they exist, model masses elsewhere.

Merging two tables makes the mass surface jump where one source meets the other: a
separation energy across the boundary mixes an experimental and a model mass, so it is off
by the model's error at the last measured nucleus. That error,
``boundary_jump = B_AME - B_model`` (MeV), is recorded by :func:`mark_boundary` at every
measured nucleus that has a model-valued neighbour (Z +- 1 or N +- 1) in the table, and
summarised by :func:`boundary_summary`.
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import mass_excess_mev
from nucmass.errors import NucmassError
from nucmass.evaluation import rmsd

__all__ = [
    "MEASURED_SOURCE",
    "MODEL_SOURCE",
    "boundary_summary",
    "mark_boundary",
    "merge_measured",
]

MEASURED_SOURCE = "AME2020"
MODEL_SOURCE = "model"
_NEIGHBOURS = ((1, 0), (-1, 0), (0, 1), (0, -1))


def _model_neighbour(z, n, source: pd.Series) -> np.ndarray:
    """Whether each (z, n) has a chart neighbour whose source is the model; shape (m,)."""
    found = np.zeros(len(z), dtype=bool)
    for dz, dn in _NEIGHBOURS:
        shifted = source.reindex(pd.MultiIndex.from_arrays([z + dz, n + dn])).to_numpy()
        found |= shifted == MODEL_SOURCE
    return found


def merge_measured(masses: pd.DataFrame, measured: pd.DataFrame) -> pd.DataFrame:
    """Replace the model's masses by measured ones where ``measured`` has the nucleus.

    Parameters
    ----------
    masses : pandas.DataFrame
        A :func:`~nucmass.masstable.build.predict_table` table (Z, N, binding_energy, ...).
    measured : pandas.DataFrame
        Measured AME nuclei: Z, N, binding_energy (MeV), mass_excess_unc (keV).

    Returns
    -------
    pandas.DataFrame
        ``masses`` with binding_energy and mass_excess from AME where measured, plus
        ``source`` ("AME2020" or "model"), ``model_binding_energy``, ``binding_energy_unc``
        (AME uncertainty, or the ensemble spread for model rows, NaN without one).
    """
    reference = measured[["Z", "N", "binding_energy", "mass_excess_unc"]].rename(
        columns={"binding_energy": "b_exp"}
    )
    table = masses.merge(reference, on=["Z", "N"], how="left", validate="1:1")
    is_exp = table.b_exp.notna().to_numpy()
    table["model_binding_energy"] = table.binding_energy
    table["binding_energy"] = np.where(is_exp, table.b_exp, table.binding_energy)
    table["mass_excess"] = mass_excess_mev(table.Z, table.N, table.binding_energy)
    table["source"] = np.where(is_exp, MEASURED_SOURCE, MODEL_SOURCE)
    spread = table.get("binding_energy_std", pd.Series(np.nan, index=table.index))
    table["binding_energy_unc"] = np.where(is_exp, table.mass_excess_unc / 1e3, spread)
    return table.drop(columns=["b_exp", "mass_excess_unc"])


def mark_boundary(merged: pd.DataFrame) -> pd.DataFrame:
    """``merged`` with ``boundary_jump`` = B_AME - B_model (MeV) at its measured nuclei that
    border a model-valued nucleus of the same table, NaN elsewhere."""
    z, n = merged.Z.to_numpy(), merged.N.to_numpy()
    source = pd.Series(merged.source.to_numpy(), index=pd.MultiIndex.from_arrays([z, n]))
    border = (merged.source == MEASURED_SOURCE).to_numpy() & _model_neighbour(z, n, source)
    jump = merged.binding_energy - merged.model_binding_energy
    return merged.assign(boundary_jump=np.where(border, jump, np.nan))


def boundary_summary(merged: pd.DataFrame) -> dict:
    """Size of the jumps where measured and model masses meet (MeV).

    Returns ``n_boundary`` (measured nuclei bordering model ones), ``n_measured``,
    ``n_model``, ``rms_jump``, ``mean_jump``, ``max_abs_jump`` and ``worst`` (its nuclide).
    """
    if "boundary_jump" not in merged:
        raise NucmassError("not a merged table (no boundary_jump column)")
    jumps = merged.dropna(subset=["boundary_jump"])
    values = jumps.boundary_jump.to_numpy()
    worst = jumps.nuclide.iloc[int(np.argmax(np.abs(values)))] if values.size else None
    return {
        "n_boundary": int(values.size),
        "n_measured": int((merged.source == MEASURED_SOURCE).sum()),
        "n_model": int((merged.source == MODEL_SOURCE).sum()),
        "rms_jump": rmsd(values),
        "mean_jump": float(np.mean(values)) if values.size else float("nan"),
        "max_abs_jump": float(np.max(np.abs(values))) if values.size else float("nan"),
        "worst": worst,
    }
