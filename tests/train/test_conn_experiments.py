"""CoNN experiments and ``nucmass train conn`` at smoke scale: files, tables, models."""

import json

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.data.theory import theory_binding_energy
from nucmass.experiments import reproduce
from nucmass.models.saved import load_model


def test_conn_accuracy_smoke_writes_tables_and_a_reloadable_model(tmp_path):
    summary = reproduce("conn_accuracy", "smoke", tmp_path)
    rows = {(r["part"], r["subset"]): r for r in summary["headline"]}
    assert rows[("all", "all")]["n"] == 3558 and rows[("extrapolation", "all")]["n"] == 122
    assert rows[("validation", "all")]["n"] == 687
    predictions = pd.read_csv(tmp_path / "predictions.csv")
    model = load_model(tmp_path / "model")
    assert model.family == "conn" and model.size == 2 and model.status == ("ok", "ok")
    expected = model.predict(predictions.Z, predictions.N)
    np.testing.assert_allclose(predictions.predicted, expected, atol=1e-3)
    np.testing.assert_allclose(predictions.predicted_std, model.std(predictions.Z, predictions.N),
                               atol=1e-3)  # fmt: skip
    metrics = pd.read_csv(tmp_path / "conn_metrics.csv")
    assert set(metrics.model) == {"member-0", "member-1", "ensemble"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["conn_splits", "conn_measured", "conn_ablation", "conn_figures", "conn_tuning", "conn_light"],
)
def test_other_conn_experiments_run_at_smoke_scale(name, tmp_path):
    summary = reproduce(name, "smoke", tmp_path)
    assert json.loads((tmp_path / "summary.json").read_text())["scale"] == "smoke"
    assert summary["seconds"] > 0


def test_train_conn_cli_writes_a_predictable_model(tmp_path, capsys):
    out = tmp_path / "conn"
    args = ["train", "conn", "--seeds", "1", "--epochs", "3", "--no-figures", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "validation" in printed and "extrapolation" in printed and "member 0: ok" in printed
    model = load_model(out)
    assert model.family == "conn" and model.info["training"]["epochs"] == 3
    assert (out / "summary.csv").is_file() and (out / "predictions.csv").is_file()
    assert main(args) == 2  # an existing --out is refused before any training
    assert "--overwrite" in capsys.readouterr().err


def test_train_conn_cli_trains_a_preset(tmp_path, capsys):
    out = tmp_path / "conn-paper"
    args = ["train", "conn", "--preset", "conn-paper", "--seeds", "1", "--epochs", "3",
            "--no-figures", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    assert "CoNN conn-paper (full)" in capsys.readouterr().out
    assert load_model(out).config.active == ("bulk", "shell", "grid", "pairing")


def test_train_conn_on_a_baseline_predicts_theory_plus_correction(tmp_path, capsys):
    out = tmp_path / "conn-frdm"
    argv = ["train", "conn", "--seeds", "1", "--epochs", "20", "--split", "measured"]
    assert main([*argv, "--baseline", "FRDM95", "--no-figures", "--out", str(out)]) == 0
    assert "on top of FRDM95" in capsys.readouterr().out
    model = load_model(out)
    assert model.family == "conn" and model.baseline == "FRDM95"
    z, n = np.array([26, 82]), np.array([30, 126])
    correction = sum(model.components(z, n).values())
    expected = theory_binding_energy(z, n, "FRDM95") + correction
    np.testing.assert_allclose(model.predict(z, n), expected, rtol=1e-12)
    predicted = pd.read_csv(out / "predictions.csv")
    assert predicted.binding_energy.max() > 1000  # full binding energies, not residuals
    residual = predicted.predicted - predicted.binding_energy
    np.testing.assert_allclose(predicted.residual, residual, atol=1e-3)
    assert len(pd.read_csv(out / "missing.csv")) == 0


def test_conn_residual_chooses_on_a_carve_of_train_and_tests_once(ripl_dir, tmp_path):
    from nucmass.experiments import conn_residual

    settings = {**conn_residual.SCALES["smoke"], "data_dir": str(ripl_dir)}
    summary = conn_residual.run(settings, tmp_path)
    choices = pd.read_csv(tmp_path / "conn_residual_validation.csv")
    assert choices.split.unique().tolist() == ["measured-since-2016"]
    assert choices.variant.tolist() == settings["variants"]
    # a random 20% of the 2498 training nuclei, scored where WS4 has a value
    assert (choices.n_validation == 482).all()
    chosen = summary["chosen"]["measured-since-2016"]
    assert chosen == choices.variant[choices.validation_rmsd.idxmin()]
    scores = summary["test_rmsd_MeV"]["measured-since-2016"]
    assert scores["n"] == 71  # 3 of the 74 are not in WS4
    assert scores["WS4"] == pytest.approx(0.356, abs=1e-3)
    assert (tmp_path / "conn_residual.png").stat().st_size > 10_000
