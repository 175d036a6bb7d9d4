"""Smoke runs of the initialisation experiments (paper 000 Figs. 4-7)."""

import importlib

import pytest

NAMES = ["fig4_output_histograms", "fig5_corner", "fig6_variance_depth", "fig7_kurtosis_depth"]


@pytest.mark.parametrize("name", NAMES)
def test_smoke_run_writes_numbers_and_figure(name, tmp_path):
    module = importlib.import_module(f"nucmass.experiments.{name}")
    summary = module.run(dict(module.SCALES["smoke"]), tmp_path)
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    assert list(tmp_path.glob("*.csv"))
    assert summary


def test_fe56_input_matches_the_caption_only_on_the_z_n_8_table():
    from nucmass.theory.fe56 import fe56_input

    assert fe56_input()[0] == pytest.approx([30 / 177, 26 / 118])
    assert fe56_input(min_z_n=8)[0] == pytest.approx([22 / 169, 18 / 110])
