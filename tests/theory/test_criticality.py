"""Known critical points, EK slopes and r*."""

import pytest

from nucmass.theory.criticality import critical_points, ek_slope, optimal_width, r_star


def test_relu_critical_point_is_zero_two():
    (point,) = critical_points("relu")
    assert (point.c_b, point.c_w) == pytest.approx((0.0, 2.0), abs=1e-10)
    assert point.stable and point.k_star is None
    assert ek_slope("relu", point) == pytest.approx(5.0, rel=1e-9)


def test_tanh_critical_point_is_zero_one():
    (point,) = critical_points("tanh")
    assert (point.c_b, point.c_w, point.k_star) == pytest.approx((0.0, 1.0, 0.0))
    assert point.stable
    assert ek_slope("tanh", point, depth=2000) == pytest.approx(2 / 3, rel=5e-3)


def test_softplus_has_no_critical_point():
    assert critical_points("softplus") == []


def test_shifted_softplus_zero_fixed_point_is_unstable():
    points = critical_points("shifted_softplus")
    zero = [p for p in points if p.k_star == 0.0]
    assert zero and zero[0].c_w == pytest.approx(4.0) and not zero[0].stable


@pytest.mark.parametrize("name", ["gelu", "silu"])
def test_smooth_relus_have_a_nonzero_critical_point(name):
    (point,) = [p for p in critical_points(name) if p.k_star]
    assert point.c_w == pytest.approx(1.98, abs=0.01)
    assert point.c_b > 0 and point.k_star > 1


def test_r_star_for_relu():
    assert r_star(5.0) == pytest.approx(0.0348, abs=5e-5)
    assert round(optimal_width(4, 5.0)) == 115


def test_critical_learning_rates_make_the_ntk_depth_independent():
    from nucmass.theory.criticality import critical_learning_rates
    from nucmass.theory.kernels import ntk_kernels

    x = [[0.5, 0.5]]  # mean(x^2) = 0.25 = <relu^2> at G = 0.5
    for depth in (2, 16, 64):
        rates = critical_learning_rates("scale-invariant", depth, 1.0, 1.0)
        assert ntk_kernels("relu", 2.0, 0.0, depth, x, *rates)[-1, 0, 0] == pytest.approx(1.25)
    tanh = [
        ntk_kernels("tanh", 1.0, 0.0, d, x, *critical_learning_rates("K*=0", d, 1.0, 1.0))[-1, 0, 0]
        for d in (8, 64)
    ]
    assert 0.8 < tanh[1] / tanh[0] < 1.0
