"""Hidden-layer parameter deltas and Frobenius norms against direct numpy sums."""

import jax
import numpy as np
import pytest

from nucmass.models.mlp import FeedForward
from nucmass.train.metrics import dead_units, frobenius_norms, parameter_deltas


def _pair():
    keys = jax.random.split(jax.random.PRNGKey(0), 2)
    stack = jax.vmap(lambda k: FeedForward.init(k, 2, 5, 3, c_b=0.1))(keys)
    moved = jax.tree.map(lambda a: a + 0.01 * np.arange(a.size).reshape(a.shape), stack)
    return jax.tree.map(np.asarray, stack), jax.tree.map(np.asarray, moved)


def test_frobenius_norms_average_the_hidden_matrices():
    initial, final = _pair()
    norms = frobenius_norms(initial, final)
    member = 1
    hidden = [(initial.weights[i][member], final.weights[i][member]) for i in (1, 2)]
    before = np.mean([np.sqrt((w0**2).sum()) for w0, _ in hidden])
    diff = np.mean([np.sqrt(((w1 - w0) ** 2).sum()) for w0, w1 in hidden])
    assert norms["before"][member] == pytest.approx(before, rel=1e-6)
    assert norms["difference"][member] == pytest.approx(diff, rel=1e-6)
    assert norms["relative"].shape == (2,)


def test_parameter_deltas_relative_scaled_and_biases():
    initial, final = _pair()
    deltas = parameter_deltas(initial, final)
    w0, w1 = initial.weights[1][0], final.weights[1][0]
    w0b, w1b = initial.weights[2][0], final.weights[2][0]
    rms = [np.sqrt(np.mean((b - a) ** 2)) for a, b in ((w0, w1), (w0b, w1b))]
    rel = np.mean([rms[0] / np.sqrt(np.mean(w0**2)), rms[1] / np.sqrt(np.mean(w0b**2))])
    assert deltas["weights_relative"][0] == pytest.approx(rel, rel=1e-6)
    assert deltas["weights_scaled"][0] == pytest.approx(np.mean(rms) * np.sqrt(5), rel=1e-6)
    bias = np.mean([np.sqrt(np.mean((final.biases[i][0] - initial.biases[i][0]) ** 2))
                    for i in range(3)])  # fmt: skip
    assert deltas["biases"][0] == pytest.approx(bias, rel=1e-6)


def test_dead_units_counts_units_silent_on_every_input():
    # member 0: hidden layer 1 unit 1 has w = (-1, -1), b = -0.5: relu(z) = 0 on [0, 1]^2,
    # and so does every layer-2 unit fed only by it; member 1: nothing dead
    w1 = np.array([[[1.0, -1.0], [1.0, -1.0]], [[1.0, 1.0], [1.0, 1.0]]])
    b1 = np.array([[0.0, -0.5], [0.0, 0.0]])
    w2 = np.array([[[0.0, 1.0], [1.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]])
    b2 = np.zeros((2, 2))
    w3, b3 = np.ones((2, 2, 1)), np.zeros((2, 1))
    networks = FeedForward((w1, w2, w3), (b1, b2, b3), "relu")
    x = np.array([[0.0, 0.0], [0.3, 1.0], [1.0, 0.2]])
    # member 0: layer 1 unit 1 dead; layer 2 unit 0 reads only the dead unit -> dead
    np.testing.assert_allclose(dead_units(networks, x), [2 / 4, 0.0])
