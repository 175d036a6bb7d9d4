"""Smoke runs of the training experiments (paper 000 Figs. 8-14, Table I, Adam), the
study helpers they call, and the rule that experiments import only the library."""

import ast
import importlib
import inspect

import pandas as pd
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models import FNNConfig
from nucmass.train import Regime
from nucmass.train.cost import estimate_sweep_seconds, flops_per_epoch
from nucmass.train.studies import (
    data_parts,
    interquartile_mean,
    rmsd_statistics,
    split_settings,
    sweep,
    table1_data,
    table1_statistics,
)

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
    "table1_failure_mode",
    "zeng_networks",
]
THEORY = ["fig4_output_histograms", "fig5_corner", "fig6_variance_depth", "fig7_kurtosis_depth"]


@pytest.mark.parametrize("name", NAMES)
def test_smoke_run_writes_numbers_and_figure(name, tmp_path):
    module = importlib.import_module(f"nucmass.experiments.{name}")
    assert set(module.SCALES) == {"smoke", "cpu", "paper"}
    summary = module.run(dict(module.SCALES["smoke"]), tmp_path)
    assert [p for p in tmp_path.glob("*.png") if p.stat().st_size > 10_000]
    assert list(tmp_path.glob("*.csv"))
    assert summary


@pytest.mark.parametrize("name", NAMES + THEORY)
def test_experiments_import_the_library_not_each_other(name):
    source = inspect.getsource(importlib.import_module(f"nucmass.experiments.{name}"))
    imported = [
        node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)
    ]
    assert not [m for m in imported if m and m.startswith("nucmass.experiments")]


def test_table1_statistics_follow_the_paper_cut():
    stats = rmsd_statistics([2.0, 4.0, 150.0, float("nan"), 3.0], [False] * 4 + [True])
    assert stats == {"mean": 3.0, "std": 1.0, "runs": 2, "excluded": 3}
    assert interquartile_mean([1, 2, 3, 4, 100]) == pytest.approx(2.5)
    assert interquartile_mean([1.0, 3.0]) == pytest.approx(2.0)
    rows = pd.DataFrame({"width": [115] * 3, "rmsd_train": [2.0, 4.0, 72.0],
                         "failed": [False, False, True]})  # fmt: skip
    table = table1_statistics(rows, l_out=4).iloc[0]
    assert (table.mean_MeV, table.runs, table.excluded, table.runs_60_85_MeV) == (3.0, 2, 1, 1)
    assert table.r == pytest.approx(4 / 115) and table.paper_mean_MeV == 2.5392


def test_settings_split_into_model_and_training_fields():
    model, training = split_settings({"width": 6, "regime": "cint", "raw_rates": [1, 2]})
    assert model == {"width": 6} and training == {"regime": "cint", "raw_rates": [1, 2]}
    with pytest.raises(NucmassError, match="colour"):
        split_settings({"width": 6, "colour": "red"})


def test_parts_put_train_first_and_a_plain_table_is_all_train():
    table = pd.DataFrame({"Z": [1, 2, 3], "N": [1, 2, 3], "part": ["test", "train", "test"]})
    assert list(data_parts(table)) == ["train", "test"]
    assert list(data_parts(table.drop(columns="part"))) == ["train"]


def test_sweep_rows_carry_the_grid_and_the_parameter_changes():
    table = load_ame("ame2020").sample(200, random_state=1).reset_index(drop=True)
    training = Regime(epochs=6, switch_epoch=3)
    grid = {"width": [3, 5], "regime": ["cict"]}
    rows, ensembles = sweep(FNNConfig(depth=2), training, grid, [0, 1], table, progress=False)
    assert list(ensembles) == [(3, "cict"), (5, "cict")]
    assert rows.width.tolist() == [3, 3, 5, 5] and rows.seed.tolist() == [0, 1, 0, 1]
    assert {"rmsd_train", "weights_relative", "frob_difference", "status"} <= set(rows)
    assert ensembles[(5, "cict")].config.width == 5


def test_cost_model_arithmetic():
    model = FNNConfig(width=10, depth=2)
    assert flops_per_epoch(model, 100) == 6.0 * 100 * (2 * 10 + 10 * 10 + 10 * 1)
    seconds = estimate_sweep_seconds((1e-3, 0.0), model, Regime(epochs=50), [4, 8], 3, 100, 2)
    assert seconds == pytest.approx(2 * 1e-3 * 3 * 50 / 2)


def test_table1_data_of_each_target():
    table, fields = table1_data("B")
    assert len(table) == 3558 and fields == {}
    heavy, fields = table1_data("B/A")
    assert len(heavy) == 3456 and heavy.Z.min() == 8 and heavy.N.min() == 8
    assert FNNConfig(**fields).target == "binding_per_nucleon"
    with pytest.raises(NucmassError, match="Table I target"):
        table1_data("A")
