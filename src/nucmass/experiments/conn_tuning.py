"""CoNN design choices, tested on an inner split of the ``conn`` training part only.

The ``conn`` training part (seed 0, 2749 nuclei) is split again 80/20 (numpy seed 1234)
into inner-train / inner-validation; each variant (CoNNConfig / TrainConfig overrides) is
trained on inner-train and scored on inner-validation and on the extrapolation part. The
``conn`` validation part is never used, so the design choices made from this table do not
leak into the reported validation RMSD.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.splits import get_split
from nucmass.evaluation import evaluate
from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import configs
from nucmass.models.conn import CoNNEnsemble
from nucmass.train.conn import train_conn

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "inner_split", "run"]

DESCRIPTION = "Paper 001 CoNN design choices on an inner split of the conn training part"
NO_SSYM = {"bulk_surface_symmetry": False}  # the design before the surface-symmetry term
OLD = {**NO_SSYM, "bulk_ldm": False, "bulk_width": 128, "bulk_depth": 3}
COARSE = {**NO_SSYM, "grid_spacing_z": 10.0, "grid_spacing_n": 15.0}
WIGNER = {"bulk_wigner": "gaussian"}
FINE = {"grid_fine_below": 20, "grid_fine_spacing": 2.0}
NEW = {**WIGNER, **FINE, "product_rank": 2}  # Gaussian Wigner, product rank 2, finer grid
WEAK = {"product_l2": 1e-4}
# name -> settings overrides ({"model": {...}, "train": {...}}) relative to the defaults
VARIANTS = {
    "default": {},
    "50k steps": {"train": {"steps": 50_000}},
    "bulk 3x128": {"model": {"bulk_width": 128, "bulk_depth": 3}},
    "no surface-symmetry term": {"model": NO_SSYM},
    "bulk A*(8+MLP) 3x128, no LDM terms": {"model": OLD},
    "bulk A*(8+MLP) 2x64, no LDM terms": {"model": {**NO_SSYM, "bulk_ldm": False}},
    "no surface-symmetry term, shell L2 1e-4": {"model": NO_SSYM, "train": {"shell_l2": 1e-4}},
    "no surface-symmetry term, grid 10x15, smoothness 1e-3": {
        "model": COARSE,
        "train": {"grid_smoothness": 1e-3},
    },
    "no surface-symmetry term, grid 5x5, smoothness 1e-3": {
        "model": NO_SSYM,
        "train": {"grid_smoothness": 1e-3},
    },
    "Wigner term, linear (FRDM) form": {"model": {"bulk_wigner": "linear"}},
    "Wigner term, damped linear form": {"model": {"bulk_wigner": "damped"}},
    "Wigner term": {"model": WIGNER},
    "shell product rank 2": {"model": {"product_rank": 2}},
    "Wigner term, shell product rank 2": {"model": {**WIGNER, "product_rank": 2}},
    "damped Wigner term, shell product rank 2": {
        "model": {"bulk_wigner": "damped", "product_rank": 2}
    },
    "Wigner term, shell product rank 3": {"model": {**WIGNER, "product_rank": 3}},
    "shell product rank 2, grid nodes every 2 below Z, N = 20": {
        "model": {**FINE, "product_rank": 2}
    },
    "Wigner term, shell product rank 2, grid nodes every 2 below Z, N = 20": {
        "model": {**WIGNER, **FINE, "product_rank": 2}
    },
    "Wigner term, shell product rank 2, grid nodes every 2 below 20, product L2 1e-4": {
        "model": NEW,
        "train": WEAK,
    },
    "Wigner, product rank 2, fine grid, product L2 1e-5": {
        "model": NEW,
        "train": {"product_l2": 1e-5},
    },
    "Wigner, product rank 3, fine grid, product L2 1e-4": {
        "model": {**NEW, "product_rank": 3},
        "train": WEAK,
    },
    "Wigner width 100, product rank 2, fine grid, product L2 1e-4": {
        "model": {**NEW, "bulk_wigner_width": 100.0},
        "train": WEAK,
    },
    "Wigner, product rank 2, fine grid, product L2 3e-4": {
        "model": NEW,
        "train": {"product_l2": 3e-4},
    },
    "Wigner, product rank 2, fine grid, product L2 1e-4, grid smoothness 3e-5": {
        "model": NEW,
        "train": {**WEAK, "grid_smoothness": 3e-5},
    },
    "Wigner, product rank 2, fine grid, product L2 1e-4, shell L2 3e-4": {
        "model": NEW,
        "train": {**WEAK, "shell_l2": 3e-4},
    },
    "Wigner, product rank 2, fine grid, product L2 1e-4, grid smoothness 1e-5": {
        "model": NEW,
        "train": {**WEAK, "grid_smoothness": 1e-5},
    },
    "Wigner, product rank 2, fine grid, product L2 3e-4, grid smoothness 3e-5": {
        "model": NEW,
        "train": {"product_l2": 3e-4, "grid_smoothness": 3e-5},
    },
    "Wigner, product rank 2, uniform grid, product L2 1e-4, grid smoothness 3e-5": {
        "model": {**WIGNER, "product_rank": 2},
        "train": {**WEAK, "grid_smoothness": 3e-5},
    },
    "damped Wigner, product rank 2, fine grid, product L2 1e-4": {
        "model": {**NEW, "bulk_wigner": "damped"},
        "train": WEAK,
    },
    "linear Wigner, product rank 2, fine grid, product L2 1e-4": {
        "model": {**NEW, "bulk_wigner": "linear"},
        "train": WEAK,
    },
    "Wigner term, shell product rank 2, product L2 1e-4": {
        "model": {**WIGNER, "product_rank": 2},
        "train": {"product_l2": 1e-4},
    },
}
SCALES = {
    "smoke": {"model": TINY_MODEL, "train": {"steps": 40, "chunk": 20}, "variants": ["default"]},
    "cpu": {"model": {}, "train": {}, "variants": [v for v in VARIANTS if "3x128" not in v]},
    "paper": {"model": {}, "train": {}, "variants": list(VARIANTS)},
}


def inner_split(seed: int = 1234) -> pd.DataFrame:
    """The conn split (seed 0) with its train part re-split into train / validation."""
    table = get_split("conn", 0).table()
    train = table[table.part == "train"].reset_index(drop=True)
    chosen = np.random.default_rng(seed).permutation(len(train))[: round(0.8 * len(train))]
    part = np.where(np.isin(np.arange(len(train)), chosen), "train", "validation")
    return pd.concat([train.assign(part=part), table[table.part == "extrapolation"]])


def _train_variant(name: str, settings: dict, table: pd.DataFrame):
    """Train variant ``name`` (seed 0) on the inner-train part; return (scores, residuals)."""
    extra = VARIANTS[name]
    merged = {
        "model": {**settings["model"], **extra.get("model", {})},
        "train": {**settings["train"], **extra.get("train", {})},
    }
    config, tc = configs(merged)
    train = table[table.part == "train"]
    z, n, b = (train[k].to_numpy() for k in ("Z", "N", "binding_energy"))
    model, history = train_conn(z, n, b, config, tc, seed=0)
    predicted = CoNNEnsemble([model]).predict(table.Z, table.N)
    scores = evaluate(table, predicted).assign(
        variant=name, loss=history["final_loss"], cpu_seconds=history["cpu_seconds"]
    )
    residuals = table[["Z", "N", "part"]].assign(
        variant=name, residual=predicted - table.binding_energy
    )
    return scores, residuals


def run(settings: dict, out: Path) -> dict:
    table = inner_split().reset_index(drop=True)
    results = [_train_variant(name, settings, table) for name in settings["variants"]]
    result = pd.concat([r[0] for r in results], ignore_index=True)
    result.to_csv(out / "conn_tuning.csv", index=False, float_format="%.4f")
    residuals = pd.concat([r[1] for r in results], ignore_index=True)
    residuals.to_csv(out / "conn_tuning_residuals.csv", index=False, float_format="%.4f")
    wide = result[result.subset.isin(["all", "zn8", "light"])].pivot_table(
        index="variant", columns=["part", "subset"], values="rmsd"
    )
    wide.round(3).to_csv(out / "conn_tuning_table.csv")
    return {v: {f"{p}/{s}": round(x, 3) for (p, s), x in r.items()} for v, r in wide.iterrows()}
