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
from nucmass.experiments.conn_common import configs, with_overrides
from nucmass.models.conn import CoNNEnsemble
from nucmass.train.conn import train_conn

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "inner_split", "run"]

DESCRIPTION = "Paper 001 CoNN design choices on an inner split of the conn training part"
# the design before the Wigner term, the shell product and the finer grid knots (issue 5,
# first round), and the steps that led to it
PREVIOUS_MODEL = {"bulk_wigner": "none", "product_rank": 0, "grid_fine_below": 0}
NO_SSYM = {**PREVIOUS_MODEL, "bulk_surface_symmetry": False}


def _previous(model: "dict | None" = None, train: "dict | None" = None) -> dict:
    """Overrides of the previous default (grid smoothness 1e-4) plus ``model``/``train``."""
    return {
        "model": {**PREVIOUS_MODEL, **(model or {})},
        "train": {"grid_smoothness": 1e-4, **(train or {})},
    }


# name -> settings overrides ({"model": {...}, "train": {...}}) relative to the defaults
VARIANTS = {
    "default": {},
    "no Wigner term": {"model": {"bulk_wigner": "none"}},
    "linear (FRDM) Wigner term": {"model": {"bulk_wigner": "linear"}},
    "damped linear Wigner term": {"model": {"bulk_wigner": "damped"}},
    "Gaussian Wigner term, width 100": {"model": {"bulk_wigner_width": 100.0}},
    "no shell product": {"model": {"product_rank": 0}},
    "shell product rank 3": {"model": {"product_rank": 3}},
    "shell product L2 1e-4": {"train": {"product_l2": 1e-4}},
    "shell product L2 1e-3": {"train": {"product_l2": 1e-3}},
    "uniform 5 x 5 grid": {"model": {"grid_fine_below": 0}},
    "grid smoothness 1e-4": {"train": {"grid_smoothness": 1e-4}},
    "grid smoothness 3e-6": {"train": {"grid_smoothness": 3e-6}},
    "previous default": _previous(),
    "previous default, grid smoothness 1e-5": _previous(train={"grid_smoothness": 1e-5}),
    # earlier steps, relative to the previous default (paper scale only)
    "previous default, 50k steps": _previous(train={"steps": 50_000}),
    "previous default, bulk 3x128": _previous({"bulk_width": 128, "bulk_depth": 3}),
    "previous default without the surface-symmetry term": _previous(NO_SSYM),
    "bulk A*(8+MLP) 3x128, no LDM terms": _previous(
        {**NO_SSYM, "bulk_ldm": False, "bulk_width": 128, "bulk_depth": 3}
    ),
    "bulk A*(8+MLP) 2x64, no LDM terms": _previous({**NO_SSYM, "bulk_ldm": False}),
    "no surface-symmetry term, shell L2 1e-4": _previous(NO_SSYM, {"shell_l2": 1e-4}),
    "no surface-symmetry term, grid 10x15, smoothness 1e-3": _previous(
        {**NO_SSYM, "grid_spacing_z": 10.0, "grid_spacing_n": 15.0}, {"grid_smoothness": 1e-3}
    ),
    "no surface-symmetry term, grid 5x5, smoothness 1e-3": _previous(
        NO_SSYM, {"grid_smoothness": 1e-3}
    ),
}
CPU_VARIANTS = list(VARIANTS)[:14]
SCALES = {
    "smoke": {"model": TINY_MODEL, "train": {"steps": 40, "chunk": 20}, "variants": ["default"]},
    "cpu": {"model": {}, "train": {}, "variants": CPU_VARIANTS},
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
    config, tc = configs(with_overrides(settings, VARIANTS[name]))
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
