"""Smoke runs of the training experiments (paper 000 Figs. 8-14, Table I, Adam)."""

import importlib

import pytest

NAMES = [
    "fig8_relu_loss",
    "fig9_tanh_loss",
    "fig10_parameter_changes",
    "fig11_frobenius_width",
    "fig12_frobenius_depth",
    "table1_fig13_rmsd_width",
    "fig14_residual_maps",
    "adam_comparison",
    "table1_probes",
]


@pytest.mark.parametrize("name", NAMES)
def test_smoke_run_writes_numbers_and_figure(name, tmp_path):
    module = importlib.import_module(f"nucmass.experiments.{name}")
    assert set(module.SCALES) == {"smoke", "cpu", "paper"}
    summary = module.run(dict(module.SCALES["smoke"]), tmp_path)
    assert [p for p in tmp_path.glob("*.png") if p.stat().st_size > 10_000]
    assert list(tmp_path.glob("*.csv"))
    assert summary


def test_table1_statistics_follow_the_paper_cut():
    from nucmass.train.studies import interquartile_mean, rmsd_statistics

    stats = rmsd_statistics([2.0, 4.0, 150.0, float("nan"), 3.0], [False] * 4 + [True])
    assert stats == {"mean": 3.0, "std": 1.0, "runs": 2, "excluded": 3}
    assert interquartile_mean([1, 2, 3, 4, 100]) == pytest.approx(2.5)
    assert interquartile_mean([1.0, 3.0]) == pytest.approx(2.0)
