"""CoNN accuracy on the default ``conn`` split (paper 001, abstract and Table 1).

Trains ``seeds`` members on the training part (80% of the AME2016 pool, AME2020 targets),
reports per-member RMSDs (mean, std) and the RMSD of the ensemble mean on all 3558 nuclei,
validation, the 122 new in AME2020, measured / estimated, Z, N >= 8 and A < 16; saves the
ensemble (``model/``) and its predictions with the member spread.
"""

from pathlib import Path

import pandas as pd

from nucmass.experiments.conn_common import (
    ensemble_metrics,
    summarise,
    train_on_split,
    write_tables,
)

__all__ = ["DESCRIPTION", "SCALES", "TINY_MODEL", "run"]

DESCRIPTION = "Paper 001 CoNN: RMSD all / validation / new-in-2020, seed ensemble, conn split"
TINY_MODEL = {"bulk_width": 8, "bulk_depth": 1, "pairing_width": 4, "pairing_depth": 1}
SCALES = {
    "smoke": {"model": TINY_MODEL, "train": {"steps": 40, "chunk": 20}, "seeds": [0, 1]},
    "cpu": {"model": {}, "train": {}, "seeds": list(range(10)), "workers": 2},
    "paper": {"model": {}, "train": {"steps": 50_000}, "seeds": list(range(10)), "workers": 2},
}


def run(settings: dict, out: Path) -> dict:
    ensemble, table = train_on_split("conn", settings.get("split_seed", 0), settings)
    ensemble.save(out / "model")
    predictions(ensemble, table).to_csv(out / "predictions.csv", index=False, float_format="%.4f")
    metrics = ensemble_metrics(ensemble, table)
    seconds = [h["seconds"] for h in ensemble.info["histories"]]
    return {
        "headline": write_tables(out, "conn", metrics, summarise(metrics)),
        "seconds_per_member": seconds,
        "split_hash": ensemble.info["split_hash"],
    }


def predictions(ensemble, table: pd.DataFrame) -> pd.DataFrame:
    """Split table with the ensemble mean, member spread and residual (MeV)."""
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    members = ensemble.predict_members(z, n)
    columns = ["Z", "N", "A", "nuclide", "part", "is_estimated", "binding_energy"]
    return table[columns].assign(
        predicted=members.mean(axis=0),
        predicted_std=members.std(axis=0),
        residual=members.mean(axis=0) - table.binding_energy.to_numpy(),
    )
