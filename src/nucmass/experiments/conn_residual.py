"""The CoNN on a theory table's residuals B_exp - B_theory (issue 6, beyond the papers).

For each split the CoNN's settings for this target are chosen on a random 20% validation
part carved out of that split's own training part (``carve_validation``, seed 0, the
carve the MFDNN experiments use), never on its test part: every variant trains one member
(seed 0) on the other 80%, the lowest validation RMSD picks the variant, and its ensemble
is then trained on the whole training part and scored once on the test part. The variants
change the resolution of the correlation grid and the strength of the penalties, the
knobs that decide how local the correction can be. Needs the RIPL-4 tables for RIPL
baselines such as WS4: ``NUCMASS_DATA_DIR`` or the ``data_dir`` setting.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.data.splits import get_split
from nucmass.evaluation import rmsd
from nucmass.experiments.conn_accuracy import TINY_MODEL
from nucmass.experiments.conn_common import (
    configs,
    ensemble_metrics,
    summarise,
    train_on_split,
    with_overrides,
)
from nucmass.models.conn import CoNNEnsemble
from nucmass.models.residual import residual_table
from nucmass.train.conn import train_conn
from nucmass.train.validation import carve_validation

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "run"]

DESCRIPTION = "CoNN on WS4 residuals: grid and penalties chosen by validation, then tested"
GRID_3 = {"grid_spacing_z": 3.0, "grid_spacing_n": 3.0}
VARIANTS = {
    "default": {},
    "grid every 3": {"model": GRID_3},
    "grid every 2": {"model": {"grid_spacing_z": 2.0, "grid_spacing_n": 2.0}},
    "penalties / 10": {"train": {"shell_l2": 1e-4, "product_l2": 3e-5, "grid_smoothness": 1e-6}},
    "penalties x 10": {"train": {"shell_l2": 1e-2, "product_l2": 3e-3, "grid_smoothness": 1e-4}},
}
_COMMON = {"baseline": "WS4", "data_dir": None, "splits": ["measured", "measured-since-2016"]}
SCALES = {
    "smoke": {**_COMMON, "model": TINY_MODEL, "train": {"steps": 40, "chunk": 20},
              "variants": ["default", "grid every 3"], "seeds": [0], "workers": 1},
    "cpu": {**_COMMON, "model": {}, "train": {}, "variants": list(VARIANTS),
            "seeds": [0, 1, 2, 3], "workers": 2},
    "paper": {**_COMMON, "model": {}, "train": {}, "variants": list(VARIANTS),
              "seeds": list(range(10)), "workers": 2},
}  # fmt: skip


def _validation_rmsd(settings: dict, variant: str, carved: pd.DataFrame) -> float:
    config, tc = configs(with_overrides(settings, VARIANTS[variant]))
    train, validation = carved[carved.part == "train"], carved[carved.part == "validation"]
    model, _ = train_conn(*(train[k].to_numpy() for k in ("Z", "N", "binding_energy")),
                          config, tc, seed=0)  # fmt: skip
    predicted = CoNNEnsemble([model]).predict(validation.Z, validation.N)
    return rmsd(predicted - validation.binding_energy.to_numpy())


def _choose(settings: dict, split: str) -> pd.DataFrame:
    """Validation RMSD (MeV) of every variant on the carve of ``split``'s training part."""
    table, _ = residual_table(get_split(split, 0).table(), settings["baseline"],
                              settings["data_dir"], on_missing="drop")  # fmt: skip
    carved = carve_validation(table, 0)
    scores = [_validation_rmsd(settings, v, carved) for v in settings["variants"]]
    n = int((carved.part == "validation").sum())
    return pd.DataFrame({"split": split, "variant": settings["variants"],
                         "validation_rmsd": scores, "n_validation": n})  # fmt: skip


def _test(settings: dict, split: str, variant: str) -> tuple:
    """(summary rows, test residuals) of the ensemble of ``variant`` on ``split``."""
    ensemble, table = train_on_split(split, 0, with_overrides(settings, VARIANTS[variant]),
                                     baseline=settings["baseline"],
                                     data_dir=settings["data_dir"])  # fmt: skip
    summary = summarise(ensemble_metrics(ensemble, table)).assign(split=split, variant=variant)
    test = table[table.part == "test"]
    corrected = test.binding_energy - ensemble.predict(test.Z.to_numpy(), test.N.to_numpy())
    frame = pd.DataFrame({"Z": test.Z, "N": test.N, "A": test.A, "split": split,
                          "baseline": test.binding_energy, "corrected": corrected})  # fmt: skip
    return summary, frame  # (new frames: the split tables' attrs would not concatenate)


def _figure(choices: pd.DataFrame, residuals: pd.DataFrame, settings: dict, path: Path):
    splits = list(dict.fromkeys(choices.split))
    fig = Figure(figsize=(5 + 4 * len(splits), 4), layout="constrained")
    axes = fig.subplots(1, 1 + len(splits))
    for offset, (split, group) in enumerate(choices.groupby("split", sort=False)):
        x = np.arange(len(group)) + 0.4 * offset
        axes[0].bar(x, group.validation_rmsd, width=0.4, label=split)
    axes[0].set_xticks(np.arange(len(settings["variants"])) + 0.2, settings["variants"],
                       rotation=30, ha="right", fontsize=7)  # fmt: skip
    axes[0].set_ylabel("validation RMSD (MeV)")
    axes[0].legend(fontsize=7)
    for ax, split in zip(axes[1:], splits, strict=True):
        rows = residuals[residuals.split == split]
        for column, label in (("baseline", settings["baseline"]), ("corrected", "+ CoNN")):
            ax.scatter(rows.A, rows[column], s=6,
                       label=f"{label}: RMSD {rmsd(rows[column]):.3f} MeV")  # fmt: skip
        ax.axhline(0, color="k", lw=0.6)
        ax.set_xlabel("A")
        ax.set_ylabel("B_exp - B_model (MeV)")
        ax.set_title(f"{split}: test part ({len(rows)} nuclei)", fontsize=9)
        ax.legend(fontsize=7)
    fig.savefig(path, dpi=120)


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    choices = pd.concat([_choose(settings, s) for s in settings["splits"]], ignore_index=True)
    best = choices.loc[choices.groupby("split", sort=False).validation_rmsd.idxmin()]
    tested = [_test(settings, row.split, row.variant) for row in best.itertuples()]
    summary = pd.concat([t[0] for t in tested], ignore_index=True)
    residuals = pd.concat([t[1] for t in tested], ignore_index=True)
    choices.to_csv(out / "conn_residual_validation.csv", index=False, float_format="%.4f")
    summary.to_csv(out / "conn_residual_summary.csv", index=False, float_format="%.4f")
    residuals.to_csv(out / "conn_residual_test.csv", index=False, float_format="%.4f")
    _figure(choices, residuals, settings, out / "conn_residual.png")
    test = summary[(summary.part == "test") & (summary.subset == "all")]
    baseline = residuals.groupby("split", sort=False).baseline.apply(rmsd)
    scores = {
        row.split: {"n": int(row.n), settings["baseline"]: round(baseline[row.split], 3),
                    "ensemble": round(row.ensemble_rmsd, 3), "members": round(row.mean_rmsd, 3)}
        for row in test.itertuples()
    }  # fmt: skip
    return {"chosen": dict(zip(best.split, best.variant, strict=True)), "test_rmsd_MeV": scores}
