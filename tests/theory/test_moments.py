"""Streaming moments against scipy and against the spread of repeated samples."""

import numpy as np
import pytest
from scipy import stats

from nucmass.errors import NucmassError
from nucmass.theory.moments import StreamingMoments


def test_batches_reproduce_scipy_estimates():
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.standard_t(9, 30_000) * 5e3, rng.laplace(size=30_000) - 0.2])
    moments = StreamingMoments()
    for batch in np.array_split(x, 7):
        moments.update(batch)
    got = moments.summary()
    np.testing.assert_allclose(got["mean"], x.mean(0), rtol=1e-10)
    np.testing.assert_allclose(got["variance"], x.var(0), rtol=1e-10)
    np.testing.assert_allclose(got["excess_kurtosis"], stats.kurtosis(x), rtol=1e-8)
    np.testing.assert_allclose(got["correlation"], np.corrcoef(x.T), atol=1e-10)


def test_standard_errors_match_the_spread_of_repeats():
    rng = np.random.default_rng(4)
    runs = [StreamingMoments().update(rng.laplace(size=(4000, 1))).summary() for _ in range(300)]
    for key in ("variance", "fourth_cumulant", "excess_kurtosis"):
        spread = np.std([r[key][0] for r in runs])
        assert np.mean([r[f"{key}_se"][0] for r in runs]) == pytest.approx(spread, rel=0.2)


def test_rejects_too_few_draws_and_ragged_batches():
    moments = StreamingMoments().update(np.zeros((1, 2)))
    with pytest.raises(NucmassError):
        moments.summary()
    with pytest.raises(NucmassError):
        moments.update(np.zeros((3, 3)))
