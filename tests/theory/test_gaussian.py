"""Gaussian expectations against closed forms and independent adaptive quadrature."""

import numpy as np
import pytest
from scipy import integrate, stats

from nucmass.theory.activations import ACTIVATIONS, get_activation
from nucmass.theory.gaussian import expect, expect_matrix, expect_pair
from nucmass.theory.kernels import arccos_kernel

RELU = get_activation("relu")


@pytest.mark.parametrize("variance", [1e-4, 0.0773, 1.0, 25.0])
def test_relu_and_polynomial_moments_are_exact(variance):
    got = expect(lambda z: np.stack([RELU(z) ** 2, RELU(z) ** 4, z**2, z**4]), variance, (0.0,))
    want = [variance / 2, 1.5 * variance**2, variance, 3 * variance**2]
    np.testing.assert_allclose(got, want, rtol=1e-13)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("variance", [0.05, 2.0])
def test_smooth_and_kinked_activations_match_adaptive_quadrature(name, variance):
    act = ACTIVATIONS[name]
    scale = np.sqrt(variance)

    def density_times(f):
        return lambda z: f(np.array([z]))[0] ** 2 * stats.norm.pdf(z, scale=scale)

    want = sum(
        integrate.quad(density_times(act.fn), a, b, epsabs=1e-14, epsrel=1e-13)[0]
        for a, b in [(-40 * scale, 0.0), (0.0, 40 * scale)]
    )
    assert expect(lambda z: act.fn(z) ** 2, variance, act.kinks) == pytest.approx(want, rel=1e-11)


def test_zero_variance_gives_the_value_at_zero():
    assert expect(np.cosh, 0.0) == pytest.approx(1.0)


@pytest.mark.parametrize("rho", [-1.0, -0.999999, -0.7, 0.0, 0.3, 0.99999, 1.0])
def test_relu_pair_matches_the_arccos_kernel(rho):
    cov = np.array([[2.0, rho * np.sqrt(6.0)], [rho * np.sqrt(6.0), 3.0]])
    want = arccos_kernel(cov, 1.0, 0.0)[0, 1]
    assert expect_pair(RELU, RELU, cov, (0.0,), (0.0,)) == pytest.approx(want, abs=1e-14)


def test_smooth_pair_matches_double_integral():
    cov = np.array([[0.8, -0.3], [-0.3, 1.5]])
    density = stats.multivariate_normal(cov=cov).pdf
    want = integrate.dblquad(
        lambda y, x: np.tanh(x) * np.logaddexp(0, y) * density([x, y]),
        -12,
        12,
        -14,
        14,
        epsabs=1e-12,
    )[0]
    softplus = ACTIVATIONS["softplus"].fn
    assert expect_pair(np.tanh, softplus, cov) == pytest.approx(want, rel=1e-8)


def test_user_callable_with_declared_kink():
    leaky = get_activation(lambda z: np.where(z > 0, z, 0.1 * z), kinks=(0.0,))
    got = expect(lambda z: leaky(z) ** 2, 2.0, leaky.kinks)
    assert got == pytest.approx(0.5 * 2.0 * (1 + 0.01), rel=1e-13)
    assert leaky.deriv(np.array([1.0, -1.0])) == pytest.approx([1.0, 0.1], rel=1e-8)


def test_linear_matrix_is_the_covariance():
    kernel = np.array([[1.0, 0.2, -0.4], [0.2, 0.5, 0.1], [-0.4, 0.1, 2.0]])
    np.testing.assert_allclose(expect_matrix(lambda z: z, lambda z: z, kernel), kernel, atol=1e-14)
