"""The CoNN on a theory table's residuals B_exp - B_theory (issue 6, beyond the papers).

For each split the CoNN's settings for this target are chosen on a random 20% validation
part carved out of that split's own training part (``pipeline.choose``, seed 0), never on
its test part: every variant trains one member (seed 0) on the other 80%, the lowest
validation RMSD picks the variant, and its ensemble is then trained on the whole training
part and scored once on the test part. The variants change the resolution of the
correlation grid and the strength of the penalties, the knobs that decide how local the
correction can be. Nuclei the baseline lacks are left out of training and scoring. Needs
the RIPL-4 tables for RIPL baselines such as WS4: ``NUCMASS_DATA_DIR`` or ``data_dir``.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass import pipeline
from nucmass.analysis.recipes import configure
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd
from nucmass.presets import TINY_CONN

__all__ = ["DESCRIPTION", "SCALES", "VARIANTS", "run"]

DESCRIPTION = "CoNN on WS4 residuals: grid and penalties chosen by validation, then tested"
GRID_3 = {"grid_spacing_z": 3.0, "grid_spacing_n": 3.0}
# name -> overrides ({"model": {...}, "training": {...}}) of the settings' configuration
VARIANTS = {
    "default": {},
    "grid every 3": {"model": GRID_3},
    "grid every 2": {"model": {"grid_spacing_z": 2.0, "grid_spacing_n": 2.0}},
    "penalties / 10": {"model": {"shell_l2": 1e-4, "product_l2": 3e-5, "grid_smoothness": 1e-6}},
    "penalties x 10": {"model": {"shell_l2": 1e-2, "product_l2": 3e-3, "grid_smoothness": 1e-4}},
}
_COMMON = {"baseline": "WS4", "data_dir": None, "splits": ["measured", "measured-since-2016"]}
# "model" / "training": overrides of CoNNConfig() and of its default Adam recipe
SCALES = {
    "smoke": {**_COMMON, "model": TINY_CONN.to_dict(), "training": {"epochs": 40},
              "splits": ["measured-since-2016"], "variants": ["default", "grid every 3"],
              "seeds": [0], "workers": 1},
    "cpu": {**_COMMON, "model": {}, "training": {}, "variants": list(VARIANTS),
            "seeds": [0, 1, 2, 3], "workers": 2},
    "paper": {**_COMMON, "model": {}, "training": {}, "variants": list(VARIANTS),
              "seeds": list(range(10)), "workers": 2},
}  # fmt: skip


def _trained(settings: dict, split: str) -> pipeline.Trained:
    """The chosen variant's ensemble on ``split`` (choice on a random carve of train)."""
    model, training = configure("conn", settings)
    candidates = {name: VARIANTS[name] for name in settings["variants"]}
    return pipeline.run(model, split, training, seeds=settings["seeds"],
                        baseline=settings["baseline"], data_dir=settings["data_dir"],
                        candidates=candidates, carve="random",
                        workers=settings.get("workers", 1))  # fmt: skip


def _test_residuals(trained: pipeline.Trained, split: str, settings: dict) -> pd.DataFrame:
    """B_exp - B_baseline and B_exp - B_model (MeV) of the test nuclei the baseline holds."""
    test = trained.table[trained.table.part == "test"]
    z, n, b = test.Z.to_numpy(), test.N.to_numpy(), test.binding_energy.to_numpy()
    theory = theory_binding_energy(z, n, settings["baseline"], settings["data_dir"])
    frame = pd.DataFrame({"Z": z, "N": n, "A": test.A.to_numpy(), "split": split,
                          "baseline": b - theory,
                          "corrected": b - trained.ensemble.predict(z, n)})  # fmt: skip
    return frame[np.isfinite(theory)].reset_index(drop=True)


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


def _scores(summary: pd.DataFrame, residuals: pd.DataFrame, baseline: str) -> dict:
    """Test RMSDs (MeV) per split: baseline, ensemble mean, member mean."""
    test = summary[(summary.part == "test") & (summary.subset == "all")]
    theory = residuals.groupby("split", sort=False).baseline.apply(rmsd)
    return {
        row.split: {"n": int(row.n), baseline: round(theory[row.split], 3),
                    "ensemble": round(row.ensemble_rmsd, 3), "members": round(row.mean_rmsd, 3)}
        for row in test.itertuples()
    }  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    """Choose, train and test per split; write choices, summaries, test residuals, figure."""
    out, choices, summaries, residuals = Path(out), [], [], []
    for split in settings["splits"]:
        trained = _trained(settings, split)
        choice = trained.choice.rename(columns={"candidate": "variant"}).drop(columns="carve")
        choices.append(choice.assign(split=split)[["split", "variant", "validation_rmsd",
                                                   "n_validation"]])  # fmt: skip
        summaries.append(trained.summary.assign(split=split, variant=trained.chosen))
        residuals.append(_test_residuals(trained, split, settings))
    choices = pd.concat(choices, ignore_index=True)
    summary = pd.concat(summaries, ignore_index=True)
    residuals = pd.concat(residuals, ignore_index=True)
    choices.to_csv(out / "conn_residual_validation.csv", index=False, float_format="%.4f")
    summary.to_csv(out / "conn_residual_summary.csv", index=False, float_format="%.4f")
    residuals.to_csv(out / "conn_residual_test.csv", index=False, float_format="%.4f")
    _figure(choices, residuals, settings, out / "conn_residual.png")
    chosen = dict(zip(summary.split, summary.variant, strict=False))
    return {"chosen": chosen, "test_rmsd_MeV": _scores(summary, residuals, settings["baseline"])}
