"""Zeng et al.'s networks: their input features, the nested input sets of FNNConfig,
hidden layers of different widths, the presets and ``nucmass train fnn --preset``."""

import json

import jax
import numpy as np
import pytest

from nucmass.cli import main
from nucmass.data.ame import load_ame
from nucmass.data.features import ws4_asymmetry_energy, zeng_magic_distance
from nucmass.errors import NucmassError
from nucmass.models import FNNConfig, load_model
from nucmass.presets import fnn_preset, preset, zeng_network
from nucmass.train import Regime, fit


def test_magic_distance_counts_nucleons_to_the_nearest_closed_shell():
    values = [0, 8, 14, 15, 24, 28, 39, 82, 104, 105, 150, 177]
    expected = [8, 0, 6, 5, 4, 0, 11, 0, 22, 21, 24, 7]
    np.testing.assert_array_equal(zeng_magic_distance(values), expected)


def test_ws4_asymmetry_energy_by_hand():
    # 208Pb: I = 44/208, a_sym = c_sym (1 - kappa / A^(1/3) + xi (2 - I) / (2 + I A))
    i, a = 44 / 208, 208.0
    a_sym = 30.1594 * (1 - 1.5189 / a ** (1 / 3) + 1.2230 * (2 - i) / (2 + i * a))
    assert ws4_asymmetry_energy(82, 126)[()] == pytest.approx(a_sym * i**2 * a, rel=1e-12)
    assert ws4_asymmetry_energy([20, 50], [20, 50]).tolist() == [0.0, 0.0]  # N = Z
    with pytest.raises(NucmassError):
        ws4_asymmetry_energy(0, 0)


def test_input_sets_are_nested_and_parities_stay_unscaled():
    table = load_ame("ame2020")
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    x7, covered = FNNConfig(inputs=7).raw_inputs(z, n)
    assert covered.all() and x7.shape == (len(table), 7)
    for k in (2, 4, 6):
        np.testing.assert_array_equal(FNNConfig(inputs=k).raw_inputs(z, n)[0], x7[:, :k])
    np.testing.assert_array_equal(x7[:, 2:4], np.column_stack([n % 2, z % 2]))
    shift, scale = FNNConfig(inputs=7).fit_input_scaling(x7, x7)
    scaled = (x7 - shift) / scale
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    np.testing.assert_array_equal(scaled[:, 2:4], x7[:, 2:4])
    with pytest.raises(NucmassError, match="inputs"):
        FNNConfig(inputs=3)


def test_hidden_layers_of_different_widths():
    model = FNNConfig(widths=[32, 16], activation="gelu", inputs=7)
    assert (model.width, model.depth, model.widths) == (32, 2, (32, 16))
    assert model.sizes == [7, 32, 16, 1] and FNNConfig(width=5, depth=2).sizes == [2, 5, 5, 1]
    net = model.init(jax.random.PRNGKey(0), 7, (0.0, 1.0))
    assert [w.shape for w in net.weights] == [(7, 32), (32, 16), (16, 1)]
    assert float(np.var(np.asarray(net.weights[1]))) == pytest.approx(1 / 32, rel=0.15)
    assert FNNConfig.from_dict(model.to_dict()) == model
    with pytest.raises(NucmassError, match="widths"):
        FNNConfig(widths=(4, 0))


def test_zeng_presets_are_the_published_networks():
    for k in (2, 4, 6, 7):
        model, training = preset(f"zeng-ann{k}")
        assert model.sizes == [k, 32, 16, 1] and model.activation == "gelu"
        assert (training.regime, training.adam_lr, training.loss) == ("adam", 1e-4, "mae")
    with pytest.raises(NucmassError, match="feed-forward"):
        fnn_preset("conn")


def test_zeng_network_trains_saves_and_predicts(tmp_path):
    table = load_ame("ame2020").sample(200, random_state=2).reset_index(drop=True)
    model, training = zeng_network(7, epochs=3, batch_size=64)
    ensemble = fit(model, table, training, seeds=[0], progress=False)
    loaded = load_model(ensemble.save(tmp_path / "zeng"))
    assert loaded.config == model
    np.testing.assert_allclose(loaded.predict(table.Z, table.N), ensemble.predict(table.Z, table.N))


def test_cli_preset_and_full_batch(tmp_path, capsys):
    argv = ["train", "fnn", "--preset", "zeng-ann4", "--epochs", "2", "--batch-size", "full",
            "--json", "--out", str(tmp_path / "z")]  # fmt: skip
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["members"][0]["status"] in ("ok", "collapsed")
    saved = load_model(tmp_path / "z")
    assert saved.config.widths == (32, 16) and saved.config.inputs == 4
    assert saved.info["training"]["batch_size"] is None
    assert saved.info["training"]["epochs"] == 2 and saved.info["training"]["regime"] == "adam"
    with pytest.raises(SystemExit, match="2"):
        main(["train", "fnn", "--batch-size", "none", "--out", str(tmp_path / "x")])
    assert Regime(batch_size="full").batch_size is None
