"""CoNN training: loss, a hand-checked first Adam step, loss decrease, ensembles."""

import dataclasses

import equinox as eqx
import jax
import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models.conn import CoNN, CoNNConfig
from nucmass.train.conn import TrainConfig, conn_loss, initial_model, train_conn, train_ensemble

TINY = CoNNConfig(bulk_width=8, bulk_depth=1, pairing_width=4, pairing_depth=1)


@pytest.fixture(scope="module")
def data():
    table = load_ame("ame2020").iloc[::10]
    return table.Z.to_numpy(), table.N.to_numpy(), table.binding_energy.to_numpy()


def test_loss_is_mse_plus_hand_written_penalties(data):
    z, n, b = data
    model = CoNN(TINY, key=jax.random.PRNGKey(0))
    changed = (model.shell.e_z.at[3].set(2.0), model.grid.values.at[1, 1].set(1.0))
    model = eqx.tree_at(lambda m: (m.shell.e_z, m.grid.values), model, changed)
    tc = TrainConfig(shell_l2=0.1, grid_smoothness=0.01, product_l2=0.0)
    mse = np.mean((np.asarray(model(z, n), np.float64) - b) ** 2)
    expected = mse + 0.1 * 4.0 + 0.01 * 4 * 1.0  # one node differs from its 4 neighbours
    assert float(conn_loss(model, z, n, b, tc)) == pytest.approx(expected, rel=1e-5)


def test_loss_penalises_the_shell_product(data):
    z, n, b = data
    config = dataclasses.replace(TINY, product_rank=1)
    model = initial_model(config, 0, z, n, b)  # small residuals: float32 MSE to 1e-6
    u = np.zeros((141, 1), np.float32)
    u[20, 0] = 3.0
    v = np.zeros((241, 1), np.float32)
    v[28, 0] = 2.0
    model = eqx.tree_at(lambda m: (m.product.u, m.product.v), model, (u, v))
    tc = TrainConfig(shell_l2=0.0, grid_smoothness=0.0, product_l2=0.1)
    mse = np.mean((np.asarray(model(z, n), np.float64) - b) ** 2)
    assert float(conn_loss(model, z, n, b, tc)) == pytest.approx(mse + 0.1 * 13.0, rel=1e-5)
    skeleton = CoNN(config.ablate("no-product"), key=jax.random.PRNGKey(0))
    ablated = jax.tree.unflatten(jax.tree.structure(skeleton), jax.tree.leaves(model))
    mse = np.mean((np.asarray(ablated(z, n), np.float64) - b) ** 2)
    assert float(conn_loss(ablated, z, n, b, tc)) == pytest.approx(mse, rel=1e-5)


def test_first_step_is_the_adam_sign_step(data):
    """Adam's first update is -lr * g / (|g| + eps), i.e. -lr * sign(g) for g != 0."""
    z, n, b = data
    tc = TrainConfig(steps=1, learning_rate=1e-3, final_learning_rate=1e-4)
    start = initial_model(TINY, 4, z, n, b)
    grads = eqx.filter_grad(conn_loss)(start, z, n, b, tc)
    trained, _ = train_conn(z, n, b, TINY, tc, seed=4)
    after, before = eqx.filter(trained, eqx.is_array), eqx.filter(start, eqx.is_array)
    moved = jax.tree.map(lambda a, s: np.asarray(a) - np.asarray(s), after, before)
    signs = eqx.filter(grads, eqx.is_array)
    for step, g in zip(jax.tree.leaves(moved), jax.tree.leaves(signs), strict=True):
        g = np.asarray(g)
        big = np.abs(g) > 1e-3  # where eps = 1e-8 is negligible
        np.testing.assert_allclose(step[big], -1e-3 * np.sign(g[big]), rtol=1e-3)


def test_a_few_steps_lower_the_loss(data):
    z, n, b = data
    tc = TrainConfig(steps=200, chunk=50, learning_rate=1e-2, final_learning_rate=1e-3)
    initial = float(conn_loss(CoNN(TINY, key=jax.random.PRNGKey(1)), z, n, b, tc))
    _, history = train_conn(z, n, b, TINY, tc, seed=1)
    assert history["steps"] == [50, 100, 150, 200]
    assert history["final_loss"] < 0.1 * initial
    assert history["loss"][-1] < history["loss"][0]


def test_ensemble_members_follow_their_seeds(data):
    z, n, b = data
    tc = TrainConfig(steps=20, chunk=20)
    ensemble, histories = train_ensemble(z, n, b, TINY, tc, seeds=[0, 1, 0])
    members = ensemble.predict_members(z, n)
    assert members.shape == (3, len(z)) and len(histories) == 3
    np.testing.assert_array_equal(members[0], members[2])
    assert np.abs(members[0] - members[1]).max() > 0
    assert ensemble.info["seeds"] == [0, 1, 0]


@pytest.mark.slow
def test_workers_give_the_same_members_as_one_process(data):
    z, n, b = data
    tc = TrainConfig(steps=20, chunk=20)
    one, _ = train_ensemble(z, n, b, TINY, tc, seeds=[0, 1])
    two, _ = train_ensemble(z, n, b, TINY, tc, seeds=[0, 1], workers=2)
    np.testing.assert_allclose(two.predict_members(z, n), one.predict_members(z, n), rtol=1e-5)


def test_bad_training_settings_raise():
    with pytest.raises(NucmassError):
        TrainConfig(steps=0)
    with pytest.raises(NucmassError):
        dataclasses.replace(TrainConfig(), final_learning_rate=0.0)


@pytest.mark.parametrize(
    "surface_symmetry, wigner", [(False, "none"), (True, "none"), (True, "linear")]
)
def test_initial_liquid_drop_coefficients_are_least_squares(data, surface_symmetry, wigner):
    """Targets built from known coefficients + the initial network give those coefficients."""
    z, n, _ = data
    config = dataclasses.replace(TINY, bulk_surface_symmetry=surface_symmetry, bulk_wigner=wigner)
    fresh = CoNN(config, key=jax.random.PRNGKey(7))
    a = (z + n).astype(float)
    columns = [a, -(a ** (2 / 3)), -z * (z - 1) / a ** (1 / 3), -((n - z) ** 2) / a]
    true = [15.5, 17.0, 0.70, 22.0] + ([30.0] if surface_symmetry else [])
    if surface_symmetry:
        columns.append((n - z) ** 2 / a ** (4 / 3))
    if wigner == "linear":
        columns.append(-(np.abs(n - z) + ((z == n) & (z % 2 == 1))) / a)
        true.append(35.0)
    network = np.asarray(fresh.bulk(z, n), np.float64) - np.column_stack(columns) @ np.asarray(
        fresh.bulk.coefficients, np.float64
    )
    b = np.column_stack(columns) @ np.array(true) + network
    start = initial_model(config, 7, z, n, b)
    np.testing.assert_allclose(np.asarray(start.bulk.coefficients), true, rtol=2e-3)
