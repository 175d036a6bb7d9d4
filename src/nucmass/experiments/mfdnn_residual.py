"""Residual learning on WS4 (beyond paper 002): B = B_WS4 + MFDNN correction.

The inner model is an MFDNN trained on B_exp - B_WS4 (target ``binding_energy``); with
no low-fidelity tables it is a linear branch plus a tanh network of (N, Z). Scored on the
random 20% of ``measured`` (2457 AME2020 nuclei) and on the 74 nuclei of
``measured-since-2016``, against WS4 itself on the same nuclei. WS4 is a RIPL-4 table:
set ``NUCMASS_DATA_DIR`` (or the ``data_dir`` setting) to the RIPL-4 directory.

Inputs: N, Z and the feature set ``features`` (``"shell"``: magic-number distances, valence
counts, promiscuity, parities, asymmetry, A^(1/3); chosen over ``"none"`` by validation).
With ``boosting`` set, scikit-learn gradient-boosted trees on the same inputs and target
(``mfdnn_boosting``) are scored on the same nuclei as a library comparison baseline.
"""

import json
from pathlib import Path

import pandas as pd

from nucmass.evaluation import rmsd
from nucmass.experiments.mfdnn_boosting import boosting_inputs, fit_boosting
from nucmass.experiments.mfdnn_common import (
    SMOKE,
    fit_ensemble,
    heldout_residuals,
    prepare_table,
    score,
    validation_carve,
)
from nucmass.train.mfdnn import MFDNNConfig

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "WS4 + MFDNN residual correction: RMSD on measured (20%) and measured-since-2016"
_FULL = {
    "baseline": "WS4",
    "data_dir": None,
    "low_fidelity": [],
    "splits": ["measured", "measured-since-2016"],
    "seeds": 10,
    # 40000 epochs and this grid: chosen on validation (experiments/README.md, MFDNN)
    "epochs": 40000,
    "l2_grid": [1e-3, 3e-3, 1e-2],
    "workers": 2,
    "width": 40,
    "depth": 4,
    "learning_rate": 1e-3,
    "features": "shell",
    "boosting": True,
}
SCALES = {
    "smoke": {**_FULL, **SMOKE, "splits": ["measured"], "boosting": False},
    "cpu": _FULL,
    "paper": _FULL,
}


def _config(settings: dict) -> MFDNNConfig:
    keys = ("low_fidelity", "epochs", "workers", "width", "depth", "learning_rate", "data_dir")
    keys = (*keys, "features")
    return MFDNNConfig(target="binding_energy", **{k: settings[k] for k in keys})


def run(settings: dict, out: Path) -> dict:
    """One residual ensemble per split; write rmsd.csv, per-split report.json and model."""
    config, baseline, rows = _config(settings), settings["baseline"], []
    for split in settings["splits"]:
        table, missing = prepare_table(split, 0, baseline, config.data_dir)
        seeds = list(range(settings["seeds"]))
        model, report = fit_ensemble(
            config, table, seeds, settings["l2_grid"], baseline, validation_carve(split)
        )
        model.save(out / split / "model")
        scores = score(model, table, "test", [baseline], config.data_dir)
        residuals = heldout_residuals(model, table, "test", [baseline], config.data_dir)[0]
        residuals.to_csv(out / split / "test_residuals.csv", index=False)
        report = {**report, "missing_baseline": len(missing), **scores}
        if settings["boosting"]:
            report.update(_boosting(table, settings["features"], validation_carve(split)))
            scores["boosting"] = report["boosting"]
        (out / split / "report.json").write_text(json.dumps(report, indent=2))
        rows.append(
            {
                "split": split,
                **{k: v for k, v in scores.items() if k != "members"},
                "l2": report["l2"],
                "n_train": report["n_train"],
                "missing_baseline": len(missing),
            }
        )
    pd.DataFrame(rows).to_csv(out / "rmsd.csv", index=False)
    return {row["split"]: row for row in rows}


def _boosting(table: pd.DataFrame, features: str, carve: str) -> dict:
    """RMSD (MeV) on ``test`` of WS4 + gradient-boosted trees, and their validation scores."""
    regressor, scores = fit_boosting(table, features, carve=carve)
    test = table[table.part == "test"]
    residual = regressor.predict(boosting_inputs(test, features)) - test.binding_energy
    return {"boosting": rmsd(residual), "boosting_scores": scores.to_dict(orient="records")}
