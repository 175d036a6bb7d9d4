"""Uncertainty columns of a mass table: member spread, calibrated sigma and intervals.

For the binding energy and every observable q (:data:`nucmass.observables.QUANTITIES`):
``q_std`` is the member spread (ddof = 1; each member's observables come from its own
masses, so correlations between neighbours count) and, for a calibrated model,
``q_sigma`` (the calibrated sigma, MeV) and ``q_lo68``, ``q_hi68``, ``q_lo95``,
``q_hi95`` (the split-conformal intervals of :mod:`nucmass.uncertainty.calibration`).
"""

import numpy as np
import pandas as pd

from nucmass.observables import member_quantities, partner_distance
from nucmass.uncertainty.calibration import LEVELS, Calibration, sigma_features

__all__ = ["model_calibration", "trained_on", "uncertainty_columns"]


def model_calibration(model) -> "Calibration | None":
    """The calibration a model was saved with, or None."""
    saved = getattr(model, "calibration", None)
    return Calibration.from_dict(saved) if saved else None


def trained_on(model, z, n) -> "np.ndarray | None":
    """Mask of shape (m,): which nuclei (z, n) the model was trained on, from the training
    nuclei its calibration records; None for an uncalibrated model (not recorded)."""
    calibration = model_calibration(model)
    if calibration is None:
        return None
    trained = set(zip(calibration.train_z, calibration.train_n, strict=True))
    return np.array([(int(a), int(b)) in trained for a, b in zip(z, n, strict=True)], bool)


def _spread(members: np.ndarray) -> np.ndarray:
    if len(members) < 2:
        return np.zeros(members.shape[1])
    return members.std(axis=0, ddof=1)


def uncertainty_columns(model, z, n, limits) -> pd.DataFrame:
    """Columns ``q_std`` and, when calibrated, ``q_sigma`` and the intervals, for nuclei
    (z, n) of shape (m,); ``limits`` = (largest Z, largest N) the model takes."""
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    quantities = member_quantities(model, z, n, limits)
    calibration = model_calibration(model)
    columns = {}
    if calibration is not None:
        steps = partner_distance(calibration.steps, z, n)
    for name, members in quantities.items():
        spread = _spread(members)
        columns[f"{name}_std"] = spread
        if calibration is None or name not in calibration.models:
            continue
        sigma_model = calibration.models[name]
        features = sigma_features(z, n, spread, steps[name])
        sigma = sigma_model.sigma(features)
        mean = members.mean(axis=0)
        columns[f"{name}_sigma"] = sigma
        for level in LEVELS:
            half = sigma_model.multiplier(level, features) * sigma
            tag = round(100 * level)
            columns[f"{name}_lo{tag}"], columns[f"{name}_hi{tag}"] = mean - half, mean + half
    return pd.DataFrame(columns)
