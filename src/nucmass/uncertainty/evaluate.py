"""Coverage of a calibrated model's uncertainties on the held-out parts of a split.

For every held-out part (every part but ``train``), every quantity (the binding energy
and the observables, each observable's experimental value from the split's own measured
masses) and subset (all, light A < 16, and bands of extrapolation steps), the scores of
:func:`nucmass.uncertainty.scores.interval_scores`: 1- and 2-sigma coverage, coverage and
mean width of the 68 % and 95 % intervals, Gaussian NLL and CRPS. Only measured nuclei
(no AME ``#``) are scored: estimated masses are extrapolations themselves.
"""

import numpy as np
import pandas as pd

from nucmass.errors import NucmassError
from nucmass.evaluation import LIGHT_A
from nucmass.masstable.build import mass_table
from nucmass.observables import QUANTITIES, compute_observables
from nucmass.uncertainty.apply import model_calibration
from nucmass.uncertainty.scores import interval_scores

__all__ = ["STEP_BANDS", "coverage_table", "scored_predictions"]

STEP_BANDS = (0, 1, 2, 4, 8)  # bands of extrapolation steps: 0, 1, 2-3, 4-7, 8+


def scored_predictions(model, table: pd.DataFrame, part: str) -> pd.DataFrame:
    """Long table of one part: quantity, Z, N, A, steps, residual (MeV), sigma and the
    interval offsets lo68, hi68, lo95, hi95 (from the prediction, MeV)."""
    measured = table[~table.is_estimated] if "is_estimated" in table else table
    rows = measured[measured.part == part]
    z, n = rows.Z.to_numpy(), rows.N.to_numpy()
    predicted = mass_table(model, z, n)
    experiment = compute_observables(measured[["Z", "N", "binding_energy"]], z, n)
    experiment["binding_energy"] = rows.binding_energy.to_numpy()
    steps = model_calibration(model).steps(z, n)
    frames = []
    for name in QUANTITIES:
        value = predicted[name].to_numpy()
        frame = pd.DataFrame({"quantity": name, "Z": z, "N": n, "A": z + n, "steps": steps})
        frame["residual"] = value - experiment[name].to_numpy()
        frame["sigma"] = predicted[f"{name}_sigma"].to_numpy()
        for bound in ("lo68", "hi68", "lo95", "hi95"):
            frame[bound] = predicted[f"{name}_{bound}"].to_numpy() - value
        frames.append(frame.dropna())
    return pd.concat(frames, ignore_index=True)


def _scores(frame: pd.DataFrame) -> dict:
    bounds = {k: frame[k].to_numpy() for k in ("lo68", "hi68", "lo95", "hi95")}
    return interval_scores(frame.residual.to_numpy(), frame.sigma.to_numpy(), **bounds)


def _subsets(frame: pd.DataFrame):
    yield "all", frame
    yield "light", frame[frame.A < LIGHT_A]
    for low, high in zip(STEP_BANDS, (*STEP_BANDS[1:], np.inf), strict=True):
        top = "" if np.isinf(high) else f"-{int(high) - 1}"
        label = f"steps {low}" if high == low + 1 else f"steps {low}{top or '+'}"
        yield label, frame[(frame.steps >= low) & (frame.steps < high)]


def coverage_table(model, table: pd.DataFrame) -> pd.DataFrame:
    """The scores of every held-out part, quantity and subset (module docstring).

    ``table`` is a split table (Z, N, part, binding_energy, is_estimated); ``model`` must
    be calibrated. Empty subsets are left out.
    """
    if model_calibration(model) is None:
        raise NucmassError("the model has no calibrated uncertainty (see nucmass calibrate)")
    records = []
    for part in [p for p in dict.fromkeys(table.part) if p != "train"]:
        frame = scored_predictions(model, table, part)
        for quantity, group in frame.groupby("quantity", sort=False):
            for subset, rows in _subsets(group):
                if len(rows):
                    records.append({"part": part, "quantity": quantity, "subset": subset,
                                    **_scores(rows)})  # fmt: skip
    return pd.DataFrame(records)
