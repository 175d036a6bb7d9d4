"""The gradient-boosting comparison baseline of the MFDNN experiments."""

import numpy as np
import pandas as pd
import pytest

from nucmass.data.features import shell_features
from nucmass.experiments.mfdnn_boosting import boosting_inputs, fit_boosting


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """Target = 0.5 MeV odd-even staggering + a shell kink; 80/20 train/test."""
    z, n = np.meshgrid(np.arange(20, 50), np.arange(30, 70), indexing="ij")
    z, n = z.ravel(), n.ravel()
    target = 0.5 * (n % 2) + 0.1 * np.abs(shell_features(z, n)[:, 1])
    part = np.where(np.random.default_rng(0).random(len(z)) < 0.8, "train", "test")
    return pd.DataFrame({"Z": z, "N": n, "binding_energy": target, "part": part})


def test_inputs_are_n_z_and_the_feature_set(table):
    x = boosting_inputs(table.head(3), "shell")
    assert x.shape == (3, 11)
    np.testing.assert_array_equal(x[:, :2], table.head(3)[["N", "Z"]].to_numpy())
    assert boosting_inputs(table.head(3), "none").shape == (3, 2)


def test_grid_choice_is_by_validation_and_the_refit_generalizes(table):
    grid = {"learning_rate": (0.001, 0.1), "max_leaf_nodes": (15,)}
    regressor, scores = fit_boosting(table, "shell", grid)
    assert len(scores) == 2 and scores.validation_rmsd.idxmin() == 1  # 0.001 underfits
    assert regressor.get_params()["learning_rate"] == 0.1
    test = table[table.part == "test"]
    residual = regressor.predict(boosting_inputs(test, "shell")) - test.binding_energy
    assert np.sqrt(np.mean(residual**2)) < 0.1 * test.binding_energy.std()
