"""Experiment ``accuracy_comparison``: one table of every model and theory on the same
held-out nuclei, its saved models rechecked by ``nucmass compare``, and its resume."""

import json

import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.experiments import accuracy_comparison


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("accuracy")
    summary = accuracy_comparison.run(accuracy_comparison.SCALES["smoke"], out)
    return out, summary


def test_one_table_on_the_same_nuclei(smoke):
    out, summary = smoke
    rows = pd.read_csv(out / "accuracy_comparison.csv")
    masses = rows[rows.quantity == "binding_energy"]
    assert set(masses.n) == {491} and summary["n"] == {"measured": 491}
    assert set(masses.table) == {"average", "mfdnn", "WS32011", "DUZU", "HFB26", "KTUY05",
                                 "FRDM95", "HFB14"}  # fmt: skip
    rmsd = masses.set_index("table").rmsd
    assert rmsd["average"] < rmsd["WS32011"] < rmsd["FRDM95"]
    wide = pd.read_csv(out / "table_binding_energy.csv", index_col=0)
    assert list(wide.columns) == ["random: measured (491)"]
    assert (out / "accuracy_comparison.png").stat().st_size > 20_000


def test_saved_models_give_the_same_column_in_compare(smoke, capsys):
    out, _ = smoke
    path = out / "models" / "average_measured"
    assert main(["compare", str(path), "--theory", "WS32011", "--json"]) == 0
    test = json.loads(capsys.readouterr().out)["parts"]["test"]["binding_energy"]
    rows = pd.read_csv(out / "accuracy_comparison.csv").set_index(["quantity", "table"])
    assert test["rmsd"]["average_measured"] == pytest.approx(
        rows.loc[("binding_energy", "average"), "rmsd"], abs=1e-4
    )


def test_a_rerun_loads_the_saved_models(smoke, monkeypatch):
    out, summary = smoke

    def refuse(*args, **kwargs):
        raise AssertionError("refitted a saved model")

    monkeypatch.setattr(accuracy_comparison, "fit", refuse)
    again = accuracy_comparison.run(accuracy_comparison.SCALES["smoke"], out)
    assert again["rmsd"] == pytest.approx(summary["rmsd"], abs=1e-6)


def test_residuals_give_the_table_rmsd(smoke):
    out, _ = smoke
    residuals = pd.read_csv(out / "residuals.csv")
    rows = pd.read_csv(out / "accuracy_comparison.csv")
    masses = rows[rows.quantity == "binding_energy"].set_index("table").rmsd
    assert len(residuals) == 491
    for table, rmsd in masses.items():
        assert (residuals[table] ** 2).mean() ** 0.5 == pytest.approx(rmsd, abs=1e-4)
