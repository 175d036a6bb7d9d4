"""CoNN experiments and CLI at smoke scale: files, tables, reloadable models."""

import json

import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.experiments import reproduce
from nucmass.models.base import load_model


def test_conn_accuracy_smoke_writes_tables_and_a_reloadable_model(tmp_path):
    summary = reproduce("conn_accuracy", "smoke", tmp_path)
    rows = {(r["part"], r["subset"]): r for r in summary["headline"]}
    assert rows[("all", "all")]["n"] == 3558 and rows[("extrapolation", "all")]["n"] == 122
    assert rows[("validation", "all")]["n"] == 687
    predictions = pd.read_csv(tmp_path / "predictions.csv")
    model = load_model(tmp_path / "model")
    assert len(model.members) == 2
    expected = model.predict(predictions.Z, predictions.N)
    pd.testing.assert_series_equal(
        predictions.predicted, pd.Series(expected, name="predicted"), atol=1e-3
    )
    metrics = pd.read_csv(tmp_path / "conn_metrics.csv")
    assert set(metrics.model) == {"member-0", "member-1", "ensemble"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["conn_splits", "conn_measured", "conn_ablation", "conn_figures", "conn_tuning"]
)
def test_other_conn_experiments_run_at_smoke_scale(name, tmp_path):
    summary = reproduce(name, "smoke", tmp_path)
    assert json.loads((tmp_path / "summary.json").read_text())["scale"] == "smoke"
    assert summary["seconds"] > 0


def test_train_conn_cli_writes_a_predictable_model(tmp_path, capsys):
    out = tmp_path / "conn"
    args = ["train", "conn", "--seeds", "1", "--epochs", "3", "--no-figures", "--out", str(out)]
    code = main(args)
    assert code == 0
    printed = capsys.readouterr().out
    assert "validation" in printed and "extrapolation" in printed
    assert load_model(out).kind == "conn"
    assert (out / "conn_summary.csv").is_file() and (out / "predictions.csv").is_file()


def test_conn_residual_chooses_on_a_carve_of_train_and_tests_once(ripl_dir, tmp_path):
    from nucmass.experiments import conn_residual

    settings = {**conn_residual.SCALES["smoke"], "data_dir": str(ripl_dir)}
    summary = conn_residual.run(settings, tmp_path)
    every = pd.read_csv(tmp_path / "conn_residual_validation.csv")
    assert every.split.unique().tolist() == ["measured", "measured-since-2016"]
    choices = every[every.split == "measured"].reset_index(drop=True)
    assert choices.variant.tolist() == settings["variants"]
    assert (choices.n_validation == 393).all()  # 20% of the 1966 training nuclei
    assert summary["chosen"]["measured"] == choices.variant[choices.validation_rmsd.idxmin()]
    scores = summary["test_rmsd_MeV"]
    assert scores["measured"]["n"] == 491 and scores["measured"]["WS4"] == pytest.approx(
        0.289, abs=1e-3
    )
    assert scores["measured-since-2016"]["n"] == 71  # 3 of the 74 are not in WS4
    assert (tmp_path / "conn_residual.png").stat().st_size > 10_000
