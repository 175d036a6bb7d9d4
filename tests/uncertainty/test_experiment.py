"""The uncertainty experiment's smoke scale writes its tables, figure and headline."""

import json

import pandas as pd

from nucmass.experiments import reproduce


def test_uncertainty_coverage_smoke(tmp_path):
    summary = reproduce("uncertainty_coverage", "smoke", tmp_path)
    coverage = pd.read_csv(tmp_path / "coverage.csv")
    masses = coverage[(coverage.quantity == "binding_energy") & (coverage.subset == "all")]
    assert masses.n.iloc[0] == 491 and 0.8 < masses.within_2sigma.iloc[0] <= 1.0
    assert set(coverage.quantity) >= {"binding_energy", "S_2n", "Q_alpha"}
    assert (tmp_path / "uncertainty_coverage.png").stat().st_size > 20_000
    assert json.loads((tmp_path / "summary.json").read_text())["headline"] == summary["headline"]
