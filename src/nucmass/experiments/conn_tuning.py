"""CoNN design choices, tested on an inner split of the ``conn`` training part only.

The ``conn`` training part (seed 0, 2749 nuclei) is split again 80/20 (numpy seed 1234)
into inner-train / inner-validation; each variant (CoNNConfig / Adam overrides) is trained
(seed 0) on inner-train and scored on inner-validation and on the extrapolation part. The
``conn`` validation part is never used, so the design choices made from this table do not
leak into the reported validation RMSD.
"""

from pathlib import Path

import pandas as pd

from nucmass.analysis.conn import inner_split, train_variant
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "run"]

DESCRIPTION = "Paper 001 CoNN design choices on an inner split of the conn training part"
# the design before the Wigner term, the shell product and the finer grid knots (issue 5,
# first round; grid smoothness 1e-4), and the steps that led to it
PREVIOUS_MODEL = {
    "bulk_wigner": "none", "product_rank": 0, "grid_fine_below": 0, "grid_smoothness": 1e-4,
}  # fmt: skip
NO_SSYM = {"bulk_surface_symmetry": False}


def _previous(model: "dict | None" = None, training: "dict | None" = None) -> dict:
    """Overrides of the previous default plus ``model`` / ``training`` overrides."""
    return {"model": {**PREVIOUS_MODEL, **(model or {})}, "training": training or {}}


# name -> overrides ({"model": {...}, "training": {...}}) of the settings' configuration
VARIANTS = {
    "default": {},
    "no Wigner term": {"model": {"bulk_wigner": "none"}},
    "linear (FRDM) Wigner term": {"model": {"bulk_wigner": "linear"}},
    "damped linear Wigner term": {"model": {"bulk_wigner": "damped"}},
    "Gaussian Wigner term, width 100": {"model": {"bulk_wigner_width": 100.0}},
    "no shell product": {"model": {"product_rank": 0}},
    "shell product rank 3": {"model": {"product_rank": 3}},
    "shell product L2 1e-4": {"model": {"product_l2": 1e-4}},
    "shell product L2 1e-3": {"model": {"product_l2": 1e-3}},
    "uniform 5 x 5 grid": {"model": {"grid_fine_below": 0}},
    "grid smoothness 1e-4": {"model": {"grid_smoothness": 1e-4}},
    "grid smoothness 3e-6": {"model": {"grid_smoothness": 3e-6}},
    "previous default": _previous(),
    "previous default, grid smoothness 1e-5": _previous({"grid_smoothness": 1e-5}),
    # earlier steps, relative to the previous default (paper scale only)
    "previous default, 50k steps": _previous(training={"epochs": 50_000}),
    "previous default, bulk 3x128": _previous({"bulk_width": 128, "bulk_depth": 3}),
    "previous default without the surface-symmetry term": _previous(NO_SSYM),
    "bulk A*(8+MLP) 3x128, no LDM terms": _previous(
        {**NO_SSYM, "bulk_ldm": False, "bulk_width": 128, "bulk_depth": 3}
    ),
    "bulk A*(8+MLP) 2x64, no LDM terms": _previous({**NO_SSYM, "bulk_ldm": False}),
    "no surface-symmetry term, shell L2 1e-4": _previous({**NO_SSYM, "shell_l2": 1e-4}),
    "no surface-symmetry term, grid 10x15, smoothness 1e-3": _previous(
        {**NO_SSYM, "grid_spacing_z": 10.0, "grid_spacing_n": 15.0, "grid_smoothness": 1e-3}
    ),
    "no surface-symmetry term, grid 5x5, smoothness 1e-3": _previous(
        {**NO_SSYM, "grid_smoothness": 1e-3}
    ),
}
CPU_VARIANTS = list(VARIANTS)[:14]
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}, "variants": ["default"]},
    "cpu": {"model": {}, "training": {}, "variants": CPU_VARIANTS},
    "paper": {"model": {}, "training": {}, "variants": list(VARIANTS)},
}


def run(settings: dict, out: Path) -> dict:
    """Score every variant on the inner split; write scores, residuals and the wide table."""
    table = inner_split().reset_index(drop=True)
    results = [train_variant(v, VARIANTS[v], settings, table) for v in settings["variants"]]
    result = pd.concat([r[0] for r in results], ignore_index=True)
    result.to_csv(out / "conn_tuning.csv", index=False, float_format="%.4f")
    residuals = pd.concat([r[1] for r in results], ignore_index=True)
    residuals.to_csv(out / "conn_tuning_residuals.csv", index=False, float_format="%.4f")
    wide = result[result.subset.isin(["all", "zn8", "light"])].pivot_table(
        index="variant", columns=["part", "subset"], values="rmsd"
    )
    wide.round(3).to_csv(out / "conn_tuning_table.csv")
    return {v: {f"{p}/{s}": round(x, 3) for (p, s), x in r.items()} for v, r in wide.iterrows()}
