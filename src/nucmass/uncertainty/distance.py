"""Distances from data: steps on the nuclear chart (|dZ| + |dN|) to a set of nuclei, and
steps beyond the trained part of each isotopic chain (how far a prediction extrapolates)."""

import numpy as np
from scipy.ndimage import distance_transform_cdt

from nucmass.errors import NucmassError

__all__ = ["distance_to_measured", "extrapolation_steps"]


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


def extrapolation_steps(z, n, train_z, train_n) -> np.ndarray:
    """Steps beyond the training data along each nucleus's isotopic chain, int (m,).

    0 between the lightest and heaviest trained isotope of its element (interpolation);
    N - N_max or N_min - N beyond them; for an element with no trained isotope, the steps
    on the chart to the nearest trained nucleus.
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    train_z, train_n = np.asarray(train_z, dtype=np.int64), np.asarray(train_n, dtype=np.int64)
    top = max(int(z.max(initial=0)), int(train_z.max())) + 1
    low, high = np.full(top, np.iinfo(np.int64).max), np.full(top, -1)
    np.minimum.at(low, train_z, train_n)
    np.maximum.at(high, train_z, train_n)
    known = high[z] >= 0
    steps = np.maximum(np.maximum(n - high[z], low[z] - n), 0)
    if (~known).any():
        steps[~known] = distance_to_measured(z[~known], n[~known], train_z, train_n)
    return steps
