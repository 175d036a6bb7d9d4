"""``nucmass train fnn`` end to end: table, saved ensemble and tables, prediction in MeV."""

import json

import numpy as np
import pandas as pd

from nucmass.cli import main
from nucmass.models import load_model

# standardized targets and small rates: no member collapses to a constant in 20 epochs
ARGV = ["train", "fnn", "--width", "6", "--depth", "1", "--epochs", "20", "--seeds", "2",
        "--regime", "cint", "--target-scaling", "standard", "--raw-rates", "0.3", "0.1",
        "--json"]  # fmt: skip


def test_train_fnn_writes_a_loadable_ensemble(tmp_path, capsys):
    out = tmp_path / "fnn"
    assert main([*ARGV, "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [m["seed"] for m in printed["members"]] == [0, 1]
    assert printed["sizes"] == {"train": 3558}
    model = load_model(out)
    assert model.family == "fnn" and model.info["training"]["regime"] == "cint"
    assert [m["status"] for m in printed["members"]] == ["ok", "ok"]
    prediction = model.predict(np.array([26]), np.array([30]))
    assert prediction.shape == (1,) and np.isfinite(prediction).all()
    rmsd = model.info["rmsd_MeV"]["train"]
    assert np.allclose(rmsd, [m["rmsd_train_MeV"] for m in printed["members"]])
    assert np.load(out / "losses.npz")["losses"].shape == (2, 20)
    predictions = pd.read_csv(out / "predictions.csv")
    assert len(predictions) == 3558 and {"predicted", "residual"} <= set(predictions)


def test_an_existing_out_is_refused_unless_overwrite(tmp_path, capsys):
    out = tmp_path / "fnn"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    argv = [*ARGV, "--epochs", "2", "--seeds", "1", "--out", str(out)]
    assert main(argv) == 2
    assert "--overwrite" in capsys.readouterr().err and (out / "keep.txt").exists()
    assert main([*argv, "--overwrite"]) == 0
    assert not (out / "keep.txt").exists() and load_model(out).size == 1


def test_bad_regime_for_activation_is_one_line_error(tmp_path, capsys):
    argv = ["train", "fnn", "--activation", "gelu", "--regime", "cict", "--epochs", "2",
            "--out", str(tmp_path / "x")]  # fmt: skip
    assert main(argv) == 2
    assert "give c_b and c_w" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
