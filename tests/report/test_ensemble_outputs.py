"""Ensemble outputs with a synthetic ensemble: spread, calibration, spread vs distance, RIPL
dMth, and the predict / report commands end to end."""

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.data.splits import get_split
from nucmass.data.theory import read_ripl
from nucmass.masstable import mass_table, predict_table, write_ripl
from nucmass.report import collect


def test_spread_is_member_std(toy_ensemble):
    z, n = np.array([50, 50, 82]), np.array([60, 90, 140])
    table = predict_table(toy_ensemble, z, n)
    members = toy_ensemble.predict_members(z, n)
    expected = np.sqrt(((members - members.mean(0)) ** 2).sum(0) / (len(members) - 1))
    np.testing.assert_allclose(table.binding_energy_std, expected, rtol=1e-12)
    np.testing.assert_allclose(table.binding_energy, members.mean(0), rtol=1e-12)
    assert table.binding_energy_std[1] > table.binding_energy_std[0]


@pytest.fixture(scope="module")
def toy_report(request):
    ensemble = request.getfixturevalue("toy_ensemble")
    return collect(ensemble, "toy", "measured", theories={})


def test_calibration_on_held_out(toy_report, toy_ensemble):
    table = get_split("measured").table()
    test = table[table.part == "test"]
    members = toy_ensemble.predict_members(test.Z.to_numpy(), test.N.to_numpy())
    residual = members.mean(0) - test.binding_energy.to_numpy()
    sigma = members.std(0, ddof=1)
    row = toy_report.calibration.set_index("part").loc["test"]
    assert len(test) == 491 and row.held_out
    assert row.n == np.sum(sigma > 0)  # the toy's members agree exactly at N = Z
    residual, sigma = residual[sigma > 0], sigma[sigma > 0]
    assert "outside split" not in toy_report.calibration.part.tolist()
    assert row.within_1sigma == pytest.approx(np.mean(np.abs(residual) <= sigma))
    assert row.within_2sigma == pytest.approx(np.mean(np.abs(residual) <= 2 * sigma))


def test_spread_grows_with_distance(toy_report):
    spread = toy_report.spread
    assert spread.n.sum() == len(toy_report.domain)
    assert spread.sigma_mean.iloc[-1] > 3 * spread.sigma_mean.iloc[0]


def test_ripl_has_spread_column(toy_ensemble, tmp_path):
    table = mass_table(toy_ensemble, [50, 82], [100, 150])
    back = read_ripl(write_ripl(table, tmp_path / "mass-toy.dat", "toy"))
    np.testing.assert_allclose(back.dMth, table.binding_energy_std, atol=5e-4)


def test_predict_domain_command(toy_ensemble_dir, tmp_path, capsys):
    out = tmp_path / "domain.parquet"
    argv = ["predict", "--model", str(toy_ensemble_dir), "--domain", "--out", str(out)]
    assert main(argv) == 0
    table = pd.read_parquet(out)
    assert {"binding_energy_std", "S_2n", "Q_alpha", "distance_to_measured"} <= set(table)
    assert len(table) > 5000 and "between the model's drip lines" in capsys.readouterr().err


def test_report_command_ensemble(toy_ensemble_dir, tmp_path, capsys):
    out = tmp_path / "report.html"
    argv = ["report", str(toy_ensemble_dir), "--out", str(out), "--theory", "FRDM95"]
    assert main(argv) == 0
    text = out.read_text()
    for marker in ("chart-uncertainty", "chart-spread", "within_1sigma", "FRDM95"):
        assert marker in text
    figures = tmp_path / "report_figures"
    for name in ("uncertainty_chart.png", "spread_vs_distance.png", "residual_chart.png"):
        assert (figures / name).stat().st_size > 10_000
    assert "held_out" in capsys.readouterr().out


def test_merged_ripl_uses_ame_uncertainty(toy_ensemble, tmp_path):
    table = mass_table(toy_ensemble, [82, 50], [126, 100], merged=True)
    back = read_ripl(write_ripl(table, tmp_path / "mass-merged.dat", "merged"))
    assert back.Mexp[1] == pytest.approx(back.mass_excess[1])  # 208Pb: measured value
    assert back.dMth[1] == pytest.approx(back.Err[1], abs=1e-3)
    assert back.dMth[0] == pytest.approx(table.binding_energy_std[1], abs=5e-4)
