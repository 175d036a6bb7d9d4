"""CoNN under the ``measured-since-2016`` protocol: the honest test of new measurements.

Trains on the 2498 nuclei measured in AME2016 (AME2016 values) and tests on the 74 nuclei
first measured in AME2020; reports member mean, std and the ensemble-mean RMSD.
"""

from pathlib import Path

from nucmass import pipeline
from nucmass.analysis.recipes import configure
from nucmass.analysis.scores import headline_records, save_scores
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN trained on AME2016 measured, tested on the 74 measured since"
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "seeds": [0, 1]},
    "cpu": {"model": {}, "training": {}, "seeds": list(range(5)), "workers": 2},
    "paper": {"model": {}, "training": {"epochs": 50_000}, "seeds": list(range(10)),
              "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    """Train on AME2016 measured, score on the 74 since; write model/ and the tables."""
    model, training = configure("conn", settings)
    trained = pipeline.run(model, "measured-since-2016", training, seeds=settings["seeds"],
                           workers=settings.get("workers", 1))  # fmt: skip
    trained.ensemble.save(Path(out) / "model")
    save_scores(out, "conn_measured", trained.metrics, trained.summary)
    return {"headline": headline_records(trained.summary)}
