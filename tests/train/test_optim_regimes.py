"""Per-layer SGD against a hand-written update; regimes of paper 000 Sec. IV; recipe JSON."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.models import FNNConfig
from nucmass.models.base import config_from_dict
from nucmass.models.mlp import FeedForward
from nucmass.train import Regime
from nucmass.train.config import training_from_dict
from nucmass.train.regimes import critical_rates, global_rate, initialization


def _grads_and_net(activation):
    net = FeedForward.init(jax.random.PRNGKey(3), 2, 6, 3, activation, c_w=2.0)
    x = jax.random.uniform(jax.random.PRNGKey(4), (11, 2))
    y = jnp.linspace(0.0, 5.0, 11)
    grads = jax.grad(lambda p: jnp.mean(jnp.abs(p(x) - y)))(net)
    return net, grads


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_cict_step_equals_hand_written_update(activation):
    net, grads = _grads_and_net(activation)
    model = FNNConfig(width=6, depth=3, activation=activation)
    training = Regime(
        "cict", epochs=10, switch_epoch=1, raw_rates=(0.3, 0.7), raw_rates_fine=(0.03, 0.07)
    )
    optimizer = training.optimizer(model)
    state = optimizer.init(net)
    fan_in = [2, 6, 6, 6]
    for raw_b, raw_w in [(0.3, 0.7), (0.03, 0.07)]:  # phase 1, then phase 2 after 1 step
        updates, state = optimizer.update(grads, state, net)
        for ell in range(1, 5):  # paper 000 Eqs. 38-39 with the 1/n_{l-1} weight factor
            lam_b = raw_b / 4 if activation == "relu" else raw_b / ell
            lam_w = raw_w / 4 if activation == "relu" else raw_w
            np.testing.assert_allclose(
                updates.biases[ell - 1], -lam_b * grads.biases[ell - 1], rtol=1e-6
            )
            np.testing.assert_allclose(
                updates.weights[ell - 1],
                -lam_w / fan_in[ell - 1] * grads.weights[ell - 1],
                rtol=1e-6,
            )


def test_cint_uses_the_average_cict_rate():
    net, grads = _grads_and_net("relu")
    optimizer = Regime("cint", raw_rates=(0.4, 0.8), epochs=5).optimizer(FNNConfig(6, 3))
    updates, _ = optimizer.update(grads, optimizer.init(net), net)
    expected = np.mean([0.1] * 4 + [0.2 / 2, 0.2 / 6, 0.2 / 6, 0.2 / 6])
    assert global_rate("relu", [2, 6, 6, 6, 1], 0.4, 0.8) == pytest.approx(expected)
    for u, g in zip(jax.tree.leaves(updates), jax.tree.leaves(grads), strict=True):
        np.testing.assert_allclose(u, -expected * g, rtol=1e-6)


def test_critical_rates_tanh_and_errors():
    rate_b, rate_w = critical_rates("tanh", [4, 10, 10, 1], 1.2, 0.9)
    np.testing.assert_allclose(rate_b, [1.2, 0.6, 0.4])
    np.testing.assert_allclose(rate_w, [0.9 / 4, 0.09, 0.09])
    with pytest.raises(NucmassError):
        critical_rates("softplus", [2, 10, 10, 1], 1.0, 1.0)


def test_initialization_per_regime():
    assert initialization("cict", "relu") == (0.0, 2.0)
    assert initialization("nint", "relu") == (0.0, 1.0)
    assert initialization("cint", "tanh") == (0.0, 1.0)
    assert initialization("adam", "gelu", 0.0, 1.0) == (0.0, 1.0)
    with pytest.raises(NucmassError):
        initialization("adam", "gelu")


def test_configs_round_trip_and_reject_bad_values():
    model = FNNConfig(width=12, depth=2, activation="tanh", c_w=1.5, c_b=0.0)
    training = Regime("nint", batch_size=32, raw_rates=(1, 2))
    assert config_from_dict("fnn", model.to_dict()) == model
    assert training_from_dict(training.to_dict()) == training
    assert training.raw_rates == (1.0, 2.0)
    with pytest.raises(NucmassError):
        Regime(regime="fancy")
    with pytest.raises(NucmassError):
        FNNConfig.from_dict({"width": 3, "colour": "red"})
