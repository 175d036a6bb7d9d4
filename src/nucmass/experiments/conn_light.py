"""The CoNN's held-out light nuclei (A < 16; issue 15): what the misses are, and which
light-nucleus design predicts them best on inner splits of the ``conn`` training part.

1. The misses of a trained CoNN on the default ``conn`` split (``analyse``: a saved model
   or a shipped name, by default the shipped ``conn`` ensemble): every held-out A < 16
   nucleus with its residual, member range, components and training neighbours
   (:func:`nucmass.analysis.conn.light_misses`).
2. Light-nucleus variants (``VARIANTS``: CoNNConfig overrides) trained (seed 0) on the
   inner splits of :func:`nucmass.analysis.conn.inner_split` with numpy seeds
   ``inner_seeds`` (one inner split holds only 11 light nuclei; three hold about 33) and
   scored on the pooled inner-validation nuclei. The ``conn`` validation part is never
   used.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.analysis.conn import inner_split, light_misses, train_variant
from nucmass.data.splits import get_split
from nucmass.evaluation import LIGHT_A, rmsd
from nucmass.models.saved import load_model
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "pooled_scores", "run"]

DESCRIPTION = "CoNN light nuclei: the held-out A < 16 misses and light-nucleus terms"
ALPHA_WIGNER = ["alpha", "wigner"]
WIGNER_RIDGE = ["wigner", "ridge"]
# name -> {"model": CoNNConfig overrides} on top of the settings
VARIANTS = {
    "default": {},
    "alpha term": {"model": {"bulk_light": ["alpha"]}},
    "light Wigner term": {"model": {"bulk_light": ["wigner"]}},
    "alpha + light Wigner terms": {"model": {"bulk_light": ALPHA_WIGNER}},
    "light grid every nucleon": {"model": {"grid_fine_spacing": 1.0}},
    "light grid every 3": {"model": {"grid_fine_spacing": 3.0}},
    "light grid every 4": {"model": {"grid_fine_spacing": 4.0}},
    "uniform 5 x 5 grid": {"model": {"grid_fine_below": 0}},
    "light Wigner ridge": {"model": {"bulk_light": ["ridge"]}},
    "light Wigner term and ridge": {"model": {"bulk_light": WIGNER_RIDGE}},
    "light Wigner term and ridge, A_0 = 20": {
        "model": {"bulk_light": WIGNER_RIDGE, "bulk_light_range": 20.0}
    },
    "light Wigner term and ridge, A_0 = 40": {
        "model": {"bulk_light": WIGNER_RIDGE, "bulk_light_range": 40.0}
    },
}
INNER_SEEDS = [1234, 1, 2]
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "inner_seeds": [1234],
              "variants": ["default", "alpha + light Wigner terms"], "analyse": "conn"},
    "cpu": {"model": {}, "training": {}, "inner_seeds": INNER_SEEDS, "variants": list(VARIANTS),
            "analyse": "conn"},
    "paper": {"model": {}, "training": {}, "inner_seeds": INNER_SEEDS,
              "variants": list(VARIANTS), "analyse": "conn"},
}  # fmt: skip


def pooled_scores(residuals: pd.DataFrame) -> pd.DataFrame:
    """RMSD (MeV) per variant over the residuals of all inner splits pooled.

    ``residuals`` holds variant, part, Z, N and residual (MeV); the columns of the result
    are (part, subset) for the validation and extrapolation parts and the subsets all,
    zn8 (Z, N >= 8), light (A < 16) and heavy (A >= 16); rows are in first-seen order.
    """
    light = (residuals.Z + residuals.N).to_numpy() < LIGHT_A
    subsets = {"all": np.ones(len(residuals), bool), "light": light, "heavy": ~light,
               "zn8": ((residuals.Z >= 8) & (residuals.N >= 8)).to_numpy()}  # fmt: skip
    scores = {}
    for part in ("validation", "extrapolation"):
        for name, mask in subsets.items():
            rows = residuals[mask & (residuals.part == part).to_numpy()]
            scores[(part, name)] = rows.groupby("variant", sort=False).residual.agg(rmsd)
    return pd.DataFrame(scores)


def _tune(settings: dict, out: Path) -> pd.DataFrame:
    """Train every variant on every inner split; write the residuals and the pooled table."""
    frames = []
    for seed in settings["inner_seeds"]:
        table = inner_split(seed).reset_index(drop=True)
        for name in settings["variants"]:
            _, residuals = train_variant(name, VARIANTS[name], settings, table)
            frames.append(residuals.assign(inner_seed=seed))
    residuals = pd.concat(frames, ignore_index=True)
    residuals.to_csv(out / "conn_light_residuals.csv", index=False, float_format="%.4f")
    table = pooled_scores(residuals)
    table.round(3).to_csv(out / "conn_light_table.csv")
    return table


def run(settings: dict, out: Path) -> dict:
    """Write the misses of ``settings["analyse"]`` and the pooled inner-split table."""
    out = Path(out)
    misses = light_misses(load_model(settings["analyse"]), get_split("conn", 0).table())
    misses.to_csv(out / "conn_light_misses.csv", index=False, float_format="%.3f")
    table = _tune(settings, out)
    return {
        "misses": misses[["nuclide", "part", "residual"]].round(2).to_dict("records"),
        "pooled_rmsd": {
            v: {f"{p}/{s}": round(x, 3) for (p, s), x in r.items()} for v, r in table.iterrows()
        },
    }
