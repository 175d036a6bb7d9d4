"""The kernel ridge (``krr``) and baseline-averaging (``average``) families: fit, predict,
save/load round trip, accuracy beyond the bare baseline on held-out nuclei, stacking."""

import numpy as np
import pandas as pd
import pytest

from nucmass.data.splits import get_split
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd
from nucmass.models.average import AverageConfig, slots, stacking_weights, weights
from nucmass.models.krr import KRRConfig, choose_hyperparameters, kernel_features
from nucmass.models.saved import load_model
from nucmass.train.fit import fit

ONE = {"lengths": (3.0,), "odd_even": (0.5,), "alphas": (0.03,)}


@pytest.fixture(scope="module")
def table():
    """The measured split: train part for fitting, test part (491) held out."""
    return get_split("measured").table()


def _held_out(table):
    return table[table.part == "test"]


def test_krr_beats_its_baseline_and_round_trips(table, tmp_path):
    model = fit(KRRConfig(**ONE, subsample=0.9), table, seeds=[0, 1, 2], baseline="WS3",
                progress=False)  # fmt: skip
    assert model.size == 3 and model.family == "krr" and model.status == ("ok",) * 3
    test = _held_out(table)
    z, n, b = test.Z.to_numpy(), test.N.to_numpy(), test.binding_energy.to_numpy()
    bare = rmsd(theory_binding_energy(z, n, "WS3") - b)
    predicted = model.predict(z, n)
    assert rmsd(predicted - b) < 0.7 * bare  # 0.15 vs 0.25 MeV
    assert np.all(model.std(z, n) > 0)  # members on different subsamples differ
    loaded = load_model(model.save(tmp_path / "krr"))
    np.testing.assert_allclose(loaded.predict(z, n), predicted, rtol=0, atol=1e-9)
    assert loaded.config == model.config


def test_hyperparameters_are_chosen_on_a_carve_of_the_training_rows(table):
    train = table[table.part == "train"]
    x = kernel_features(train.Z, train.N)
    y = train.binding_energy.to_numpy() - theory_binding_energy(train.Z, train.N, "WS3")
    grid = {"lengths": (1.0, 3.0), "odd_even": (0.5,), "alphas": (0.03,)}
    scores = choose_hyperparameters(x, y, grid)
    assert len(scores) == 2 and scores.n_validation[0] == round(0.2 * len(train))
    assert scores.validation_rmsd.is_monotonic_increasing


def test_stacking_weights_are_a_convex_combination():
    rng = np.random.default_rng(0)
    truth = rng.normal(size=200)
    good, bad = truth + 0.1 * rng.normal(size=200), truth + rng.normal(size=200)
    found = stacking_weights(np.column_stack([bad, good, good + 5]), truth)
    assert found.min() >= 0 and found.sum() == pytest.approx(1) and found[1] > 0.8
    assert list(slots([0.5, 0.26, 0.24], 10)) == [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]


def test_average_members_are_the_baselines_in_proportion(table, tmp_path):
    config = AverageConfig(baselines=("WS3", "DUZU", "HFB14"), **ONE)
    model = fit(config, table, seeds=range(10), progress=False)
    share = weights(model)
    assert sum(share.values()) == pytest.approx(1) and share["WS3"] >= 0.4
    test = _held_out(table)
    z, n, b = test.Z.to_numpy(), test.N.to_numpy(), test.binding_energy.to_numpy()
    assert rmsd(model.predict(z, n) - b) < 0.17
    assert np.median(model.std(z, n)) > 0.01  # spread between the baselines
    loaded = load_model(model.save(tmp_path / "average"))
    np.testing.assert_allclose(loaded.predict(z, n), model.predict(z, n), rtol=0, atol=1e-9)
    assert weights(loaded) == share


def test_closed_form_models_calibrate_on_carves_of_the_training_part(table):
    from nucmass.models.ldm import LDMConfig
    from nucmass.uncertainty.heldout import calibrate

    model = calibrate(fit(LDMConfig(), table, progress=False), table)
    assert {"binding_energy", "S_2n"} <= set(model.calibration["models"])
    assert len(model.calibration["train_z"]) == (table.part == "train").sum()


def test_residual_averaging_smoke(tmp_path):
    from nucmass.experiments import reproduce

    summary = reproduce("residual_averaging", "smoke", tmp_path)
    rows = pd.read_csv(tmp_path / "residual_averaging.csv")
    scored = rows[rows.kind != "weight"].set_index("model").rmsd
    assert (rows.n == 491).all() and scored["stacked average"] < scored["WS32011"]
    assert rows[rows.kind == "weight"].weight.sum() == pytest.approx(1)
    assert (tmp_path / "residual_averaging.png").stat().st_size > 20_000
    assert summary["n"] == {"measured": 491}
    selection = pd.read_csv(tmp_path / "kernel_selection.csv")
    scores = selection[["random_rmsd", "ends_rmsd", "test_rmsd"]].to_numpy()
    assert len(selection) == 1 and (scores > 0.1).all()
    assert set(summary["kernel_selection"]["measured"]) >= {
        "ends carve picks",
        "random carve picks",
    }
    coverage = pd.read_csv(tmp_path / "coverage.csv")
    masses = coverage[(coverage.quantity == "binding_energy") & (coverage.subset == "all")]
    assert masses.n.iloc[0] == 491 and 0.8 < masses.within_2sigma.iloc[0] <= 1.0


def test_shipped_best_model_predicts_with_calibrated_intervals():
    from nucmass.models.pretrained import resolve

    model = load_model("best")
    assert model.family == "average" and model.size == 20 and model.calibration
    assert sum(p.stat().st_size for p in resolve("best").iterdir()) < 5e6
    predicted = model.predict(["208Pb", "56Fe"])
    np.testing.assert_allclose(predicted, [1636.430, 492.260], atol=0.3)
