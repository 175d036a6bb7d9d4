"""Recursions: closed forms, conventions, and the paper's printed equations."""

import numpy as np
import pytest

from nucmass.theory.kernels import (
    arccos_kernel,
    correlation,
    first_layer_kernel,
    nngp_kernels,
    ntk_kernels,
)
from nucmass.theory.recursions import (
    four_point_vertex,
    recursion_table,
    relu_critical_v_over_n,
    relu_exact_moments,
    standardized_kurtosis,
    variance_recursion,
)

X_FE56 = [30 / 177, 26 / 118]


def test_relu_critical_variance_is_flat_and_vertex_is_eq48():
    width, depth = 120, 6
    table = recursion_table("relu", 2.0, 0.0, width, depth, X_FE56)
    g1 = np.mean(np.square(X_FE56)) * 2.0
    np.testing.assert_allclose(table["G"], g1, rtol=1e-12)
    layers = np.arange(1, depth + 2)
    np.testing.assert_allclose(
        table["V_over_n"], relu_critical_v_over_n(g1, layers, width), rtol=1e-10, atol=1e-16
    )
    np.testing.assert_allclose(table["excess_kurtosis"], 15 * (layers - 1) / width, atol=1e-12)
    np.testing.assert_allclose(table["chi_parallel"], 1.0, rtol=1e-12)


@pytest.mark.parametrize("c_w", [1.0, 2.0, 3.0])
def test_relu_exact_moments_reduce_to_leading_order(c_w):
    width, depth, g1 = 10_000, 5, 0.3
    variance, kappa4 = relu_exact_moments(c_w, 0.0, width, depth, g1)
    np.testing.assert_allclose(variance, g1 * (c_w / 2) ** np.arange(depth + 1), rtol=1e-12)
    exact = kappa4 / variance**2
    np.testing.assert_allclose(exact, 3 * ((1 + 5 / width) ** np.arange(depth + 1) - 1))
    g = variance_recursion("relu", c_w, 0.0, g1, depth)
    leading = standardized_kurtosis(four_point_vertex("relu", c_w, g), g, width)
    np.testing.assert_allclose(exact, leading, rtol=3e-3, atol=1e-15)


def test_printed_eq47_agrees_with_squared_form_only_at_chi_one():
    g = variance_recursion("relu", 2.0, 0.0, 0.1, 4)
    np.testing.assert_allclose(
        four_point_vertex("relu", 2.0, g, chi_power=1), four_point_vertex("relu", 2.0, g)
    )
    g = variance_recursion("relu", 3.0, 0.0, 0.1, 4)
    ratio_sq = four_point_vertex("relu", 3.0, g) / g**2
    ratio_one = four_point_vertex("relu", 3.0, g, chi_power=1) / g**2
    np.testing.assert_allclose(ratio_sq, 5.0 * np.arange(5), rtol=1e-12, atol=1e-12)
    assert ratio_one[-1] < 0.7 * ratio_sq[-1]


def test_nngp_kernel_matches_arccos_closed_form():
    inputs = np.array([[0.3, -1.0], [1.2, 0.4], [-0.5, -0.5]])
    kernels = nngp_kernels("relu", 1.7, 0.2, 3, inputs)
    want = first_layer_kernel(inputs, 1.7, 0.2)
    for layer in range(1, 4):
        want = arccos_kernel(want, 1.7, 0.2)
        np.testing.assert_allclose(kernels[layer], want, rtol=1e-12)


def _paper_eq42(x, y):
    """Paper 000 Eqs. 42-43 as printed."""
    dot = float(np.dot(x, y))
    phi = np.arccos(np.clip(dot / abs(dot), -1, 1))
    return 2 / np.pi * abs(dot) * (np.pi - phi) * np.cos(phi)


def test_paper_eq42_is_right_for_scalar_inputs_only():
    scalar = np.array([[1.5], [-0.5], [0.7]])
    kernel = nngp_kernels("relu", 2.0, 0.0, 1, scalar)[1]
    for a in range(3):
        for b in range(3):
            assert kernel[a, b] == pytest.approx(_paper_eq42(scalar[a], scalar[b]), abs=1e-13)
    np.testing.assert_allclose(np.unique(np.round(correlation(kernel), 12)), [0.0, 1.0])
    vector = np.array([[1.0, 0.0], [1.0, 1.0]])
    kernel = nngp_kernels("relu", 2.0, 0.0, 1, vector * np.sqrt(2))[1]  # n0 = 2
    assert abs(kernel[0, 1] - _paper_eq42(*vector)) > 0.1


def test_ntk_of_a_deep_linear_network():
    c_w, depth, lam_b, lam_w = 1.3, 3, 0.5, 2.0
    x = np.array([[0.4, -0.2]])
    ntk = ntk_kernels("linear", c_w, 0.0, depth, x, lam_b, lam_w)[:, 0, 0]
    g = c_w * np.mean(x**2)
    h = lam_b + lam_w * np.mean(x**2)
    for layer in range(1, depth + 1):
        h = lam_b + lam_w * g + c_w * h
        g = c_w * g
        assert ntk[layer] == pytest.approx(h, rel=1e-12)


def test_ntk_per_layer_learning_rates():
    rates = np.array([1.0, 0.5, 0.25])
    ntk = ntk_kernels("relu", 2.0, 0.0, 2, [[1.0]], rates, rates)[:, 0, 0]
    # ReLU at criticality: <s^2> = G / 2 = 1, C_W <s'^2> = 1, G = 2.
    np.testing.assert_allclose(ntk, [2.0, 2.0 + 0.5 + 0.5, 3.0 + 0.25 + 0.25], rtol=1e-12)
