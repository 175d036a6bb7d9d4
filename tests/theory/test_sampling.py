"""The exact samplers agree with drawing every weight (KS tests and moments)."""

import numpy as np
import pytest
from scipy import stats

from nucmass.errors import NucmassError
from nucmass.theory.sampling import sample_moments, sample_outputs


def _z(a, b, key):
    return (a[key] - b[key]) / np.hypot(a[f"{key}_se"], b[f"{key}_se"])


@pytest.mark.parametrize(
    ("activation", "c_w", "c_b", "width", "inputs"),
    [
        ("relu", 2.0, 0.0, 5, [[0.17, 0.22]]),
        ("tanh", 1.5, 0.1, 8, [[0.5, -1.0]]),
        ("softplus", 1.0, 0.0, 6, [[0.3, 0.9], [-1.0, 0.2], [0.3, 0.9]]),
        ("relu", 2.0, 0.05, 4, [[1.5], [-0.5]]),
    ],
)
def test_exact_and_naive_samplers_have_the_same_law(activation, c_w, c_b, width, inputs):
    args = (activation, c_w, c_b, width, 2, inputs, 20_000)
    naive = sample_outputs(*args, method="naive", seed=1)
    for method in ("exact", "conditional"):
        exact = sample_outputs(*args, method=method, seed=2)
        for column in range(naive.shape[1]):
            assert stats.ks_2samp(naive[:, column], exact[:, column]).pvalue > 1e-3
        if naive.shape[1] > 1:
            np.testing.assert_allclose(np.corrcoef(exact.T), np.corrcoef(naive.T), atol=0.04)


def test_moments_of_the_samplers_agree_within_standard_errors():
    args = ("gelu", 2.5, 0.0, 6, 3, [[0.4, 0.8]], 40_000)
    naive = sample_moments(*args, method="naive", seed=5, record_layers=True)
    exact = sample_moments(*args, method="exact", seed=6, record_layers=True)
    for key in ("variance", "fourth_cumulant"):
        assert np.all(np.abs(_z(naive, exact, key)) < 4)


def test_relu_chi_square_shortcut_matches_the_conditional_sampler():
    args = ("relu", 1.4, 0.3, 3, 4, [[0.6, -0.2]], 60_000)
    fast = sample_outputs(*args, method="exact", seed=7, record_layers=True)
    slow = sample_outputs(*args, method="conditional", seed=8, record_layers=True)
    for layer in range(fast.shape[1]):
        assert stats.ks_2samp(fast[:, layer, 0], slow[:, layer, 0]).pvalue > 1e-3


def test_seeds_make_draws_reproducible_and_shapes_follow_the_options():
    args = ("tanh", 1.0, 0.0, 10, 3, [[0.1], [0.2]], 100)
    a = sample_outputs(*args, seed=3, batch_size=30)
    np.testing.assert_array_equal(a, sample_outputs(*args, seed=3, batch_size=30))
    assert a.shape == (100, 2)
    assert sample_outputs(*args, seed=3, record_layers=True).shape == (100, 4, 2)


def test_bad_arguments_raise_one_clear_error():
    with pytest.raises(NucmassError, match="width"):
        sample_outputs("relu", 2.0, 0.0, 0, 1, [[1.0]], 10)
    with pytest.raises(NucmassError, match="method"):
        sample_outputs("relu", 2.0, 0.0, 3, 1, [[1.0]], 10, method="fast")
    with pytest.raises(NucmassError, match="c_w"):
        sample_outputs("relu", -2.0, 0.0, 3, 1, [[1.0]], 10)
