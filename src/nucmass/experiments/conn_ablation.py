"""CoNN ablations (paper 001, Fig. 3 and ablation table): RMSD with each module removed.

Trains ``seeds`` members of every ablation in ``ablations`` on the default ``conn`` split;
the table gives member mean, std and ensemble-mean RMSD per ablation, part and subset.
"""

from pathlib import Path

import pandas as pd

from nucmass import pipeline
from nucmass.analysis.recipes import configure
from nucmass.evaluation import headline
from nucmass.models.conn import ABLATIONS
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "CoNN ablations: macroscopic only, no pairing/grid/embeddings/product/Wigner"
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "seeds": [0],
              "ablations": list(ABLATIONS)},
    "cpu": {"model": {}, "training": {}, "seeds": [0], "ablations": list(ABLATIONS),
            "workers": 1},
    "paper": {"model": {}, "training": {"epochs": 50_000}, "seeds": [0, 1, 2],
              "ablations": list(ABLATIONS), "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    """One ensemble per ablation; write the headline RMSDs per ablation (long and wide)."""
    model, training = configure("conn", settings)
    rows = []
    for name in settings["ablations"]:
        trained = pipeline.run(model.ablate(name), "conn", training, seeds=settings["seeds"],
                               workers=settings.get("workers", 1))  # fmt: skip
        rows.append(headline(trained.summary).assign(ablation=name))
    table = pd.concat(rows, ignore_index=True)
    table.to_csv(Path(out) / "conn_ablation.csv", index=False, float_format="%.4f")
    wide = table.pivot_table(index="ablation", columns=["part", "subset"], values="mean_rmsd")
    wide = wide.reindex(settings["ablations"])
    wide.round(3).to_csv(Path(out) / "conn_ablation_table.csv")
    return {
        "mean_rmsd": {
            a: {f"{p}/{s}": round(v, 4) for (p, s), v in r.items()} for a, r in wide.iterrows()
        }
    }
