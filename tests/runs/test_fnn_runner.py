"""The fnn runner over the training engine: same numbers as the engine, divergence recorded."""

from pathlib import Path

import numpy as np
import pytest

from nucmass.runs.config import parse_sweep_config
from nucmass.runs.executors import LocalExecutor
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

pytest.importorskip("nucmass.train.engine")

CONFIGS = Path(__file__).parents[2] / "experiments" / "configs"

FIXED = {
    "data": "measured",
    "width": 6,
    "depth": 2,
    "epochs": 20,
    "switch_epoch": 10,
    "loss": "mse",
}


@pytest.mark.slow  # minutes on a loaded 2-core machine (two cells, compilation)
def test_fnn_cells_match_the_engine_and_divergence_fails_the_cell(tmp_path):
    from nucmass.data.splits import get_split
    from nucmass.train import TrainConfig, train_ensemble

    config = parse_sweep_config(
        {
            "sweep": {"name": "fnn", "family": "fnn", "seeds": [3, 4], "seeds_per_cell": 2},
            "fixed": FIXED,
            "grid": {"raw_rates": [[1e-6, 1e-6], [1e6, 1e6]]},  # the second one diverges
        }
    )
    with LocalExecutor(1) as executor:
        summary = run_sweep(config, tmp_path, executor)
    assert (summary.done, summary.failed) == (1, 1)
    with Registry(summary.registry, readonly=True) as registry:
        cells = registry.cells(summary.sweep_hash)
        seeds = registry.results(summary.sweep_hash)
    assert cells.error.iloc[1] == "2 of 2 seeds diverged"
    engine = train_ensemble(
        TrainConfig.from_dict(
            {"raw_rates": (1e-6, 1e-6)} | {k: v for k, v in FIXED.items() if k != "data"}
        ),
        [3, 4],
        get_split("measured").table(),
    )
    good = seeds[seeds.position == 0]
    np.testing.assert_allclose(good.rmsd_test, engine.rmsd["test"], rtol=1e-6)
    losses = np.load(tmp_path / good.arrays.iloc[1])["losses"]
    np.testing.assert_allclose(losses, engine.losses[1], rtol=1e-6)


@pytest.mark.slow  # three compiled cells
def test_table1_smoke_config_gives_the_experiments_numbers(tmp_path):
    from nucmass.data.ame import load_ame
    from nucmass.experiments.table1_fig13_rmsd_width import L_OUT, SCALES
    from nucmass.runs.config import load_sweep_config
    from nucmass.runs.sweep import sweep_results
    from nucmass.train import TrainConfig
    from nucmass.train.studies import sweep

    config = load_sweep_config(CONFIGS / "table1-smoke.toml")
    scale = SCALES["smoke"]
    assert config.grid["width"] == scale["widths"] and len(config.seeds) == scale["seeds"]
    ours = sweep_results(config, tmp_path, workers=2)
    base = TrainConfig(width=1, depth=L_OUT - 1, epochs=scale["epochs"],
                       switch_epoch=scale["switch_epoch"])  # fmt: skip
    theirs, _ = sweep(base, "width", scale["widths"], list(config.seeds), load_ame("ame2020"))
    merged = ours.merge(theirs, on=["width", "seed"], suffixes=("", "_engine"))
    assert len(merged) == len(theirs) == 6
    np.testing.assert_allclose(merged.rmsd_train, merged.rmsd_train_engine, rtol=1e-12)
