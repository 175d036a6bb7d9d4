"""CoNN accuracy on the default ``conn`` split (paper 001, abstract and Table 1).

Trains ``seeds`` members on the training part (80% of the AME2016 pool, AME2020 targets),
reports per-member RMSDs (mean, std) and the RMSD of the ensemble mean on all 3558 nuclei,
validation, the 122 new in AME2020, measured / estimated, Z, N >= 8 and A < 16; saves the
ensemble (``model/``) and its predictions with the member spread (ddof = 1).
"""

from pathlib import Path

from nucmass import pipeline
from nucmass.analysis.recipes import configure
from nucmass.analysis.scores import headline_records, save_scores
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "Paper 001 CoNN: RMSD all / validation / new-in-2020, seed ensemble, conn split"
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "seeds": [0, 1]},
    "cpu": {"model": {}, "training": {}, "seeds": list(range(10)), "workers": 2},
    "paper": {"model": {}, "training": {"epochs": 50_000}, "seeds": list(range(10)),
              "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    """Train and score the ensemble on the conn split; write model/, predictions and tables."""
    model, training = configure("conn", settings)
    trained = pipeline.run(model, "conn", training, seeds=settings["seeds"],
                           split_seed=settings.get("split_seed", 0),
                           workers=settings.get("workers", 1))  # fmt: skip
    ensemble = trained.ensemble
    ensemble.save(Path(out) / "model")
    predictions = pipeline.predictions_table(ensemble, trained.table)
    predictions.to_csv(Path(out) / "predictions.csv", index=False, float_format="%.4f")
    save_scores(out, "conn", trained.metrics, trained.summary)
    return {
        "headline": headline_records(trained.summary),
        "training_seconds": ensemble.info["seconds"],
        "split_hash": ensemble.info["split_hash"],
    }
