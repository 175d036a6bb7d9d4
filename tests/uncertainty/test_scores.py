"""Ensemble calibration and distance to measured nuclei, against brute force and Monte Carlo."""

import numpy as np
import pytest
from scipy.stats import norm

from nucmass.errors import NucmassError
from nucmass.uncertainty import (
    GAUSSIAN_COVERAGE,
    coverage,
    distance_to_measured,
    spread_vs_distance,
)


def test_distance_brute_force():
    rng = np.random.default_rng(1)
    mz, mn = rng.integers(0, 40, 30), rng.integers(0, 60, 30)
    z, n = rng.integers(0, 60, 200), rng.integers(0, 90, 200)
    got = distance_to_measured(z, n, mz, mn)
    expected = np.min(np.abs(z[:, None] - mz) + np.abs(n[:, None] - mn), axis=1)
    np.testing.assert_array_equal(got, expected)
    assert np.all(distance_to_measured(mz, mn, mz, mn) == 0)


def test_distance_needs_measured():
    with pytest.raises(NucmassError, match="no measured"):
        distance_to_measured([1], [1], [], [])


@pytest.mark.parametrize("inflation", [1.0, 2.0])
def test_calibration_monte_carlo(inflation):
    """Gaussian residuals with the right sigma cover 68.3 % / 95.4 %; doubled sigma more."""
    rng = np.random.default_rng(0)
    sigma = rng.uniform(0.2, 2.0, 200_000)
    residual = rng.normal(0.0, sigma)
    result = coverage(residual, inflation * sigma)
    expected_1 = norm.cdf(inflation) - norm.cdf(-inflation)
    expected_2 = norm.cdf(2 * inflation) - norm.cdf(-2 * inflation)
    assert result["within_1sigma"] == pytest.approx(expected_1, abs=4e-3)
    assert result["within_2sigma"] == pytest.approx(expected_2, abs=3e-3)
    assert result["rms_z"] == pytest.approx(1 / inflation, rel=1e-2)
    assert result["n"] == 200_000


def test_gaussian_coverage():
    assert GAUSSIAN_COVERAGE[1] == pytest.approx(0.682689, abs=1e-6)
    assert GAUSSIAN_COVERAGE[2] == pytest.approx(0.954500, abs=1e-6)


@pytest.mark.parametrize(
    "residual, sigma, message",
    [([1.0], [0.0], "positive spread"), ([], [], "at least one"), ([1.0, 2.0], [1.0], "2 res")],
)
def test_calibration_errors(residual, sigma, message):
    with pytest.raises(NucmassError, match=message):
        coverage(residual, sigma)


def test_spread_vs_distance_bands():
    distance = np.array([0, 0, 1, 2, 2, 4, 30])
    sigma = np.array([0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 9.0])
    table = spread_vs_distance(distance, sigma, edges=(0, 1, 2, 5))
    assert table.n.tolist() == [2, 1, 3, 1]
    assert table.distance_min.tolist() == [0, 1, 2, 5]
    np.testing.assert_allclose(table.sigma_mean, [0.2, 0.5, 2.0, 9.0])
    assert table.distance_max.iloc[2] == 4 and np.isnan(table.distance_max.iloc[3])
