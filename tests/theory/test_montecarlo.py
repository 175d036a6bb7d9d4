"""Recursions against Monte Carlo of finite networks (exact conditional sampler).

Width 100, three hidden layers, 30,000 draws per configuration; every layer's variance
and standardised excess kurtosis (3 V / (n G^2)) must lie within 3 standard errors of the
leading-order recursions, and the printed paper Eq. 47 (chi_par to the first power) must be
rejected where chi_par is far from 1.
"""

import numpy as np
import pytest

from nucmass.theory.recursions import (
    four_point_vertex,
    relu_exact_moments,
    standardized_kurtosis,
    variance_recursion,
)
from nucmass.theory.sampling import sample_moments

X = [[0.5, 0.8]]
WIDTH, DEPTH, DRAWS = 100, 3, 30_000
GRID = [
    ("relu", 1.0, 0.0),
    ("relu", 2.0, 0.0),
    ("relu", 3.0, 0.1),
    ("tanh", 1.0, 0.0),
    ("tanh", 3.0, 0.2),
    ("softplus", 1.0, 0.0),
    ("softplus", 3.0, 0.0),
    ("gelu", 1.0, 0.0),
    ("gelu", 3.0, 0.0),
]


def _theory(activation, c_w, c_b, chi_power=2):
    g = variance_recursion(activation, c_w, c_b, c_b + c_w * np.mean(np.square(X)), DEPTH)
    vertex = four_point_vertex(activation, c_w, g, chi_power=chi_power)
    return g, standardized_kurtosis(vertex, g, WIDTH)


@pytest.mark.parametrize(("index", "config"), list(enumerate(GRID)))
def test_recursions_agree_with_monte_carlo(index, config):
    measured = sample_moments(
        *config[:3],
        WIDTH,
        DEPTH,
        X,
        DRAWS,
        method="conditional",
        seed=100 + index,
        record_layers=True,
    )
    g, kurtosis = _theory(*config)
    z_g = (measured["variance"] - g) / measured["variance_se"]
    z_k = (measured["excess_kurtosis"] - kurtosis) / measured["excess_kurtosis_se"]
    assert np.all(np.abs(z_g) < 3), z_g
    assert np.all(np.abs(z_k) < 3), z_k


@pytest.mark.parametrize(("activation", "c_w"), [("relu", 1.0), ("gelu", 1.0)])
def test_printed_eq47_is_rejected_by_monte_carlo(activation, c_w):
    measured = sample_moments(activation, c_w, 0.0, WIDTH, DEPTH, X, DRAWS, seed=7)
    _, kurtosis = _theory(activation, c_w, 0.0, chi_power=1)
    z = (measured["excess_kurtosis"][0] - kurtosis[-1]) / measured["excess_kurtosis_se"][0]
    assert abs(z) > 8


def test_exact_finite_width_relu_beats_leading_order_at_width_ten():
    width, depth, c_w = 10, 4, 2.0
    g1 = c_w * np.mean(np.square(X))
    measured = sample_moments("relu", c_w, 0.0, width, depth, X, 1_000_000, seed=3)
    variance, kappa4 = relu_exact_moments(c_w, 0.0, width, depth, g1)
    exact = kappa4[-1] / variance[-1] ** 2
    leading = 15 * depth / width
    se = measured["excess_kurtosis_se"][0]
    assert abs(measured["variance"][0] - variance[-1]) < 3 * measured["variance_se"][0]
    assert abs(measured["excess_kurtosis"][0] - exact) < 3 * se
    assert abs(measured["excess_kurtosis"][0] - leading) > 10 * se
