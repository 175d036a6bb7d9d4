"""CoNN under the ``measured-since-2016`` protocol: the honest test of new measurements.

Trains on the 2498 nuclei measured in AME2016 (AME2016 values) and tests on the 74 nuclei
first measured in AME2020; reports member mean, std and the ensemble-mean RMSD.
"""

from pathlib import Path

from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import (
    ensemble_metrics,
    summarise,
    train_on_split,
    write_tables,
)

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN trained on AME2016 measured, tested on the 74 measured since"
SCALES = {
    "smoke": {"model": TINY_MODEL, "train": {"steps": 40, "chunk": 20}, "seeds": [0, 1]},
    "cpu": {"model": {}, "train": {}, "seeds": list(range(5)), "workers": 2},
    "paper": {"model": {}, "train": {"steps": 50_000}, "seeds": list(range(10)), "workers": 2},
}


def run(settings: dict, out: Path) -> dict:
    ensemble, table = train_on_split("measured-since-2016", 0, settings)
    ensemble.save(out / "model")
    metrics = ensemble_metrics(ensemble, table)
    return {"headline": write_tables(out, "conn_measured", metrics, summarise(metrics))}
