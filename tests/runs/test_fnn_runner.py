"""The fnn runner over ``fit``: same numbers as ``fit``, divergence recorded, settings checked."""

from pathlib import Path

import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.runs.config import parse_sweep_config
from nucmass.runs.executors import LocalExecutor
from nucmass.runs.fnn import fnn_configs, validate
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

CONFIGS = Path(__file__).parents[2] / "experiments" / "configs"

FIXED = {
    "data": "measured",
    "width": 6,
    "depth": 2,
    "epochs": 20,
    "switch_epoch": 10,
    "loss": "mse",
}


def test_settings_split_into_architecture_recipe_and_execution():
    model, training, options = fnn_configs({**FIXED, "raw_rates": [1, 2], "strategy": "auto"})
    assert (model.width, model.depth) == (6, 2)
    assert (training.epochs, training.loss, training.raw_rates) == (20, "mse", (1.0, 2.0))
    assert options == {"strategy": "auto"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({**FIXED, "workers": 2}, "workers"),
        ({**FIXED, "colour": "red"}, "colour"),
        ({**FIXED, "activation": "gelu"}, "c_b and c_w"),
        ({**FIXED, "data": "nowhere"}, "AME vintage"),
    ],
)
def test_bad_settings_are_refused_before_anything_runs(settings, message):
    with pytest.raises(NucmassError, match=message):
        validate(settings)


@pytest.mark.slow  # minutes on a loaded 2-core machine (two cells, compilation)
def test_fnn_cells_match_fit_and_divergence_fails_the_cell(tmp_path):
    from nucmass.data.splits import get_split
    from nucmass.train.fit import fit
    from nucmass.train.studies import member_rmsd

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
    model, training, _ = fnn_configs({**FIXED, "raw_rates": (1e-6, 1e-6)})
    table = get_split("measured").table()
    ensemble = fit(model, table, training, seeds=[3, 4], progress=False)
    good = seeds[seeds.position == 0]
    np.testing.assert_allclose(good.rmsd_test, member_rmsd(ensemble, table)[0]["test"], rtol=1e-6)
    losses = np.load(tmp_path / good.arrays.iloc[1])["losses"]
    np.testing.assert_allclose(losses, ensemble.history.losses[1], rtol=1e-6)


@pytest.mark.slow  # three compiled cells
def test_table1_smoke_config_gives_the_experiments_numbers(tmp_path):
    from nucmass.data.ame import load_ame
    from nucmass.experiments.table1_fig13_rmsd_width import L_OUT, SCALES
    from nucmass.models import FNNConfig
    from nucmass.runs.config import load_sweep_config
    from nucmass.runs.sweep import sweep_results
    from nucmass.train import Regime
    from nucmass.train.studies import sweep

    config = load_sweep_config(CONFIGS / "table1-smoke.toml")
    scale = SCALES["smoke"]
    assert config.grid["width"] == scale["widths"] and len(config.seeds) == scale["seeds"]
    ours = sweep_results(config, tmp_path, workers=2)
    model = FNNConfig(width=1, depth=L_OUT - 1)
    training = Regime(epochs=scale["epochs"], switch_epoch=scale["switch_epoch"])
    grid = {"width": scale["widths"]}
    theirs, _ = sweep(model, training, grid, list(config.seeds), load_ame("ame2020"))
    merged = ours.merge(theirs, on=["width", "seed"], suffixes=("", "_study"))
    assert len(merged) == len(theirs) == 6
    np.testing.assert_allclose(merged.rmsd_train, merged.rmsd_train_study, rtol=1e-12)
