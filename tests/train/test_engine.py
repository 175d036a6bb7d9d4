"""train_ensemble: members equal lone trainings, strategies agree, divergence is masked."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pandas as pd
import pytest

from nucmass.data.ame import load_ame
from nucmass.models.base import load_model
from nucmass.models.ensemble import FNNEnsemble, load
from nucmass.train import TrainConfig, make_runner, train_ensemble


@pytest.fixture(scope="module")
def table():
    return load_ame("ame2020").sample(300, random_state=0).reset_index(drop=True)


CONFIG = TrainConfig(
    width=8,
    depth=2,
    epochs=40,
    switch_epoch=25,
    chunk_epochs=20,
    raw_rates=(1.0, 1.0),
    raw_rates_fine=(0.1, 0.1),
)


def test_member_equals_lone_training_and_strategies_agree(table):
    vec = train_ensemble(CONFIG.replace(strategy="vectorized"), [5, 6, 7], table)
    seq = train_ensemble(CONFIG.replace(strategy="sequential"), [5, 6, 7], table)
    alone = train_ensemble(CONFIG.replace(strategy="sequential"), [6], table)
    assert vec.losses.shape == (3, 40) and not vec.failed.any()
    for result in (vec, seq):
        np.testing.assert_allclose(result.losses[1], alone.losses[0], rtol=1e-4)
        for a, b in zip(jax.tree.leaves(result.final), jax.tree.leaves(alone.final), strict=True):
            np.testing.assert_allclose(a[1], b[0], rtol=1e-3, atol=1e-4)
    assert (vec.losses[:, -1] < 0.99 * vec.losses[:, 0]).all()  # it learns


def test_rmsd_is_binding_energy_rmsd_per_part(table):
    split = table.assign(part=np.where(np.arange(len(table)) < 200, "train", "test"))
    result = train_ensemble(CONFIG.replace(epochs=20), [1, 2], split)
    assert result.sizes == {"train": 200, "test": 100}
    model = FNNEnsemble.from_result(result)
    test = split[split.part == "test"]
    members = model.predict_members(test.Z.to_numpy(), test.N.to_numpy())
    expected = np.sqrt(np.mean((members - test.binding_energy.to_numpy()) ** 2, axis=1))
    np.testing.assert_allclose(result.rmsd["test"], expected, rtol=1e-4)


def test_standard_target_scaling_trains_on_standardized_b_and_reports_mev(table, tmp_path):
    split = table.assign(part=np.where(np.arange(len(table)) < 200, "train", "test"))
    config = CONFIG.replace(target_scaling="standard", raw_rates=(0.3, 0.1))
    result = train_ensemble(config, [3], split)
    b_train = split.binding_energy.to_numpy()[:200]
    np.testing.assert_allclose(result.target, (b_train.mean(), b_train.std()), rtol=1e-5)
    # the first recorded loss is the MAE (MeV) of the initial network mapped back to MeV
    model = FNNEnsemble.from_result(result)
    initial = FNNEnsemble(result.initial, result.scaler, 2, result.failed, target=result.target)
    z, n = split.Z.to_numpy()[:200], split.N.to_numpy()[:200]
    mae0 = np.mean(np.abs(initial.predict_members(z, n)[0] - b_train))
    assert result.losses[0, 0] == pytest.approx(mae0, rel=1e-4)
    test = split[split.part == "test"]
    residual = model.predict(test.Z.to_numpy(), test.N.to_numpy()) - test.binding_energy
    assert result.rmsd["test"][0] == pytest.approx(np.sqrt(np.mean(residual**2)), rel=1e-4)
    loaded = load_model(model.save(tmp_path / "scaled"))
    np.testing.assert_allclose(loaded.predict(z, n), model.predict(z, n), rtol=1e-6)
    assert result.losses[0, -1] < 0.75 * result.losses[0, 0]  # learns, in MeV terms


def test_minibatch_training_runs_with_history_per_epoch(table):
    result = train_ensemble(CONFIG.replace(batch_size=64, epochs=10, switch_epoch=5), [0], table)
    assert result.losses.shape == (1, 10) and np.isfinite(result.losses).all()


def test_diverging_member_is_masked_and_others_continue():
    # loss p^4 with rate 0.1: p0 = 0.5 converges, p0 = 10 overflows to inf
    vrun = make_runner(lambda p, x, y: jnp.sum(p**4), optax.sgd(0.1), 50, vectorize=True)
    params = jnp.array([0.5, 10.0])
    state = jax.vmap(optax.sgd(0.1).init)(params)
    keys = jax.random.split(jax.random.PRNGKey(0), 2)
    final, _, failed, _, losses = vrun(params, state, jnp.zeros(2, bool), keys, 0.0, 0.0)
    assert failed.tolist() == [False, True]
    assert np.isfinite(losses[0]).all() and np.isnan(losses[1, -1])
    assert np.isfinite(final).all() and 0 < float(final[0]) < 0.5
    expected = 0.5
    for _ in range(50):
        expected -= 0.1 * 4 * expected**3
    assert float(final[0]) == pytest.approx(expected, rel=1e-4)


def test_saved_ensemble_loads_and_predicts_in_mev(table, tmp_path):
    result = train_ensemble(CONFIG.replace(epochs=30), [1, 2], table)
    failed = np.array([False, True])
    model = FNNEnsemble(result.final, result.scaler, 2, failed, {"seeds": [1, 2]})
    model.save(tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    z, n = table.Z.to_numpy()[:5], table.N.to_numpy()[:5]
    np.testing.assert_allclose(loaded.predict_members(z, n), model.predict_members(z, n))
    np.testing.assert_allclose(loaded.predict(z, n), model.predict_members(z, n)[0], rtol=1e-6)
    assert model.predict_members(z, n).shape == (1, 5)  # the failed member is left out
    assert isinstance(load(tmp_path / "m"), FNNEnsemble) and loaded.info["seeds"] == [1, 2]


def test_four_inputs_use_parities(table):
    result = train_ensemble(CONFIG.replace(inputs=4, epochs=5), [0], table)
    assert result.initial.weights[0].shape == (1, 4, 8)
    assert isinstance(result.losses, np.ndarray) and isinstance(table, pd.DataFrame)
