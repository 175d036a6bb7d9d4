"""``nucmass train mfdnn`` (registered on a bare parser) and the mfdnn experiments' smoke runs."""

import argparse
import json

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main, train_mfdnn
from nucmass.data.splits import get_split
from nucmass.errors import NucmassError
from nucmass.experiments import reproduce
from nucmass.models.saved import load_model
from nucmass.presets import PAPER_MFDNN, preset


def _parse(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    train_mfdnn.register(parser.add_subparsers())
    return parser.parse_args(["mfdnn", *argv])


def _run(argv: list) -> int:
    args = _parse(argv)
    return args.func(args)


def test_the_default_is_the_mfdnn_preset_and_features_paper_paper_002s_network():
    args = _parse([])
    default, training, grid = train_mfdnn._configs(args, *train_mfdnn._l2(args.l2))
    assert default == preset("mfdnn")[0] and grid is None and training.epochs == 20000
    assert not default.nonlinear_theory
    args = _parse(["--features", "paper"])
    paper, *_ = train_mfdnn._configs(args, *train_mfdnn._l2(args.l2))
    assert paper == PAPER_MFDNN and paper.nonlinear_columns(4) is None


def test_a_bad_feature_set_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["train", "mfdnn", "--features", "bogus"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert exit.value.code == 2 and len(lines) == 1 and lines[0].startswith("nucmass: error: ")


def test_the_paper_experiment_keeps_paper_002s_network():
    from nucmass.experiments.mfdnn_paper import SCALES

    assert all(scale["model"]["nonlinear_theory"] for scale in SCALES.values())
    assert SCALES["paper"]["model"]["features"] == "none"


def test_the_extrapolation_carve_holds_out_chain_ends_of_the_training_part():
    from nucmass.experiments.mfdnn_extrapolation import deep_carve

    carved = deep_carve("sigma100-ame2016")
    train = get_split("sigma100-ame2016").table().query("part == 'train'")
    assert len(carved) == len(train) and set(carved.part) == {"train", "validation"}
    validation = carved[carved.part == "validation"]
    assert set(validation.step) == {1, 2, 3} and (carved[carved.part == "train"].step == 0).all()
    chain = carved[carved.Z == 50].sort_values("N")
    assert chain.step.tolist()[:3] == [3, 2, 1] and chain.step.tolist()[-3:] == [1, 2, 3]


def test_train_mfdnn_writes_a_loadable_model(tmp_path, capsys):
    out = tmp_path / "m"
    argv = ["--data", "ame2003", "--seeds", "2", "--epochs", "20", "--l2", "1e-3"]
    assert _run([*argv, "--out", str(out)]) == 0
    assert "ensemble mean" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["part"] == "test" and report["n"] == 386 and len(report["members"]) == 2
    assert report["choice"] is None and report["l2"] == 1e-3
    predictions = pd.read_csv(out / "predictions.csv")
    model = load_model(out)
    assert model.family == "mfdnn" and model.config.target == "mass_excess"
    np.testing.assert_allclose(
        model.predict(predictions.Z, predictions.N), predictions.predicted, rtol=1e-5
    )
    assert (out / "metrics.csv").is_file() and (out / "residual_chart.png").is_file()


def test_an_existing_out_is_refused_before_training_unless_overwritten(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    with pytest.raises(NucmassError, match="--overwrite"):
        _run(["--seeds", "1", "--epochs", "1", "--out", str(out)])


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
    assert model.family == "mfdnn" and model.baseline == "WS4"
    report = json.loads((out / "report.json").read_text())
    assert report["n"] == 491 and "WS4" in report


def test_shell_features_and_a_lambda_grid_on_chain_end_validation(tmp_path):
    out = tmp_path / "shell"
    argv = ["--data", "ame2003", "--seeds", "1", "--epochs", "10", "--features", "shell"]
    argv += ["--l2", "1e-3,1e-2", "--validation", "edge", "--out", str(out)]
    assert _run(argv) == 0
    report = json.loads((out / "report.json").read_text())
    choice = pd.read_csv(out / "choice.csv")
    assert choice.candidate.tolist() == ["l2=0.001", "l2=0.01"] and (choice.carve == "edge").all()
    assert report["chosen"] == choice.candidate[choice.validation_rmsd.idxmin()]
    assert report["l2"] == {"l2=0.001": 1e-3, "l2=0.01": 1e-2}[report["chosen"]]
    assert load_model(out).config.features == "shell"


def test_bad_l2_is_one_clear_error():
    with pytest.raises(NucmassError, match="--l2"):
        _run(["--l2", "small"])


@pytest.mark.slow
def test_paper_experiment_smoke(tmp_path):
    summary = reproduce("mfdnn_paper", "smoke", tmp_path)
    assert summary["sigma100-ame2003"]["n"] == 386
    assert (tmp_path / "fig5_nnh2.png").is_file()
    report = json.loads((tmp_path / "sigma100-ame2003" / "report.json").read_text())
    assert report["chosen"] == "l2=0.001" and len(report["members"]) == 2
    assert load_model(tmp_path / "sigma100-ame2003" / "model").config.nonlinear_theory


@pytest.mark.slow
def test_extrapolation_experiment_smoke(tmp_path):
    rows = reproduce("mfdnn_extrapolation", "smoke", tmp_path)["rows"]
    assert [r["candidate"] for r in rows] == ["paper", "default", "HFB14", "FRDM95"]
    assert all(r["n"] == rows[0]["n"] > 400 for r in rows)


@pytest.mark.slow
def test_residual_experiment_smoke(ripl_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("NUCMASS_DATA_DIR", str(ripl_dir))
    summary = reproduce("mfdnn_residual", "smoke", tmp_path)
    assert summary["measured"]["n"] == 491 and summary["measured"]["missing_baseline"] == 0
    assert load_model(tmp_path / "measured" / "model").baseline == "WS4"
