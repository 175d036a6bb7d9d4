"""Uncertainties of ensemble predictions: calibration and growth with extrapolation.

An ensemble gives for each nucleus a mean prediction and a spread sigma (standard deviation
of the members, MeV). It is *calibrated* on held-out nuclei when the residuals
r = prediction - experiment fall within 1 sigma about 68.3 % of the time and within
2 sigma about 95.4 % (Gaussian coverage). Far from measured nuclei the spread should grow;
the distance used here is the number of single-nucleon steps (|dZ| + |dN|) to the nearest
measured nucleus.
"""

import itertools

import numpy as np
import pandas as pd
from scipy.ndimage import distance_transform_cdt
from scipy.special import erf

from nucmass.errors import NucmassError

__all__ = ["GAUSSIAN_COVERAGE", "calibration", "distance_to_measured", "spread_vs_distance"]

GAUSSIAN_COVERAGE = {k: float(erf(k / np.sqrt(2.0))) for k in (1, 2)}  # 0.683, 0.954


def distance_to_measured(z, n, measured_z, measured_n) -> np.ndarray:
    """Steps on the chart (|dZ| + |dN|) from each (z, n) to the nearest measured nucleus.

    Parameters
    ----------
    z, n : array_like of int, shape (m,)
        Nuclei to measure from.
    measured_z, measured_n : array_like of int, shape (k,), k >= 1
        The measured nuclei (distance 0).

    Returns
    -------
    numpy.ndarray of int, shape (m,)
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    mz, mn = np.asarray(measured_z, dtype=np.int64), np.asarray(measured_n, dtype=np.int64)
    if mz.size == 0:
        raise NucmassError("no measured nuclei to measure distances from")
    shape = (max(z.max(initial=0), mz.max()) + 1, max(n.max(initial=0), mn.max()) + 1)
    grid = np.ones(shape, dtype=bool)
    grid[mz, mn] = False
    distance = distance_transform_cdt(grid, metric="taxicab")
    return distance[z, n].astype(np.int64)


def calibration(residual, sigma) -> dict:
    """Coverage of residuals by the ensemble spread.

    Parameters
    ----------
    residual : array_like, shape (m,)
        prediction - experiment (MeV).
    sigma : array_like, shape (m,)
        Ensemble standard deviation (MeV), > 0.

    Returns
    -------
    dict
        ``n``; ``within_1sigma``, ``within_2sigma`` (fractions, Gaussian 0.683 / 0.954);
        ``rms_z`` (RMS of residual / sigma, 1 when calibrated); ``rmsd`` and
        ``mean_sigma`` (MeV).
    """
    residual, sigma = np.asarray(residual, dtype=float), np.asarray(sigma, dtype=float)
    if residual.shape != sigma.shape:
        raise NucmassError(f"{residual.size} residuals but {sigma.size} uncertainties")
    if residual.size == 0:
        raise NucmassError("calibration needs at least one held-out nucleus")
    if np.any(sigma <= 0):
        raise NucmassError("calibration needs a positive spread (an ensemble of >= 2 members)")
    scaled = np.abs(residual) / sigma
    return {
        "n": int(residual.size),
        "within_1sigma": float(np.mean(scaled <= 1)),
        "within_2sigma": float(np.mean(scaled <= 2)),
        "rms_z": float(np.sqrt(np.mean(scaled**2))),
        "rmsd": float(np.sqrt(np.mean(residual**2))),
        "mean_sigma": float(np.mean(sigma)),
    }


def spread_vs_distance(distance, sigma, edges=(0, 1, 2, 3, 5, 8, 13, 21)) -> pd.DataFrame:
    """Ensemble spread per band of distance to the nearest measured nucleus.

    Parameters
    ----------
    distance : array_like of int, shape (m,)
        From :func:`distance_to_measured`.
    sigma : array_like, shape (m,)
        Ensemble standard deviation (MeV).
    edges : increasing ints
        Band k holds edges[k] <= distance < edges[k + 1]; the last band is open.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty band: distance_min, distance_max (inclusive, NaN when open),
        n, sigma_mean, sigma_median, sigma_p90 (MeV).
    """
    distance, sigma = np.asarray(distance), np.asarray(sigma, dtype=float)
    bounds = [*edges, np.inf]
    rows = []
    for low, high in itertools.pairwise(bounds):
        values = sigma[(distance >= low) & (distance < high)]
        if values.size:
            top = high - 1 if np.isfinite(high) else np.nan
            stats = (values.mean(), np.median(values), np.percentile(values, 90))
            rows.append((low, top, values.size, *stats))
    columns = ["distance_min", "distance_max", "n", "sigma_mean", "sigma_median", "sigma_p90"]
    return pd.DataFrame(rows, columns=columns)
