"""``nucmass train fnn`` end to end: table, saved ensemble, prediction in MeV."""

import json

import numpy as np

from nucmass.cli import main
from nucmass.models.base import load_model


def test_train_fnn_writes_a_loadable_ensemble(tmp_path, capsys):
    out = tmp_path / "fnn"
    argv = ["train", "fnn", "--width", "6", "--depth", "1", "--epochs", "20", "--seeds", "2",
            "--regime", "cint", "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [m["seed"] for m in printed["members"]] == [0, 1]
    assert printed["sizes"] == {"train": 3558}
    model = load_model(out)
    assert model.kind == "fnn" and model.info["training"]["regime"] == "cint"
    prediction = model.predict(np.array([26]), np.array([30]))
    assert prediction.shape == (1,) and np.isfinite(prediction).all()
    rmsd = model.info["rmsd_MeV"]["train"]
    assert np.allclose(rmsd, [m["rmsd_train_MeV"] for m in printed["members"]])
    assert np.load(out / "losses.npz")["losses"].shape == (2, 20)


def test_bad_regime_for_activation_is_one_line_error(tmp_path, capsys):
    argv = ["train", "fnn", "--activation", "gelu", "--regime", "cict", "--epochs", "2",
            "--out", str(tmp_path / "x")]  # fmt: skip
    assert main(argv) == 2
    assert "give c_b and c_w" in capsys.readouterr().err
