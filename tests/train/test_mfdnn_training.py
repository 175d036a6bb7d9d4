"""MFDNN training through ``fit`` and the pipeline: scaling, the Adam + L2 update, missing
inputs, choosing lambda on a validation carve, reference and feature inputs."""

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd
import pytest

from nucmass.analysis.recipes import grid_candidates
from nucmass.data.features import SHELL_FEATURES, shell_features
from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError
from nucmass.models.ensemble import map_arrays
from nucmass.models.mfdnn import MFDNN, MFDNNConfig
from nucmass.models.saved import load_model
from nucmass.pipeline import choose
from nucmass.train import Adam, fit
from nucmass.train.validation import carve_validation

# paper 002's network (NNh2 on every input), as the first-step test writes it out by hand
CONFIG = MFDNNConfig(low_fidelity=("HFB26",), width=8, depth=2, l2=1e-3,
                     target="binding_energy", nonlinear_theory=True)  # fmt: skip
TRAINING = Adam(epochs=200, learning_rate=3e-3)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """'Experiment' = HFB26 + a smooth nonlinear correction (MeV); 80/20 train/test."""
    hfb26 = load_theory("HFB26").query("Z >= 20 and Z <= 40 and N <= 60")
    correction = np.sin(hfb26.N.to_numpy() / 7.0) + 0.02 * (hfb26.Z.to_numpy() - 30) ** 2
    part = np.where(np.random.default_rng(0).random(len(hfb26)) < 0.8, "train", "test")
    frame = hfb26[["Z", "N"]].assign(binding_energy=hfb26.binding_energy + correction, part=part)
    return frame.reset_index(drop=True)


def _hfb26_mass_excess(rows: pd.DataFrame) -> np.ndarray:
    hfb26 = load_theory("HFB26").set_index(["Z", "N"]).mass_excess
    return hfb26.reindex(pd.MultiIndex.from_frame(rows[["Z", "N"]])).to_numpy()


def test_target_scale_is_the_linear_fit_residual(table):
    model = fit(CONFIG, table, TRAINING.replace(epochs=1), progress=False)
    train = table[table.part == "train"]
    design = np.column_stack([train.N, train.Z, _hfb26_mass_excess(train), np.ones(len(train))])
    coef, *_ = np.linalg.lstsq(design, train.binding_energy, rcond=None)
    expected = np.sqrt(np.mean((design @ coef - train.binding_energy) ** 2))
    assert float(model.scaling.target_scale) == pytest.approx(expected, rel=1e-6)
    assert float(model.scaling.target_shift) == pytest.approx(train.binding_energy.mean())


def test_first_step_is_adam_on_mse_plus_l2_of_nnh2(table):
    config = CONFIG.replace(linear_init="random")
    model = fit(config, table, Adam(epochs=1, learning_rate=3e-3), seeds=[5], progress=False)
    train = table[table.part == "train"]
    x_raw = np.column_stack([train.N, train.Z, _hfb26_mass_excess(train)])
    s = model.scaling
    x = jnp.asarray((x_raw - s.input_shift) / s.input_scale, jnp.float32)
    y = jnp.asarray((train.binding_energy - s.target_shift) / s.target_scale, jnp.float32)
    net = MFDNN.init(jax.random.PRNGKey(5), 3, 8, 2)

    def loss(p):  # written out independently of the library's loss
        penalty = sum(jnp.sum(w**2) for w in p.nonlinear.weights)
        return jnp.mean((p.linear(x) + p.nonlinear(x) - y) ** 2) + config.l2 * penalty

    grads = jax.grad(loss)(net)
    # Adam's first step with bias correction: -lr * g / (|g| + eps)
    expected = jax.tree.map(lambda p, g: p - 3e-3 * g / (jnp.abs(g) + 1e-8), net, grads)
    got = map_arrays(lambda leaf: leaf[0], model.members)
    for a, b in zip(jax.tree.leaves(got), jax.tree.leaves(expected), strict=True):
        np.testing.assert_allclose(a, b, atol=2e-6)


def test_training_lowers_the_loss_and_beats_the_baseline(table):
    model = fit(CONFIG, table, TRAINING.replace(epochs=400), seeds=[0, 1],
                progress=False)  # fmt: skip
    losses = model.history.losses
    assert losses.shape == (2, 400) and np.isfinite(losses).all()
    assert (losses[:, -1] < 0.5 * losses[:, 0]).all() and model.status == ("ok", "ok")
    test = table[table.part == "test"]
    residual = model.predict(test.Z.to_numpy(), test.N.to_numpy()) - test.binding_energy
    baseline = load_theory("HFB26").set_index(["Z", "N"]).binding_energy
    theory = baseline.reindex(pd.MultiIndex.from_frame(test[["Z", "N"]])).to_numpy()
    assert np.sqrt(np.mean(residual**2)) < np.sqrt(np.mean((theory - test.binding_energy) ** 2))


def test_nuclei_without_a_low_fidelity_value_are_left_out_and_counted(table):
    light = pd.DataFrame({"Z": [4], "N": [4], "binding_energy": [56.5], "part": ["train"]})
    with_light = pd.concat([table, light], ignore_index=True)
    model = fit(CONFIG, with_light, TRAINING.replace(epochs=20), progress=False)
    assert model.info["missing"] == 1 and model.info["missing_nuclei"] == [[4, 4]]
    assert np.isfinite(model.history.losses).all()
    assert np.isnan(model.predict([4], [4])).all()


def test_lambda_is_chosen_on_a_validation_part_of_train(table):
    carved = carve_validation(table, seed=1)
    n_train = (table.part == "train").sum()
    assert len(carved) == n_train and (carved.part == "validation").sum() == round(0.2 * n_train)
    candidates = grid_candidates("l2", [1e-4, 1e-1])
    assert candidates == {"l2=0.0001": {"model": {"l2": 1e-4}}, "l2=0.1": {"model": {"l2": 0.1}}}
    best, scores = choose(CONFIG, TRAINING.replace(epochs=50), table, candidates, seed=1)
    assert best == scores.candidate[scores.validation_rmsd.idxmin()]
    assert (scores.n_validation == round(0.2 * n_train)).all()


def test_reference_inputs_are_differences_between_tables(table):
    config = CONFIG.replace(low_fidelity=("FRDM95",), reference="HFB26")
    model = fit(config, table, TRAINING.replace(epochs=5), progress=False)
    test = table[table.part == "test"]
    x, covered = model.inputs(test.Z.to_numpy(), test.N.to_numpy())
    theory = {k: load_theory(k).set_index(["Z", "N"]).mass_excess for k in ("FRDM95", "HFB26")}
    keys = pd.MultiIndex.from_frame(test[["Z", "N"]])
    difference = theory["FRDM95"].reindex(keys) - theory["HFB26"].reindex(keys)
    s = model.scaling
    expected = (difference.to_numpy() - s.input_shift[2]) / s.input_scale[2]
    assert (covered == np.isfinite(expected)).all() and x.shape == (len(test), 3)
    np.testing.assert_allclose(x[covered, 2], expected[covered], rtol=1e-5, atol=1e-5)


def test_shell_features_are_appended_standardized_and_saved(table, tmp_path):
    config = CONFIG.replace(features="shell")
    model = fit(config, table, TRAINING.replace(epochs=5), progress=False)
    test = table[table.part == "test"]
    z, n = test.Z.to_numpy(), test.N.to_numpy()
    x, _ = model.inputs(z, n)
    s = model.scaling
    assert x.shape == (len(test), 3 + len(SHELL_FEATURES))
    expected = (shell_features(z, n) - s.input_shift[3:]) / s.input_scale[3:]
    np.testing.assert_allclose(x[:, 3:], expected, rtol=1e-5, atol=1e-5)
    loaded = load_model(model.save(tmp_path / "m"))
    assert loaded.config.features == "shell"
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
