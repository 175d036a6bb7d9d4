"""Mass tables of a model: masses, ensemble spread, observables, distance to measured nuclei.

``predict_table`` gives the masses alone; ``mass_table`` adds the observables (from the
model's own masses, so the partner nuclei are predicted too), ``is_measured`` (in AME2020
and not an estimate) and ``distance_to_measured`` (steps |dZ| + |dN| on the chart to the
nearest measured nucleus); with ``merged=True`` measured AME2020 masses replace the
model's (:mod:`nucmass.masstable.merge`).
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import load_ame, mass_excess_mev
from nucmass.data.nuclide import MAX_N, MAX_Z, format_nuclide, nuclei_arrays
from nucmass.errors import NucmassError
from nucmass.masstable.merge import MODEL_SOURCE, mark_boundary, merge_measured
from nucmass.observables import OBSERVABLES, compute_observables, partner_nuclei
from nucmass.uncertainty import distance_to_measured
from nucmass.uncertainty.apply import uncertainty_columns

__all__ = ["mass_table", "measured_ame", "model_limits", "predict_table"]


def model_limits(model) -> tuple[int, int]:
    """Largest (Z, N) ``model`` accepts: its ``config.z_max``/``n_max`` if it has them."""
    config = getattr(model, "config", None)
    return (
        min(int(getattr(config, "z_max", MAX_Z)), MAX_Z),
        min(int(getattr(config, "n_max", MAX_N)), MAX_N),
    )


def measured_ame(vintage: str = "ame2020") -> pd.DataFrame:
    """The measured (not estimated) nuclei of an AME table."""
    table = load_ame(vintage)
    return table[~table.is_estimated].reset_index(drop=True)


def predict_table(model, z, n=None) -> pd.DataFrame:
    """Predictions of ``model`` for nuclei (z, n), shape (m,), as a table.

    ``z`` may be nuclide names with ``n`` omitted (``predict_table(model, ["208Pb"])``).
    Columns: Z, N, A, nuclide, binding_energy (MeV, the ensemble mean), binding_energy_std
    (MeV, sample standard deviation of the members, ddof = 1; 0 for one member) and
    mass_excess (MeV).
    """
    z, n = nuclei_arrays(z, n)
    members = np.asarray(model.predict_members(z, n), dtype=float)
    frame = pd.DataFrame({"Z": z, "N": n, "A": z + n})
    frame["nuclide"] = [format_nuclide(a, b) for a, b in zip(z, n, strict=True)]
    frame["binding_energy"] = members.mean(axis=0)
    frame["binding_energy_std"] = members.std(axis=0, ddof=1) if len(members) > 1 else 0.0
    frame["mass_excess"] = mass_excess_mev(z, n, frame.binding_energy)
    return frame


def _within(model, z, n) -> np.ndarray:
    z_max, n_max = model_limits(model)
    return (z <= z_max) & (n <= n_max)


def mass_table(model, z, n=None, merged: bool = False) -> pd.DataFrame:
    """The full mass table of ``model`` for nuclei (z, n), shape (m,), in that order
    (``z`` may be nuclide names with ``n`` omitted).

    Columns: those of :func:`predict_table`, then S_n, S_2n, S_p, S_2p, Q_alpha, Q_beta-
    (MeV, NaN where a partner is outside the model's range), is_measured,
    distance_to_measured, and the uncertainty columns of
    :func:`nucmass.uncertainty.apply.uncertainty_columns` (``S_n_std``, ... and, for a
    calibrated model, ``binding_energy_sigma``, ``binding_energy_lo68`` ... for every
    quantity); ``merged=True`` instead adds source, model_binding_energy,
    binding_energy_unc (AME's for measured rows; the calibrated sigma, else the member
    spread, for model rows) and boundary_jump (:mod:`nucmass.masstable.merge`; the jumps
    are those within the returned table).
    """
    z, n = nuclei_arrays(z, n)
    outside = ~_within(model, z, n)
    if outside.any():
        z_max, n_max = model_limits(model)
        raise NucmassError(
            f"(Z, N) = ({z[outside][0]}, {n[outside][0]}) is beyond this model's range "
            f"(Z <= {z_max}, N <= {n_max})"
        )
    pz, pn = partner_nuclei(z, n)
    keep = _within(model, pz, pn)
    masses = predict_table(model, pz[keep], pn[keep])
    if merged:
        masses = merge_measured(masses, measured_ame())
    wanted = pd.DataFrame({"Z": z, "N": n})
    table = wanted.merge(masses, on=["Z", "N"], how="left", validate="1:1")
    observables = compute_observables(masses, z, n)
    table[list(OBSERVABLES)] = observables[list(OBSERVABLES)].to_numpy()
    measured = measured_ame()
    keys = pd.MultiIndex.from_frame(measured[["Z", "N"]])
    table["is_measured"] = pd.MultiIndex.from_arrays([z, n]).isin(keys)
    table["distance_to_measured"] = distance_to_measured(z, n, measured.Z, measured.N)
    extra = uncertainty_columns(model, z, n, model_limits(model))
    if merged:  # model rows: the calibrated sigma as their uncertainty, when there is one
        if "binding_energy_sigma" in extra:
            model_rows = (table.source == MODEL_SOURCE).to_numpy()
            sigma = extra.binding_energy_sigma.to_numpy()
            table["binding_energy_unc"] = np.where(model_rows, sigma, table.binding_energy_unc)
        return mark_boundary(table)
    extra = extra.drop(columns=[c for c in extra if c in table])
    return pd.concat([table, extra], axis=1)
