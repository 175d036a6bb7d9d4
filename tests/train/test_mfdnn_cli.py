"""``nucmass train mfdnn`` (registered on a bare parser) and the mfdnn experiments' smoke runs."""

import argparse
import json

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import train_mfdnn
from nucmass.experiments import reproduce
from nucmass.experiments.mfdnn_common import validation_carve
from nucmass.models.base import load_model


def _run(argv: list) -> int:
    parser = argparse.ArgumentParser()
    train_mfdnn.register(parser.add_subparsers())
    args = parser.parse_args(["mfdnn", *argv])
    return args.func(args)


def test_train_mfdnn_writes_a_loadable_model(tmp_path, capsys):
    out = tmp_path / "m"
    argv = ["--data", "ame2003", "--seeds", "2", "--epochs", "20", "--l2", "1e-3"]
    assert _run([*argv, "--out", str(out)]) == 0
    assert "ensemble mean" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["test"]["n"] == 386 and len(report["test"]["members"]) == 2
    predictions = pd.read_csv(out / "predictions.csv")
    model = load_model(out)
    np.testing.assert_allclose(
        model.predict(predictions.Z, predictions.N), predictions.binding_energy
    )


@pytest.mark.slow
def test_train_mfdnn_on_a_ws4_baseline(ripl_dir, tmp_path):
    out = tmp_path / "ws4"
    argv = [
        "--split",
        "measured",
        "--low-fidelity",
        "",
        "--baseline",
        "WS4",
        "--data-dir",
        str(ripl_dir),
        "--seeds",
        "1",
        "--epochs",
        "20",
        "--l2",
        "1e-3",
        "--out",
        str(out),
    ]
    assert _run(argv) == 0
    model = load_model(out)
    assert model.kind == "residual" and model.inner.kind == "mfdnn"
    report = json.loads((out / "report.json").read_text())
    assert report["test"]["n"] == 491 and "WS4" in report["test"]


def test_shell_features_and_a_lambda_grid_on_chain_end_validation(tmp_path):
    out = tmp_path / "shell"
    argv = ["--data", "ame2003", "--seeds", "1", "--epochs", "10", "--features", "shell"]
    argv += ["--l2", "1e-3,1e-2", "--validation", "edge", "--out", str(out)]
    assert _run(argv) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["validation"] == "edge" and [r["l2"] for r in report["l2_scores"]] == [
        1e-3,
        1e-2,
    ]
    assert load_model(out).scaling["features"] == "shell"


def test_extrapolation_splits_validate_on_chain_ends():
    assert validation_carve("measured-since-2016") == "edge"
    assert validation_carve("sigma100-ame2003") == validation_carve("measured") == "random"


def test_bad_l2_is_one_clear_error():
    from nucmass.errors import NucmassError

    with pytest.raises(NucmassError, match="--l2"):
        _run(["--l2", "small"])


@pytest.mark.slow
def test_paper_experiment_smoke(tmp_path):
    summary = reproduce("mfdnn_paper", "smoke", tmp_path)
    assert summary["sigma100-ame2003"]["n"] == 386
    assert (tmp_path / "fig5_nnh2.png").is_file()


@pytest.mark.slow
def test_residual_experiment_smoke(ripl_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("NUCMASS_DATA_DIR", str(ripl_dir))
    summary = reproduce("mfdnn_residual", "smoke", tmp_path)
    assert summary["measured"]["n"] == 491
