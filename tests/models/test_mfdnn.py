"""The MFDNN architecture (paper 002): L2 on NNh2 only, linear branch, NNh2's inputs, saving,
missing inputs."""

import json

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from nucmass.data.lowfidelity import attach_low_fidelity, low_fidelity_values
from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError
from nucmass.models.ensemble import Ensemble, Scaling, stack_members
from nucmass.models.mfdnn import MFDNN, Linear, MFDNNConfig, l2_penalty
from nucmass.models.saved import load_model
from nucmass.presets import PAPER_MFDNN, preset
from nucmass.train.loop import make_runner


@pytest.fixture
def net():
    return MFDNN.init(jax.random.PRNGKey(3), 4, width=6, depth=3)


def test_l2_penalty_is_the_sum_of_squared_nnh2_weights(net):
    expected = sum(float(np.sum(np.asarray(w, float) ** 2)) for w in net.nonlinear.weights)
    assert float(l2_penalty(net)) == pytest.approx(expected, rel=1e-5)


def test_l2_gradient_touches_only_nnh2_weights(net):
    grads = jax.grad(l2_penalty)(net)
    for w, g in zip(net.nonlinear.weights, grads.nonlinear.weights, strict=True):
        np.testing.assert_allclose(g, 2 * w, rtol=1e-6)
    untouched = [grads.linear.weight, grads.linear.bias, *grads.nonlinear.biases]
    assert all(float(jnp.abs(g).max()) == 0.0 for g in untouched)


def test_components_sum_to_the_output(net):
    x = jax.random.normal(jax.random.PRNGKey(0), (7, 4))
    parts = net.components(x)
    np.testing.assert_allclose(parts["linear"] + parts["nonlinear"], net(x), rtol=1e-6)


def test_linear_branch_alone_recovers_a_linear_map():
    key_x, key_init = jax.random.split(jax.random.PRNGKey(1))
    x = jax.random.normal(key_x, (200, 4))
    w_true, b_true = jnp.array([0.7, -1.3, 2.0, 0.25]), 0.4
    y = x @ w_true + b_true
    linear = MFDNN.init(key_init, 4, 5, 2).linear  # random initial weights

    def loss(p, xs, ys):
        return jnp.mean((p(xs) - ys) ** 2)

    optimizer = optax.adam(0.03)
    run = make_runner(loss, optimizer, 1500)
    fitted, *_ = run(linear, optimizer.init(linear), jnp.array(False), key_init, x, y)
    np.testing.assert_allclose(fitted.weight, w_true, atol=1e-3)
    assert float(fitted.bias) == pytest.approx(b_true, abs=1e-3)


def _identity_model(column: int, width=3, depth=2) -> Ensemble:
    """A one-member MFDNN on (N, Z, M_HFB14, M_FRDM95) whose output (the mass excess, MeV)
    is exactly input ``column`` (NNh2 silenced, identity scaling)."""
    config = MFDNNConfig(width=width, depth=depth, features="none", nonlinear_theory=True)
    net = config.init(jax.random.PRNGKey(0), 4)
    weight = jnp.zeros(4).at[column].set(1.0)
    net = eqx.tree_at(lambda m: m.linear, net, Linear(weight, jnp.zeros(())))
    net = eqx.tree_at(lambda m: m.nonlinear.weights[-1], net, jnp.zeros((width, 1)))
    return Ensemble(stack_members([net]), Scaling.of(np.zeros(4), np.ones(4)), config, ("ok",))


def test_mass_excess_output_converts_to_binding_energy():
    hfb14 = load_theory("HFB14").query("Z >= 20 and Z < 30")
    model = _identity_model(column=2)  # passes M_HFB14 through
    predicted = model.predict(hfb14.Z.to_numpy(), hfb14.N.to_numpy())
    covered = np.isfinite(predicted)
    assert covered.sum() > 50
    np.testing.assert_allclose(predicted[covered], hfb14.binding_energy[covered], atol=1e-3)


def test_uncovered_nuclei_predict_nan_and_save_load_round_trip(tmp_path):
    model = _identity_model(column=3)
    z, n = np.array([2, 26, 82]), np.array([2, 30, 126])  # 4He is not in FRDM95
    before = model.predict(z, n)
    assert np.isnan(before[0]) and np.isfinite(before[1:]).all()
    loaded = load_model(model.save(tmp_path / "m"))
    assert loaded.family == "mfdnn" and loaded.size == 1 and loaded.config == model.config
    np.testing.assert_array_equal(loaded.predict(z, n), before)


def test_missing_low_fidelity_value_is_reported_or_an_error():
    table = load_theory("KTUY05").query("Z in (4, 26)")[["Z", "N", "binding_energy"]]
    lowfi = low_fidelity_values(table.Z, table.N, "KTUY05,FRDM95")
    assert set(lowfi.missing.table) == {"FRDM95"}  # FRDM95 starts at Z = 8
    assert set(lowfi.missing.query("Z == 4").N) == set(table.query("Z == 4").N)
    with pytest.raises(NucmassError, match="FRDM95"):
        attach_low_fidelity(table, ["KTUY05", "FRDM95"])
    kept, missing = attach_low_fidelity(table, ["KTUY05", "FRDM95"], on_missing="drop")
    assert len(kept) + len(missing) == len(table) and len(kept) > 20
    assert np.isfinite(kept[["M_KTUY05", "M_FRDM95"]].to_numpy()).all()


def test_default_nnh2_sees_n_and_z_only():
    config = MFDNNConfig(width=5, depth=2)
    assert config.features == "none" and not config.nonlinear_theory
    assert config.nonlinear_columns(4) == (0, 1)
    assert config.init(jax.random.PRNGKey(0), 4).nonlinear.weights[0].shape == (2, 5)


def test_nnh2_without_theory_values_sees_the_features():
    config = MFDNNConfig(width=5, depth=2, features="shell")
    x, covered = config.raw_inputs(np.array([26, 50]), np.array([30, 82]))
    assert x.shape == (2, 13) and covered.all()  # N, Z, HFB14, FRDM95, 9 shell columns
    net = config.init(jax.random.PRNGKey(0), x.shape[1])
    assert net.nonlinear.weights[0].shape == (11, 5)
    inputs = jax.random.normal(jax.random.PRNGKey(1), (6, 13))
    moved = inputs.at[:, 2:4].add(3.0)  # only the theory columns change
    np.testing.assert_array_equal(
        net.components(moved)["nonlinear"], net.components(inputs)["nonlinear"]
    )
    assert not np.allclose(net.components(moved)["linear"], net.components(inputs)["linear"])
    parts = net.components(inputs)
    np.testing.assert_allclose(net(inputs), parts["linear"] + parts["nonlinear"], rtol=1e-6)


def test_the_paper_preset_has_paper_002s_inputs_in_both_branches():
    model, _ = preset("mfdnn-paper")
    assert model == PAPER_MFDNN and model.nonlinear_theory and model.features == "none"
    assert model.low_fidelity == ("HFB14", "FRDM95") and model.nonlinear_columns(4) is None
    x, _ = model.raw_inputs(np.array([26]), np.array([30]))
    hfb14 = load_theory("HFB14").query("Z == 26 and N == 30").mass_excess.item()
    np.testing.assert_allclose(x[0, :3], [30, 26, hfb14])
    assert (
        x.shape == (1, 4)
        and model.init(jax.random.PRNGKey(0), 4).nonlinear.weights[0].shape[0] == 4
    )
    assert preset("mfdnn")[0] == MFDNNConfig()


def test_configs_saved_before_nonlinear_theory_load_with_nnh2_on_every_input(tmp_path):
    saved = MFDNNConfig(features="none", nonlinear_theory=False).to_dict()
    assert MFDNNConfig.from_dict(saved).nonlinear_theory is False
    del saved["nonlinear_theory"]
    assert MFDNNConfig.from_dict(saved).nonlinear_theory is True
    model = _identity_model(column=2)
    path = model.save(tmp_path / "m")
    config = json.loads((path / "config.json").read_text())
    del config["model"]["nonlinear_theory"]
    (path / "config.json").write_text(json.dumps(config))
    z, n = np.array([26, 82]), np.array([30, 126])
    loaded = load_model(path)
    assert loaded.config == model.config
    np.testing.assert_array_equal(loaded.predict(z, n), model.predict(z, n))
