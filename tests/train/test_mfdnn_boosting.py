"""The gradient-boosting comparison baseline of the MFDNN experiments (nucmass.baselines)."""

import numpy as np
import pandas as pd
import pytest

from nucmass.baselines import boosting_inputs, fit_boosting
from nucmass.data.features import shell_features
from nucmass.data.theory import load_theory, theory_binding_energy


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """Target = 0.5 MeV odd-even staggering + a shell kink; 80/20 train/test."""
    z, n = np.meshgrid(np.arange(20, 50), np.arange(30, 70), indexing="ij")
    z, n = z.ravel(), n.ravel()
    target = 0.5 * (n % 2) + 0.1 * np.abs(shell_features(z, n)[:, 1])
    part = np.where(np.random.default_rng(0).random(len(z)) < 0.8, "train", "test")
    return pd.DataFrame({"Z": z, "N": n, "binding_energy": target, "part": part})


def test_inputs_are_n_z_and_the_feature_set(table):
    head = table.head(3)
    x = boosting_inputs(head.Z, head.N, "shell")
    assert x.shape == (3, 11)
    np.testing.assert_array_equal(x[:, :2], head[["N", "Z"]].to_numpy())
    assert boosting_inputs(head.Z, head.N, "none").shape == (3, 2)


def test_grid_choice_is_by_validation_and_the_refit_generalizes(table):
    grid = {"learning_rate": (0.001, 0.3), "max_leaf_nodes": (15,)}
    model, scores = fit_boosting(table, "shell", grid=grid, max_iter=40)
    assert len(scores) == 2 and scores.validation_rmsd.idxmin() == 1  # 0.001 underfits
    assert model.regressor.get_params()["learning_rate"] == 0.3
    assert model.regressor.get_params()["max_iter"] == 40
    test = table[table.part == "test"]
    residual = model.predict(test.Z, test.N) - test.binding_energy
    assert np.sqrt(np.mean(residual**2)) < 0.1 * test.binding_energy.std()


def test_on_a_baseline_it_learns_the_residual_and_adds_the_baseline_back():
    """'Experiment' = HFB26 + 1 MeV from Z = 30 on: the trees learn the step, not B."""
    hfb26 = load_theory("HFB26").query("Z >= 20 and Z <= 40")[["Z", "N", "binding_energy"]]
    step = np.where(hfb26.Z >= 30, 1.0, 0.0)
    table = hfb26.assign(binding_energy=hfb26.binding_energy + step, part="train")
    light = pd.DataFrame({"Z": [2], "N": [2], "binding_energy": [28.3], "part": ["train"]})
    model, _ = fit_boosting(pd.concat([table, light]), "none", baseline="HFB26",
                            grid={"learning_rate": (0.3,), "max_leaf_nodes": (7,)},
                            max_iter=30)  # fmt: skip
    z, n = np.array([2, 35, 25]), np.array([2, 40, 30])  # 4He is not in HFB26
    predicted = model.predict(z, n)
    assert np.isnan(predicted[0])
    expected = theory_binding_energy(z[1:], n[1:], "HFB26") + np.array([1.0, 0.0])
    np.testing.assert_allclose(predicted[1:], expected, atol=0.05)
