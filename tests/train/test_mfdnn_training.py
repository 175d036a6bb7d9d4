"""MFDNN training: scaling, the Adam + L2 update, missing inputs, choosing lambda."""

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd
import pytest

from nucmass.data.features import SHELL_FEATURES, shell_features
from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError
from nucmass.models.base import load_model
from nucmass.models.mfdnn import MFDNN
from nucmass.train.mfdnn import MFDNNConfig, fit_scaling, select_l2, train_mfdnn
from nucmass.train.validation import carve_validation

CONFIG = MFDNNConfig(
    low_fidelity=("HFB26",),
    width=8,
    depth=2,
    epochs=200,
    l2=1e-3,
    learning_rate=3e-3,
    target="binding_energy",
)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """'Experiment' = HFB26 + a smooth nonlinear correction (MeV); 80/20 train/test."""
    hfb26 = load_theory("HFB26").query("Z >= 20 and Z <= 40 and N <= 60")
    correction = np.sin(hfb26.N.to_numpy() / 7.0) + 0.02 * (hfb26.Z.to_numpy() - 30) ** 2
    part = np.where(np.random.default_rng(0).random(len(hfb26)) < 0.8, "train", "test")
    frame = hfb26[["Z", "N"]].assign(binding_energy=hfb26.binding_energy + correction, part=part)
    return frame.reset_index(drop=True)


def test_target_scale_is_the_linear_fit_residual(table):
    train = table[table.part == "train"].assign(M_HFB26=0.0)
    hfb26 = load_theory("HFB26").set_index(["Z", "N"]).mass_excess
    train["M_HFB26"] = hfb26.reindex(pd.MultiIndex.from_frame(train[["Z", "N"]])).to_numpy()
    scaling = fit_scaling(train, CONFIG)
    design = np.column_stack([train.N, train.Z, train.M_HFB26, np.ones(len(train))])
    coef, *_ = np.linalg.lstsq(design, train.binding_energy, rcond=None)
    expected = np.sqrt(np.mean((design @ coef - train.binding_energy) ** 2))
    assert scaling["target_std"] == pytest.approx(expected, rel=1e-6)
    assert scaling["target_mean"] == pytest.approx(train.binding_energy.mean())


def test_first_step_is_adam_on_mse_plus_l2_of_nnh2(table):
    config = CONFIG.replace(epochs=1, linear_init="random")
    result = train_mfdnn(config, [5], table)
    train = table[table.part == "train"]
    x_raw = np.column_stack(
        [
            train.N,
            train.Z,
            load_theory("HFB26")
            .set_index(["Z", "N"])
            .mass_excess.reindex(pd.MultiIndex.from_frame(train[["Z", "N"]]))
            .to_numpy(),
        ]
    )
    s = result.model.scaling
    x = jnp.asarray((x_raw - s["input_mean"]) / np.asarray(s["input_std"]), jnp.float32)
    y = jnp.asarray((train.binding_energy - s["target_mean"]) / s["target_std"], jnp.float32)
    net = MFDNN.init(jax.random.PRNGKey(5), 3, 8, 2)

    def loss(p):  # written out independently of the library's loss
        penalty = sum(jnp.sum(w**2) for w in p.nonlinear.weights)
        return jnp.mean((p.linear(x) + p.nonlinear(x) - y) ** 2) + config.l2 * penalty

    grads = jax.grad(loss)(net)
    # Adam's first step with bias correction: -lr * g / (|g| + eps)
    expected = jax.tree.map(lambda p, g: p - 3e-3 * g / (jnp.abs(g) + 1e-8), net, grads)
    got = jax.tree.map(lambda leaf: leaf[0], result.model.nets)
    for a, b in zip(jax.tree.leaves(got), jax.tree.leaves(expected), strict=True):
        np.testing.assert_allclose(a, b, atol=2e-6)


def test_training_lowers_the_loss_and_beats_the_baseline(table):
    result = train_mfdnn(CONFIG.replace(epochs=400), [0, 1], table)
    assert result.losses.shape == (2, 400) and np.isfinite(result.losses).all()
    assert (result.losses[:, -1] < 0.5 * result.losses[:, 0]).all()
    test = table[table.part == "test"]
    residual = result.model.predict(test.Z.to_numpy(), test.N.to_numpy()) - test.binding_energy
    baseline = load_theory("HFB26").set_index(["Z", "N"]).binding_energy
    theory = baseline.reindex(pd.MultiIndex.from_frame(test[["Z", "N"]])).to_numpy()
    assert np.sqrt(np.mean(residual**2)) < np.sqrt(np.mean((theory - test.binding_energy) ** 2))


def test_missing_low_fidelity_is_an_error_or_a_report_never_nan(table):
    with_light = pd.concat(
        [table, pd.DataFrame({"Z": [4], "N": [4], "binding_energy": [56.5], "part": ["train"]})]
    )
    with pytest.raises(NucmassError, match="lack a low-fidelity value"):
        train_mfdnn(CONFIG, [0], with_light)
    result = train_mfdnn(CONFIG.replace(epochs=20), [0], with_light, on_missing="drop")
    assert result.missing[["Z", "N"]].values.tolist() == [[4, 4]]
    assert result.model.info["missing_train"] == 1
    assert np.isfinite(result.losses).all()


def test_lambda_is_chosen_on_a_validation_part_of_train(table):
    carved = carve_validation(table, seed=1)
    n_train = (table.part == "train").sum()
    assert len(carved) == n_train and (carved.part == "validation").sum() == round(0.2 * n_train)
    best, scores = select_l2(CONFIG.replace(epochs=50), table, [1e-4, 1e-1], seed=1)
    assert best == scores.l2[scores.validation_rmsd.idxmin()]
    assert (scores.n_validation == round(0.2 * n_train)).all()


def test_reference_inputs_are_differences_between_tables(table):
    config = CONFIG.replace(low_fidelity=("FRDM95",), reference="HFB26", epochs=5)
    model = train_mfdnn(config, [0], table, on_missing="drop").model
    test = table[table.part == "test"]
    x, covered = model.inputs(test.Z.to_numpy(), test.N.to_numpy())
    theory = {k: load_theory(k).set_index(["Z", "N"]).mass_excess for k in ("FRDM95", "HFB26")}
    keys = pd.MultiIndex.from_frame(test[["Z", "N"]])
    difference = theory["FRDM95"].reindex(keys) - theory["HFB26"].reindex(keys)
    s = model.scaling
    expected = (difference.to_numpy() - s["input_mean"][2]) / s["input_std"][2]
    assert (covered == np.isfinite(expected)).all() and x.shape == (len(test), 3)
    np.testing.assert_allclose(x[covered, 2], expected[covered], rtol=1e-5, atol=1e-5)


def test_shell_features_are_appended_standardized_and_saved(table, tmp_path):
    model = train_mfdnn(CONFIG.replace(features="shell", epochs=5), [0], table).model
    test = table[table.part == "test"]
    z, n = test.Z.to_numpy(), test.N.to_numpy()
    x, _ = model.inputs(z, n)
    s = model.scaling
    assert s["features"] == "shell" and x.shape == (len(test), 3 + len(SHELL_FEATURES))
    expected = (shell_features(z, n) - np.asarray(s["input_mean"][3:])) / s["input_std"][3:]
    np.testing.assert_allclose(x[:, 3:], expected, rtol=1e-5, atol=1e-5)
    loaded = load_model(model.save(tmp_path / "m"))
    np.testing.assert_allclose(loaded.predict(z, n), model.predict(z, n), rtol=1e-6)
    with pytest.raises(NucmassError, match="features must be one of"):
        CONFIG.replace(features="magic")


def test_edge_validation_is_the_ends_of_every_isotopic_chain():
    z = [20, 20, 20, 20, 21, 21, 21, 22, 22]
    n = [20, 22, 21, 23, 24, 25, 26, 30, 31]
    table = pd.DataFrame({"Z": z, "N": n, "binding_energy": 0.0, "part": "train"})
    table = pd.concat([table, table.head(1).assign(N=40, part="test")], ignore_index=True)
    carved = carve_validation(table, seed=0, how="edge")
    edges = carved[carved.part == "validation"][["Z", "N"]].values.tolist()
    assert edges == [[20, 20], [20, 23], [21, 24], [21, 26]]  # Z = 22 has 2 nuclei only
    assert len(carved) == 9  # the test nucleus is not used
    with pytest.raises(NucmassError, match="validation carve"):
        carve_validation(table, seed=0, how="outer")
