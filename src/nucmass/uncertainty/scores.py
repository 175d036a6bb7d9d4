"""Scores of uncertainties on held-out nuclei: coverage, sharpness, proper scores.

A prediction with uncertainty sigma (MeV) is *calibrated* on held-out nuclei when the
residuals r = prediction - experiment fall within 1 sigma about 68.3 % of the time and
within 2 sigma about 95.4 % (Gaussian coverage). Sharpness is the mean width of an
interval; the proper scores are the Gaussian negative log-likelihood and the CRPS (both
reward calibration and sharpness together; lower is better).
"""

import itertools

import numpy as np
import pandas as pd
from scipy.special import erf, erfinv
from scipy.stats import norm

from nucmass.errors import NucmassError

__all__ = [
    "GAUSSIAN_COVERAGE",
    "coverage",
    "crps_gaussian",
    "interval_scores",
    "nll_gaussian",
    "reliability",
    "scores_by_bin",
    "spread_vs_distance",
]

GAUSSIAN_COVERAGE = {k: float(erf(k / np.sqrt(2.0))) for k in (1, 2)}  # 0.683, 0.954


def coverage(residual, sigma) -> dict:
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


def nll_gaussian(residual, sigma) -> np.ndarray:
    """Gaussian negative log-likelihood of each residual (nats), shape (m,)."""
    residual, sigma = np.asarray(residual, float), np.asarray(sigma, float)
    return np.log(sigma) + 0.5 * np.log(2 * np.pi) + 0.5 * (residual / sigma) ** 2


def crps_gaussian(residual, sigma) -> np.ndarray:
    """Continuous ranked probability score of N(0, sigma^2) at each residual (MeV), (m,).

    Closed form (Gneiting and Raftery 2007, Eq. 21):
    sigma [z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi)] with z = r / sigma.
    """
    residual, sigma = np.asarray(residual, float), np.asarray(sigma, float)
    z = residual / sigma
    return sigma * (z * (2 * norm.cdf(z) - 1) + 2 * norm.pdf(z) - 1 / np.sqrt(np.pi))


def interval_scores(residual, sigma, lo68=None, hi68=None, lo95=None, hi95=None) -> dict:
    """Coverage, sharpness and proper scores of one set of held-out predictions.

    ``residual`` = prediction - experiment and ``sigma`` (MeV) have shape (m,); the optional
    interval bounds are offsets from the prediction (e.g. -q sigma and +q sigma): the
    interval covers the experiment when ``lo <= -residual <= hi``.

    Returns
    -------
    dict
        n; within_1sigma, within_2sigma; covered_68, covered_95 and width_68, width_95
        (MeV, mean) when intervals are given; nll (nats), crps (MeV), rmsd and mean_sigma
        (MeV), all means over the set.
    """
    out = coverage(residual, sigma)
    for level, lo, hi in ((68, lo68, hi68), (95, lo95, hi95)):
        if lo is not None:
            lo, hi = np.asarray(lo, float), np.asarray(hi, float)
            truth = -np.asarray(residual, float)
            out[f"covered_{level}"] = float(np.mean((lo <= truth) & (truth <= hi)))
            out[f"width_{level}"] = float(np.mean(hi - lo))
    out["nll"] = float(np.mean(nll_gaussian(residual, sigma)))
    out["crps"] = float(np.mean(crps_gaussian(residual, sigma)))
    return out


def reliability(residual, sigma, levels=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)):
    """Observed coverage of central Gaussian intervals at each nominal level.

    Returns a DataFrame with columns level (nominal) and observed (fraction of
    |residual| <= sqrt(2) erfinv(level) sigma); a calibrated model lies on the diagonal.
    """
    scaled = np.abs(np.asarray(residual, float)) / np.asarray(sigma, float)
    levels = np.asarray(levels, float)
    observed = [float(np.mean(scaled <= np.sqrt(2.0) * erfinv(p))) for p in levels]
    return pd.DataFrame({"level": levels, "observed": observed})


def scores_by_bin(frame: pd.DataFrame, column: str, edges, **intervals) -> pd.DataFrame:
    """:func:`interval_scores` per band of ``frame[column]`` (e.g. distance, steps).

    ``frame`` has residual and sigma (MeV) and the interval columns named in
    ``intervals`` (keyword -> column, e.g. ``lo68="lo68"``). Band k holds
    edges[k] <= value < edges[k + 1]; the last band is open. Empty bands are left out.
    """
    values, rows = frame[column].to_numpy(), []
    for low, high in itertools.pairwise([*edges, np.inf]):
        part = frame[(values >= low) & (values < high)]
        if len(part):
            bounds = {k: part[c].to_numpy() for k, c in intervals.items()}
            scores = interval_scores(part.residual, part.sigma, **bounds)
            rows.append({f"{column}_min": low, f"{column}_max": high - 1, **scores})
    return pd.DataFrame(rows)
