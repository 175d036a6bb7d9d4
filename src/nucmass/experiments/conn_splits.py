"""CoNN over split seeds: how much the ``conn`` validation RMSD depends on the random split.

For each split seed, trains ``seeds`` members (default one) and reports the RMSDs; the
summary gives mean and std over split seeds (paper 001 reports one split only).
"""

from pathlib import Path

import pandas as pd

from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import (
    ensemble_metrics,
    summarise,
    train_on_split,
    write_tables,
)

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN: RMSDs as mean and std over conn split seeds"
SCALES = {
    "smoke": {
        "model": TINY_MODEL,
        "train": {"steps": 40, "chunk": 20},
        "split_seeds": [1, 2],
        "seeds": [0],
    },
    "cpu": {"model": {}, "train": {}, "split_seeds": [1, 2, 3, 4, 5], "seeds": [0], "workers": 1},
    "paper": {
        "model": {},
        "train": {"steps": 50_000},
        "split_seeds": [1, 2, 3, 4, 5],
        "seeds": [0, 1],
        "workers": 2,
    },
}


def run(settings: dict, out: Path) -> dict:
    frames = []
    for split_seed in settings["split_seeds"]:
        ensemble, table = train_on_split("conn", split_seed, settings)
        metrics = ensemble_metrics(ensemble, table)
        # one row per split seed: the split's ensemble mean (its single member if K = 1)
        frames.append(metrics[metrics.model == "ensemble"].assign(split_seed=split_seed))
    metrics = pd.concat(frames, ignore_index=True).drop(columns="model")
    summary = summarise(metrics.assign(model="split-" + metrics.split_seed.astype(str)))
    return {"headline": write_tables(out, "conn_splits", metrics, summary)}
