"""CoNN over split seeds: how much the ``conn`` validation RMSD depends on the random split.

For each split seed, trains ``seeds`` members (default one) and reports the RMSDs; the
summary gives mean and std over split seeds (paper 001 reports one split only).
"""

from pathlib import Path

import pandas as pd

from nucmass import pipeline
from nucmass.analysis.recipes import configure
from nucmass.analysis.scores import headline_records, save_scores
from nucmass.evaluation import summarise
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN: RMSDs as mean and std over conn split seeds"
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "split_seeds": [1, 2],
              "seeds": [0]},
    "cpu": {"model": {}, "training": {}, "split_seeds": [1, 2, 3, 4, 5], "seeds": [0],
            "workers": 1},
    "paper": {"model": {}, "training": {"epochs": 50_000}, "split_seeds": [1, 2, 3, 4, 5],
              "seeds": [0, 1], "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    """One ensemble per split seed; write its ensemble-mean RMSDs and their summary."""
    model, training = configure("conn", settings)
    frames = []
    for split_seed in settings["split_seeds"]:
        trained = pipeline.run(model, "conn", training, seeds=settings["seeds"],
                               split_seed=split_seed,
                               workers=settings.get("workers", 1))  # fmt: skip
        # one row per split seed: the split's ensemble mean (its single member if K = 1)
        metrics = trained.metrics
        frames.append(metrics[metrics.model == "ensemble"].assign(split_seed=split_seed))
    metrics = pd.concat(frames, ignore_index=True).drop(columns="model")
    summary = summarise(metrics.assign(model="split-" + metrics.split_seed.astype(str)))
    save_scores(out, "conn_splits", metrics, summary)
    return {"headline": headline_records(summary)}
