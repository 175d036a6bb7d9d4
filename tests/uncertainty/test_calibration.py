"""Calibrated sigma and split-conformal intervals on synthetic problems with known answers."""

import numpy as np
import pytest
from scipy.stats import norm

from nucmass.errors import NucmassError
from nucmass.uncertainty.calibration import (
    Calibration,
    conformal_quantile,
    fit_sigma_model,
    sigma_features,
)
from nucmass.uncertainty.distance import extrapolation_steps


def test_the_conformal_quantile_has_its_nominal_coverage():
    """Scores |N(0, 1)|: the coverage of a new score, F(q), averages ceil((n+1)p)/(n+1)."""
    rng = np.random.default_rng(0)
    n, repeats = 99, 4000
    for level in (0.68, 0.95):
        covered = [
            2 * norm.cdf(conformal_quantile(np.abs(rng.normal(size=n)), level)) - 1
            for _ in range(repeats)
        ]
        expected = np.ceil((n + 1) * level) / (n + 1)
        error = np.std(covered) / np.sqrt(repeats)
        assert abs(np.mean(covered) - expected) < 4 * error and expected >= level


def _synthetic(size: int, seed: int):
    """Residuals with the sigma model's own law: alpha 2, beta 0.3, gamma 0.5, kappa 0.7."""
    rng = np.random.default_rng(seed)
    z = rng.integers(20, 80, size)
    n = z + rng.integers(-3, 30, size)
    spread, steps = rng.uniform(0.01, 0.3, size), rng.integers(0, 4, size)
    features = sigma_features(z, n, spread, steps)
    sigma = np.sqrt((2 * spread) ** 2 + (0.3 * (1 + 0.5 * steps)) ** 2)
    sigma *= np.exp(0.7 * features["wigner"])
    return sigma * rng.normal(size=size), features


def test_the_sigma_model_recovers_a_known_law_and_its_coverage():
    residual, features = _synthetic(4000, seed=1)
    model = fit_sigma_model(residual, features, seed=0)
    floor = model.beta * (1 + model.gamma * np.array([0, 3]))  # beta and gamma correlate
    assert model.alpha == pytest.approx(2, rel=0.1) and floor == pytest.approx(
        [0.3, 0.75], rel=0.15
    )
    assert model.wigner == pytest.approx(0.7, abs=0.15)
    assert model.q95 == pytest.approx((1.96, 1.96), rel=0.1)
    fresh, features = _synthetic(20000, seed=2)
    scaled = np.abs(fresh) / model.sigma(features)
    assert np.mean(scaled <= 1) == pytest.approx(0.683, abs=0.02)
    assert np.mean(scaled <= 2) == pytest.approx(0.954, abs=0.01)
    covered = scaled <= model.multiplier(0.95, features)
    assert np.mean(covered) == pytest.approx(0.95, abs=0.01)


def test_too_few_heldout_values_are_refused():
    residual, features = _synthetic(30, seed=3)
    with pytest.raises(NucmassError, match="held-out values"):
        fit_sigma_model(residual, features)


def test_extrapolation_steps_count_steps_beyond_each_trained_chain():
    steps = extrapolation_steps([50, 50, 50, 50, 51], [60, 70, 85, 55, 70], [50] * 3, [58, 70, 82])
    assert steps.tolist() == [0, 0, 3, 3, 1]  # Z = 51 untrained: chart steps to (50, 70)


def test_a_calibration_round_trips_through_json():
    residual, features = _synthetic(200, seed=4)
    calibration = Calibration({"binding_energy": fit_sigma_model(residual, features)},
                              (50, 50), (60, 62), {"seeds": [0]})  # fmt: skip
    assert Calibration.from_dict(calibration.to_dict()) == calibration
    assert calibration.steps([50], [65]).tolist() == [3]
