"""FeedForward: shapes, depth convention and the 1/fan-in initialization (paper 000 Eq. 4)."""

import jax
import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.models.mlp import FeedForward, l_out, layer_sizes


def test_layer_sizes_and_depth_convention():
    assert layer_sizes(2, 7, 3) == [2, 7, 7, 7, 1]
    net = FeedForward.init(jax.random.PRNGKey(0), 4, 7, 3)
    assert net.depth == 3 and net.width == 7 and l_out(net.depth) == len(net.weights) == 4
    assert [w.shape for w in net.weights] == [(4, 7), (7, 7), (7, 7), (7, 1)]


def test_forward_matches_numpy():
    net = FeedForward.init(jax.random.PRNGKey(1), 2, 5, 2, "tanh", c_w=1.0, c_b=0.3)
    x = np.random.default_rng(0).random((9, 2)).astype(np.float32)
    h = x
    for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
        h = np.tanh(h @ np.asarray(w) + np.asarray(b))
    expected = (h @ np.asarray(net.weights[-1]) + np.asarray(net.biases[-1]))[:, 0]
    np.testing.assert_allclose(np.asarray(net(x)), expected, rtol=1e-5, atol=1e-6)


def test_initial_variances_are_c_over_fan_in():
    net = FeedForward.init(jax.random.PRNGKey(2), 2, 400, 2, "relu", c_w=2.0, c_b=0.5)
    hidden = np.asarray(net.weights[1])
    assert np.var(hidden) * 400 == pytest.approx(2.0, rel=0.02)  # 160000 samples
    assert np.var(np.asarray(net.weights[0])) * 2 == pytest.approx(2.0, rel=0.15)
    assert np.var(np.asarray(net.biases[1])) == pytest.approx(0.5, rel=0.2)


def test_bad_arguments():
    with pytest.raises(NucmassError):
        FeedForward.init(jax.random.PRNGKey(0), 2, 5, 1, "sigmoidish")
    with pytest.raises(NucmassError):
        FeedForward.init(jax.random.PRNGKey(0), 2, 0, 1)
