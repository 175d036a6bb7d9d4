"""``fit`` on feed-forward networks: members equal lone trainings, strategies and workers
agree, losses are in MeV, a diverged member is frozen and kept out of predictions."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models import FNNConfig, load_model
from nucmass.train import Regime, fit, make_runner
from nucmass.train.studies import member_rmsd, member_table

MODEL = FNNConfig(width=8, depth=2, target_scaling="standard")  # no member collapses
TRAINING = Regime(epochs=40, switch_epoch=25, raw_rates=(0.3, 0.1), raw_rates_fine=(0.03, 0.01))


@pytest.fixture(scope="module")
def table():
    return load_ame("ame2020").sample(300, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="module")
def split(table):
    return table.assign(part=np.where(np.arange(len(table)) < 200, "train", "test"))


def _fit(data, model=MODEL, training=TRAINING, seeds=(0,), **options):
    return fit(model, data, training, seeds=list(seeds), progress=False, **options)


def _assert_same_members(a, b, index_a, index_b):
    np.testing.assert_allclose(a.history.losses[index_a], b.history.losses[index_b], rtol=1e-4)
    for x, y in zip(jax.tree.leaves(a.members), jax.tree.leaves(b.members), strict=True):
        np.testing.assert_allclose(x[index_a], y[index_b], rtol=1e-3, atol=1e-4)


def test_member_equals_lone_training_and_strategies_agree(table):
    vectorized = _fit(table, seeds=[5, 6, 7], strategy="vectorized", chunk_epochs=20)
    sequential = _fit(table, seeds=[5, 6, 7], strategy="sequential")
    alone = _fit(table, seeds=[6], strategy="sequential")
    assert vectorized.history.losses.shape == (3, 40) and vectorized.ok.all()
    _assert_same_members(vectorized, sequential, slice(None), slice(None))
    _assert_same_members(vectorized, alone, 1, 0)
    losses = vectorized.history.losses
    assert (losses[:, -1] < 0.95 * losses[:, 0]).all()  # it learns


def test_rmsd_is_binding_energy_rmsd_per_part(split):
    ensemble = _fit(split, training=TRAINING.replace(epochs=20), seeds=[1, 2])
    rmsd, sizes = member_rmsd(ensemble, split)
    assert list(rmsd) == ["train", "test"] and sizes == {"train": 200, "test": 100}
    test = split[split.part == "test"]
    members = ensemble.predict_members(test.Z, test.N)
    expected = np.sqrt(np.mean((members - test.binding_energy.to_numpy()) ** 2, axis=1))
    np.testing.assert_allclose(rmsd["test"], expected, rtol=1e-6)
    assert ensemble.info["n_train"] == 200


def test_standard_target_scaling_trains_on_standardized_b_and_reports_mev(split):
    ensemble = _fit(split, seeds=[3])
    b_train = split.binding_energy.to_numpy()[:200]
    scaling = ensemble.scaling
    assert (scaling.target_shift, scaling.target_scale) == pytest.approx(
        (b_train.mean(), b_train.std()), rel=1e-12
    )
    # the first recorded loss is the MAE (MeV) of the initial network
    initial = dataclasses.replace(ensemble, members=ensemble.history.initial)
    z, n = split.Z.to_numpy()[:200], split.N.to_numpy()[:200]
    mae0 = np.mean(np.abs(initial.predict_members(z, n)[0] - b_train))
    losses = ensemble.history.losses
    assert losses[0, 0] == pytest.approx(mae0, rel=1e-4)
    assert losses[0, -1] < 0.75 * losses[0, 0]  # learns, in MeV terms


def test_minibatch_training_records_one_loss_per_epoch(table):
    training = TRAINING.replace(batch_size=64, epochs=10, switch_epoch=5)
    losses = _fit(table, training=training).history.losses
    assert losses.shape == (1, 10) and np.isfinite(losses).all()


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


def test_a_diverged_member_is_frozen_scored_and_never_predicts(table):
    training = Regime("cint", epochs=20, switch_epoch=10, raw_rates=(1e6, 1e6), loss="mse")
    ensemble = _fit(table, MODEL.replace(width=4, depth=1), training, seeds=[0])
    rows = member_table(ensemble, table)
    assert rows.status.tolist() == ["diverged"] and rows.failed.tolist() == [True]
    assert np.isnan(rows.final_loss[0]) and np.isfinite(rows.rmsd_train[0])
    with pytest.raises(NucmassError, match="every member"):
        ensemble.predict(table.Z, table.N)


def test_saved_fnn_ensemble_loads_and_predicts_in_mev(table, tmp_path):
    ensemble = _fit(table, MODEL.replace(inputs=4), TRAINING.replace(epochs=5), seeds=[1, 2])
    assert ensemble.members.weights[0].shape == (2, 4, 8)  # (N, Z, N_0, Z_0) inputs
    loaded = load_model(ensemble.save(tmp_path / "m"))
    z, n = table.Z.to_numpy()[:5], table.N.to_numpy()[:5]
    np.testing.assert_allclose(loaded.predict_members(z, n), ensemble.predict_members(z, n))
    assert loaded.seeds == [1, 2] and loaded.config == ensemble.config
    assert np.load(tmp_path / "m" / "losses.npz")["losses"].shape == (2, 5)
