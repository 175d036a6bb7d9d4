"""One ``fit`` for every family: same signature, same return type, failures recorded."""

import numpy as np
import pytest

from nucmass.data.splits import get_split
from nucmass.data.theory import theory_binding_energy
from nucmass.errors import NucmassError
from nucmass.models import CoNNConfig, Ensemble, FNNConfig, LDMConfig, MFDNNConfig, load_model
from nucmass.presets import TINY_CONN
from nucmass.train import Adam, Regime, fit

NUCLEI = (np.array([20, 50, 82]), np.array([28, 82, 126]))


@pytest.fixture(scope="module")
def split():
    return get_split("measured", seed=0)


@pytest.mark.parametrize(
    ("model", "training"),
    [
        (TINY_CONN, Adam(epochs=20, learning_rate=1e-2)),
        (FNNConfig(width=8, depth=2, target_scaling="standard"), Adam(epochs=20)),
        (MFDNNConfig(width=8, depth=2), Adam(epochs=20)),
        (LDMConfig(), None),
    ],
)
def test_every_family_fits_through_one_call(split, model, training):
    ensemble = fit(model, split, training, seeds=[0, 1], progress=False)
    assert isinstance(ensemble, Ensemble) and ensemble.family == model.family
    assert ensemble.info["n_train"] == 1966 and ensemble.info["split"] == "measured"
    predicted = ensemble.predict(*NUCLEI)
    assert np.all(np.isfinite(predicted)) and np.all((predicted > 300) & (predicted < 1700))


def test_two_workers_train_the_same_members_as_one(split):
    training = Adam(epochs=20, learning_rate=1e-2)
    one = fit(TINY_CONN, split, training, seeds=[3, 4], progress=False)
    two = fit(TINY_CONN, split, training, seeds=[3, 4], workers=2, progress=False)
    assert two.predict_members(*NUCLEI) == pytest.approx(one.predict_members(*NUCLEI), abs=1e-3)
    assert two.history.losses.shape == (2, 20)


def test_diverging_members_are_marked_and_kept_out(split):
    training = Regime("cint", epochs=20, switch_epoch=10, raw_rates=(1e2, 1e2), loss="mse")
    ensemble = fit(FNNConfig(width=4, depth=1), split, training, seeds=[0, 1], progress=False)
    assert ensemble.status == ("diverged", "diverged")
    with pytest.raises(NucmassError, match="every member"):
        ensemble.predict(*NUCLEI)


def test_a_constant_member_is_marked_collapsed(split):
    dead = FNNConfig(width=4, depth=2, c_b=0.0, c_w=0.0)  # zero weights: ReLU units stay off
    ensemble = fit(dead, split, Regime("cict", epochs=5, switch_epoch=3), progress=False)
    assert ensemble.status == ("collapsed",)


def test_members_that_learned_nothing_are_collapsed():
    from nucmass.train.fit import _collapsed

    y = np.linspace(-1.0, 1.0, 200)
    wiggle = 0.01 * np.sin(40 * y)
    outputs = np.stack([
        y + wiggle, y - wiggle, y + 2 * wiggle,  # learned: RMSD about 0.01
        np.full_like(y, 0.3),  # constant
        -0.2 * y,  # varies, but far worse than the others
        y + 30 * wiggle,  # 30x the RMSD of the good members
        np.full_like(y, np.nan),  # diverged: not usable, so not collapsed
    ])  # fmt: skip
    usable = np.array([True] * 6 + [False])
    assert _collapsed(outputs, y, usable).tolist() == [False] * 3 + [True] * 3 + [False]
    assert not _collapsed(outputs[:3], y, np.zeros(3, bool)).any()  # closed form: never


def test_a_baseline_model_predicts_theory_plus_correction(split):
    ensemble = fit(TINY_CONN, split, Adam(epochs=5), baseline="DUZU", progress=False)
    corrections = sum(ensemble.components(*NUCLEI).values())
    theory = theory_binding_energy(*NUCLEI, "DUZU")
    assert ensemble.predict(*NUCLEI) == pytest.approx(theory + corrections, abs=1e-3)
    assert ensemble.baseline == "DUZU" and ensemble.info["missing"] >= 0


def test_nuclei_a_table_lacks_are_counted_and_predicted_as_nan(split):
    model = MFDNNConfig(width=4, depth=1, low_fidelity=("HFB14",))
    ensemble = fit(model, split, Adam(epochs=5), progress=False)
    assert np.isnan(ensemble.predict([1], [0]))[0]  # 1H: not in HFB14
    assert ensemble.info["n_train"] + ensemble.info["missing"] == 1966


def test_a_mass_excess_model_predicts_binding_energies(split):
    ensemble = fit(MFDNNConfig(width=4, depth=1), split, Adam(epochs=50), progress=False)
    table = split.table()
    test = table[table.part == "test"]
    residual = ensemble.predict(test.Z, test.N) - test.binding_energy.to_numpy()
    assert np.sqrt(np.mean(residual**2)) < 2.0  # the linear branch alone reaches ~0.6 MeV


def test_a_per_nucleon_model_predicts_a_times_its_output(split, tmp_path):
    model = FNNConfig(width=8, depth=1, target="binding_per_nucleon", target_scaling="standard")
    ensemble = fit(model, split, Adam(epochs=200, learning_rate=1e-2), progress=False)
    train = split.table().query("part == 'train'")
    z, n = train.Z.to_numpy(), train.N.to_numpy()
    assert ensemble.scaling.target_shift == pytest.approx(np.mean(train.binding_energy / (z + n)))
    per_nucleon = ensemble.predict(z, n) / (z + n)
    assert np.sqrt(np.mean((per_nucleon - train.binding_energy / (z + n)) ** 2)) < 0.5
    loaded = load_model(ensemble.save(tmp_path / "m"))
    assert loaded.config.target == "binding_per_nucleon"
    np.testing.assert_allclose(loaded.predict(z, n), ensemble.predict(z, n))


@pytest.mark.parametrize("seeds", [[], [1, 1]])
def test_seeds_must_be_distinct_and_present(split, seeds):
    with pytest.raises(NucmassError, match="seeds"):
        fit(LDMConfig(), split, seeds=seeds)


def test_a_regime_needs_a_feed_forward_network(split):
    with pytest.raises(NucmassError, match="feed-forward"):
        fit(CoNNConfig(), split, Regime("cict", epochs=2), progress=False)
