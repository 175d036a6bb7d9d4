"""Residual learning on WS4 (beyond paper 002): B = B_WS4 + MFDNN correction.

The MFDNN learns B_exp - B_WS4 (target ``binding_energy``, ``pipeline.run`` with a
baseline); with no low-fidelity tables it is a linear branch plus a tanh network of (N, Z).
Scored on the random 20% of ``measured`` (2457 AME2020 nuclei) and on the 74 nuclei of
``measured-since-2016``, against WS4 itself on the same nuclei. WS4 is a RIPL-4 table:
set ``NUCMASS_DATA_DIR`` (or the ``data_dir`` setting) to the RIPL-4 directory.

Inputs: N, Z and the feature set ``features`` (``"shell"``: magic-number distances, valence
counts, promiscuity, parities, asymmetry, A^(1/3); chosen over ``"none"`` by validation).
With ``boosting`` set, scikit-learn gradient-boosted trees on the same inputs and target
(:func:`nucmass.baselines.fit_boosting`) are scored on the same nuclei as a library
comparison baseline.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass import pipeline
from nucmass.analysis.recipes import configure, grid_candidates
from nucmass.analysis.scores import heldout_residuals, trained_report
from nucmass.baselines import fit_boosting
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "WS4 + MFDNN residual correction: RMSD on measured (20%) and measured-since-2016"
# "model" / "training": overrides of MFDNNConfig() (40 x 4, lambda chosen from l2_grid) and
# of its default recipe (Adam at 1e-3); 40000 epochs and this grid: chosen on validation
# (experiments/README.md, MFDNN)
_FULL = {
    "baseline": "WS4",
    "data_dir": None,
    "splits": ["measured", "measured-since-2016"],
    "model": {"low_fidelity": [], "target": "binding_energy", "features": "shell"},
    "training": {"epochs": 40000},
    "seeds": 10,
    "l2_grid": [1e-3, 3e-3, 1e-2],
    "workers": 2,
    "boosting": True,
}
SCALES = {
    "smoke": {**_FULL, "model": {**_FULL["model"], "width": 8, "depth": 2},
              "training": {"epochs": 30}, "seeds": 2, "l2_grid": [1e-3], "workers": 1,
              "splits": ["measured"], "boosting": False},
    "cpu": _FULL,
    "paper": _FULL,
}  # fmt: skip


def _trained(settings: dict, split: str) -> pipeline.Trained:
    """lambda chosen on the carve of ``split`` (``default_carve``), then the ensemble."""
    model, training = configure("mfdnn", settings)
    return pipeline.run(model, split, training, seeds=range(settings["seeds"]),
                        baseline=settings["baseline"], data_dir=settings["data_dir"],
                        candidates=grid_candidates("l2", settings["l2_grid"]),
                        carve=pipeline.default_carve(split),
                        workers=settings["workers"])  # fmt: skip


def _boosting(trained: pipeline.Trained, carve: str) -> dict:
    """RMSD (MeV) on ``test`` of WS4 + gradient-boosted trees, and their validation scores."""
    model, table = trained.ensemble, trained.table
    boosting, scores = fit_boosting(table, model.config.features, baseline=model.baseline,
                                    data_dir=model.data_dir, carve=carve)  # fmt: skip
    test = table[table.part == "test"]
    residual = boosting.predict(test.Z, test.N) - test.binding_energy.to_numpy()
    residual = residual[np.isfinite(residual)]
    return {"boosting": rmsd(residual), "boosting_scores": scores.to_dict(orient="records")}


def _report(trained: pipeline.Trained, settings: dict, split: str) -> dict:
    """report.json of one split: choice, training, test scores, boosting (when set)."""
    baseline, data_dir, table = settings["baseline"], settings["data_dir"], trained.table
    lacking = np.isnan(theory_binding_energy(table.Z, table.N, baseline, data_dir))
    report = {**trained_report(trained, "test", [baseline], data_dir),
              "l2": trained.ensemble.config.l2, "missing_baseline": int(lacking.sum())}  # fmt: skip
    if settings["boosting"]:
        report.update(_boosting(trained, pipeline.default_carve(split)))
    return report


def run(settings: dict, out: Path) -> dict:
    """One residual ensemble per split; write rmsd.csv, per-split report.json and model."""
    out, rows = Path(out), []
    for split in settings["splits"]:
        trained = _trained(settings, split)
        (out / split).mkdir(parents=True, exist_ok=True)
        trained.ensemble.save(out / split / "model")
        residuals = heldout_residuals(trained.ensemble, trained.table, "test",
                                      [settings["baseline"]], settings["data_dir"])[0]  # fmt: skip
        residuals.to_csv(out / split / "test_residuals.csv", index=False)
        report = _report(trained, settings, split)
        (out / split / "report.json").write_text(json.dumps(report, indent=2))
        omitted = ("members", "choice", "chosen", "boosting_scores")
        rows.append({"split": split, **{k: v for k, v in report.items() if k not in omitted}})
    pd.DataFrame(rows).to_csv(out / "rmsd.csv", index=False)
    return {row["split"]: row for row in rows}
