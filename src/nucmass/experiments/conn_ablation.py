"""CoNN ablations (paper 001, Fig. 3 and ablation table): RMSD with each module removed.

Trains ``seeds`` members of every ablation in ``ablations`` on the default ``conn`` split;
the table gives member mean, std and ensemble-mean RMSD per ablation, part and subset.
"""

from pathlib import Path

import pandas as pd

from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import ensemble_metrics, headline, summarise, train_on_split
from nucmass.models.conn import ABLATIONS

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "CoNN ablations: macroscopic only, no pairing/grid/embeddings/product/Wigner"
SCALES = {
    "smoke": {
        "model": TINY_MODEL,
        "train": {"steps": 40, "chunk": 20},
        "seeds": [0],
        "ablations": list(ABLATIONS),
    },
    "cpu": {
        "model": {},
        "train": {},
        "seeds": [0],
        "ablations": list(ABLATIONS),
        "workers": 1,
    },
    "paper": {
        "model": {},
        "train": {"steps": 50_000},
        "seeds": [0, 1, 2],
        "ablations": list(ABLATIONS),
        "workers": 2,
    },
}


def run(settings: dict, out: Path) -> dict:
    rows = []
    for name in settings["ablations"]:
        ensemble, table = train_on_split("conn", 0, {**settings, "ablate": name})
        summary = summarise(ensemble_metrics(ensemble, table))
        rows.append(headline(summary).assign(ablation=name))
    table = pd.concat(rows, ignore_index=True)
    table.to_csv(out / "conn_ablation.csv", index=False, float_format="%.4f")
    wide = table.pivot_table(index="ablation", columns=["part", "subset"], values="mean_rmsd")
    wide = wide.reindex(settings["ablations"])
    wide.round(3).to_csv(out / "conn_ablation_table.csv")
    return {
        "mean_rmsd": {
            a: {f"{p}/{s}": round(v, 4) for (p, s), v in r.items()} for a, r in wide.iterrows()
        }
    }
