"""CoNN training through ``fit``: penalties, a hand-checked first Adam step, loss decrease,
members and their seeds, divergence, initial liquid-drop coefficients."""

import dataclasses

import equinox as eqx
import jax
import numpy as np
import pandas as pd
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models.conn import CoNN, CoNNConfig
from nucmass.models.conn_modules import LIGHT_TERMS, light_terms
from nucmass.models.ensemble import map_arrays
from nucmass.presets import TINY_CONN
from nucmass.train import Adam, fit

ADAM = Adam(epochs=20, learning_rate=1e-2, schedule="exponential", final_learning_rate=1e-3)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_ame("ame2020").iloc[::10][["Z", "N", "binding_energy"]].reset_index(drop=True)


def _xy(table):
    x = table[["Z", "N"]].to_numpy(dtype=float)
    return x, table.binding_energy.to_numpy()


def _first(tree):
    """Member 0 of stacked members."""
    return map_arrays(lambda leaf: leaf[0], tree)


@eqx.filter_jit
def _apply(config, member, x):
    return config.apply(member, x)


def _mse(config, member, table) -> float:
    x, b = _xy(table)
    predicted = np.asarray(_apply(config, member, x.astype(np.float32)), np.float64)
    return float(np.mean((predicted - b) ** 2))


def test_penalties_are_the_hand_written_sums():
    config = dataclasses.replace(TINY_CONN, shell_l2=0.1, grid_smoothness=0.01, product_l2=0.1)
    model = CoNN(config, key=jax.random.PRNGKey(0))
    u, v = np.zeros((141, 2), np.float32), np.zeros((241, 2), np.float32)
    u[20, 0], v[28, 1] = 3.0, 2.0
    changed = (model.shell.e_z.at[3].set(2.0), model.grid.values.at[1, 1].set(1.0), u, v)
    where = lambda m: (m.shell.e_z, m.grid.values, m.product.u, m.product.v)  # noqa: E731
    model = eqx.tree_at(where, model, changed)
    # e_Z = 2 at one Z; one grid node differs by 1 from its 4 neighbours; u, v of 9 + 4
    expected = 0.1 * 4.0 + 0.01 * 4 * 1.0 + 0.1 * 13.0
    assert float(config.penalty(model)) == pytest.approx(expected, rel=1e-5)
    assert float(config.ablate("no-product").penalty(model)) == pytest.approx(0.44, rel=1e-5)


def test_recorded_loss_is_the_mse_plus_the_penalty_of_the_initial_member(table):
    ensemble = fit(TINY_CONN, table, ADAM, seeds=[3], progress=False)
    start = _first(ensemble.history.initial)
    expected = _mse(TINY_CONN, start, table) + float(eqx.filter_jit(TINY_CONN.penalty)(start))
    assert ensemble.history.losses[0, 0] == pytest.approx(expected, rel=1e-4)


def test_first_step_is_the_adam_sign_step(table):
    """Adam's first update is -lr * g / (|g| + eps), i.e. -lr * sign(g) for g != 0."""
    ensemble = fit(TINY_CONN, table, Adam(epochs=1, learning_rate=1e-3), seeds=[4], progress=False)
    start, trained = _first(ensemble.history.initial), _first(ensemble.members)
    x, b = _xy(table)

    def loss(member):  # written out independently of the library's loss
        predicted = TINY_CONN.apply(member, x.astype(np.float32))
        return ((predicted - b) ** 2).mean() + TINY_CONN.penalty(member)

    grads = eqx.filter_jit(eqx.filter_grad(loss))(start)
    arrays = [eqx.filter(tree, eqx.is_inexact_array) for tree in (trained, start, grads)]
    for after, before, g in zip(*(jax.tree.leaves(a) for a in arrays), strict=True):
        step, g = np.asarray(after) - np.asarray(before), np.asarray(g)
        big = np.abs(g) > 1e-3  # where eps = 1e-8 is negligible
        np.testing.assert_allclose(step[big], -1e-3 * np.sign(g[big]), rtol=1e-3)


def test_a_few_hundred_epochs_lower_the_loss(table):
    training = ADAM.replace(epochs=200)
    ensemble = fit(TINY_CONN, table, training, seeds=[1], chunk_epochs=50, progress=False)
    losses = ensemble.history.losses[0]
    assert losses.shape == (200,) and np.isfinite(losses).all()
    # from the least-squares liquid drop of ``prepare`` (~4 MeV) well below it
    assert losses[-1] < 0.5 * losses[0] and ensemble.status == ("ok",)


def test_members_follow_their_seeds_whatever_the_ensemble(table):
    pair = fit(TINY_CONN, table, ADAM, seeds=[0, 1], progress=False)
    single = fit(TINY_CONN, table, ADAM, seeds=[1], progress=False)
    z, n = table.Z, table.N
    members = pair.predict_members(z, n)
    assert members.shape == (2, len(table)) and pair.seeds == [0, 1]
    np.testing.assert_allclose(members[1], single.predict_members(z, n)[0], rtol=1e-6)
    assert np.abs(members[0] - members[1]).max() > 0


@pytest.mark.slow
def test_workers_give_the_same_members_as_one_process(table):
    one = fit(TINY_CONN, table, ADAM, seeds=[0, 1], progress=False)
    two = fit(TINY_CONN, table, ADAM, seeds=[0, 1], workers=2, progress=False)
    z, n = table.Z, table.N
    np.testing.assert_allclose(two.predict_members(z, n), one.predict_members(z, n), rtol=1e-5)


def test_a_diverging_member_is_marked_and_never_predicts(table):
    """A huge step size overflows the loss at the second epoch: the member is frozen there."""
    training = Adam(epochs=5, learning_rate=1e16)
    ensemble = fit(TINY_CONN, table, training, seeds=[0], progress=False)
    losses = ensemble.history.losses[0]
    assert ensemble.status == ("diverged",)
    assert np.isfinite(losses[0]) and np.isnan(losses[1:]).all()
    with pytest.raises(NucmassError, match="failed in training"):
        ensemble.predict(table.Z, table.N)
    assert ensemble.predict_members(table.Z, table.N, include_failed=True).shape == (1, len(table))


def test_bad_training_settings_raise():
    with pytest.raises(NucmassError):
        Adam(epochs=0)
    with pytest.raises(NucmassError):
        Adam(schedule="exponential", final_learning_rate=0.0)
    with pytest.raises(NucmassError, match="penalty"):
        CoNNConfig(shell_l2=-1.0)


@pytest.mark.parametrize(
    "surface_symmetry, wigner, light",
    [(False, "none", ()), (True, "none", ()), (True, "linear", ()), (True, "none", LIGHT_TERMS)],
)
def test_initial_liquid_drop_coefficients_are_least_squares(table, surface_symmetry, wigner,
                                                            light):  # fmt: skip
    """Targets built from known coefficients + the initial network give those coefficients."""
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    config = dataclasses.replace(TINY_CONN, bulk_surface_symmetry=surface_symmetry,
                                 bulk_wigner=wigner, bulk_light=light)  # fmt: skip
    fresh = CoNN(config, key=jax.random.PRNGKey(7))
    a = (z + n).astype(float)
    columns = [a, -(a ** (2 / 3)), -z * (z - 1) / a ** (1 / 3), -((n - z) ** 2) / a]
    true = [15.5, 17.0, 0.70, 22.0] + ([30.0] if surface_symmetry else [])
    if surface_symmetry:
        columns.append((n - z) ** 2 / a ** (4 / 3))
    if wigner == "linear":
        columns.append(-(np.abs(n - z) + ((z == n) & (z % 2 == 1))) / a)
        true.append(35.0)
    if light:  # alpha, wigner, ridge
        columns.extend(np.asarray(light_terms(z, n), np.float64).T)
        true.extend([3.0, 1.0, -2.0])
    terms = np.column_stack(columns)
    network = np.asarray(fresh.bulk(z, n), np.float64)
    network -= terms @ np.asarray(fresh.bulk.coefficients, np.float64)
    start = config.prepare(fresh, np.column_stack([z, n]).astype(float), terms @ true + network)
    np.testing.assert_allclose(np.asarray(start.bulk.coefficients), true, rtol=2e-3)
