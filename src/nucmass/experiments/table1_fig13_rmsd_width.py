"""Paper 000 Table I and Fig. 13: binding-energy RMSD vs width at l_out = 4, with r*.

r* = (4 / (20 + 3 n_{l_out})) / nu (paper 000 Eq. 50) with n_{l_out} = 1 and nu = 5 for
ReLU at criticality: r* = 0.0348, i.e. width l_out / r* = 115 at l_out = 4.

Trained with the default ``Regime`` (the recipe of ``nucmass.train.regimes``) on Table I's
data and target (``settings["target"]``, :func:`nucmass.train.studies.table1_data`: B/A on
the 3456 AME2020 nuclei with Z, N >= 8, what the paper's 72 MeV mode shows);
widths up to ``narrow_width`` get ``narrow_seeds`` seeds (they are cheap, and their failure
modes need the statistics). ``failure_modes.csv`` says what every member computes
(:func:`nucmass.train.failures.describe_members`).
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.models.fnn import FNNConfig
from nucmass.plotting.training import plot_statistic
from nucmass.train.config import Regime
from nucmass.train.cost import epoch_cost_model, estimate_sweep_seconds
from nucmass.train.failures import describe_members
from nucmass.train.setup import recipe_label
from nucmass.train.studies import (
    TABLE1_PAPER,
    rmsd_statistics,
    sweep,
    table1_data,
    table1_statistics,
)

__all__ = ["DESCRIPTION", "L_OUT", "R_STAR", "SCALES", "run"]

DESCRIPTION = "paper 000 Table I + Fig. 13: RMSD vs width (r = 4/n), ReLU CICT, r* marked"
R_STAR = 4.0 / (20.0 + 3.0 * 1) / 5.0  # paper 000 Eq. 50, nu = 5 (ReLU)
L_OUT = 4
SCALES = {
    "smoke": {"widths": [1, 4, 10], "epochs": 20, "switch_epoch": 10, "seeds": 2,
              "narrow_width": 4, "narrow_seeds": 3, "workers": 1, "target": "B/A"},
    "cpu": {"widths": [1, 4, 10, 20, 40, 60, 90, 115, 180], "epochs": 20000,
            "switch_epoch": 5000, "seeds": 4, "narrow_width": 20, "narrow_seeds": 8,
            "workers": 2, "target": "B/A"},
    "paper": {"widths": list(TABLE1_PAPER), "epochs": 20000, "switch_epoch": 5000,
              "seeds": 100, "narrow_width": 0, "narrow_seeds": 100, "workers": 2,
              "target": "B/A"},
}  # fmt: skip


def _figure(rows: pd.DataFrame, table: pd.DataFrame, settings: dict, title: str, path) -> None:
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    fig13 = pd.DataFrame([{"r": L_OUT / w, **rmsd_statistics(g.rmsd_train, g.failed, 30.0)}
                          for w, g in rows.groupby("width")])  # fmt: skip
    plot_statistic(fig13.r, fig13["mean"], left, yerr=fig13["std"], label="ours (cut 30 MeV)")
    plot_statistic(table.r, table.paper_mean_MeV, left, label="paper Table I (cut 100 MeV)",
                   ls="--", color="gray")  # fmt: skip
    left.axvline(R_STAR, color="red", label=f"r* = {R_STAR:.4f}")
    left.set_xlabel("r = l_out / n")
    left.set_ylabel("mean binding-energy RMSD (MeV)")
    left.set_yscale("log")
    left.legend(fontsize=7, loc="upper right")
    for width, group in rows.groupby("width"):
        right.scatter(np.full(len(group), L_OUT / width), group.rmsd_train, s=8, alpha=0.6)
    right.axhline(72, color="gray", ls=":", label="72 MeV failure mode")
    right.axvline(R_STAR, color="red")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("r = l_out / n")
    right.set_ylabel("RMSD of each run (MeV)")
    right.legend(fontsize=7, loc="center right")
    fig.suptitle(f"Fig. 13: ReLU, l_out = 4, {settings['seeds']} seeds ({settings['narrow_seeds']}"
                 f" up to width {settings['narrow_width']}), {settings['epochs']} epochs, "
                 f"{title}", fontsize=9)  # fmt: skip
    fig.savefig(path, dpi=120)


def _estimate(model, training, table, settings: dict) -> dict:
    """Projected hours of this scale and days of the paper's (on 2 workers) here."""
    cost = epoch_cost_model(model, training, table)
    narrow = [w for w in settings["widths"] if w <= settings["narrow_width"]]
    wide = [w for w in settings["widths"] if w > settings["narrow_width"]]
    groups = ((narrow, settings["narrow_seeds"]), (wide, settings["seeds"]))
    seconds = [estimate_sweep_seconds(cost, model, training, widths, seeds, len(table),
                                      settings["workers"]) for widths, seeds in groups]  # fmt: skip
    hours = sum(seconds) / 3600
    days = estimate_sweep_seconds(cost, model, training.replace(epochs=20000), list(TABLE1_PAPER),
                                  100, len(table), workers=2) / 86400  # fmt: skip
    return {"this_scale_hours": hours, "paper_scale_days": days}


def _sweep(model, training, table, settings: dict) -> tuple:
    """Member rows and failure descriptors of every width (narrow ones with more seeds)."""
    narrow = [w for w in settings["widths"] if w <= settings["narrow_width"]]
    groups = [
        (narrow, settings["narrow_seeds"]),
        ([w for w in settings["widths"] if w not in narrow], settings["seeds"]),
    ]
    frames, failures = [], []
    for widths, seeds in groups:
        if not widths:
            continue
        rows, ensembles = sweep(model, training, {"width": widths}, np.arange(seeds), table,
                                workers=settings["workers"])  # fmt: skip
        frames.append(rows)
        failures += [describe_members(e, table).assign(width=w[0]) for w, e in ensembles.items()]
    rows = pd.concat(frames, ignore_index=True)
    failures = pd.concat(failures, ignore_index=True).merge(
        rows[["width", "seed", "status", "rmsd_train"]], on=["width", "seed"]
    )
    return rows, failures


def _failure_summary(failures: pd.DataFrame) -> dict:
    """Counts of the failed runs (RMSD > 30 MeV) by what they compute."""
    failed = failures[failures.rmsd_train > 30.0]
    moving = failed[~failed.constant]
    return {"failed_runs": len(failed), "constant": int(failed.constant.sum()),
            "constant_at_init": int(failed.constant_at_init.sum()),
            "constant_per_nucleon": int(failed.per_nucleon_constant.notna().sum()),
            "non_constant": len(moving),
            "non_constant_rmsd_MeV": moving.rmsd_train.round(2).tolist(),
            "non_constant_plane_r2": moving.plane_r2.round(4).tolist()}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    data, fields = table1_data(settings["target"])
    model = FNNConfig(width=1, depth=L_OUT - 1, activation="relu", **fields)
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    estimate = _estimate(model, training, data, settings)
    (out / "estimate.json").write_text(json.dumps(estimate, indent=2) + "\n")
    print(f"table1: estimated {estimate['this_scale_hours']:.2f} h for this scale; the paper "
          f"scale (18 widths x 100 seeds x 20000 epochs) would take "
          f"{estimate['paper_scale_days']:.1f} days here", file=sys.stderr, flush=True)  # fmt: skip
    rows, failures = _sweep(model, training, data, settings)
    rows.to_csv(out / "members.csv", index=False)
    failures.to_csv(out / "failure_modes.csv", index=False)
    table = table1_statistics(rows, L_OUT)
    table.to_csv(out / "table1.csv", index=False)
    (out / "table1.txt").write_text(table.to_string(index=False, float_format="{:.4f}".format))
    recipe = recipe_label(training, "relu")
    title = f"target {settings['target']}, AME2020 ({len(data)} nuclei)\n{recipe}"
    _figure(rows, table, settings, title, out / "fig13_rmsd_vs_r.png")
    trained = table.dropna(subset=["mean_MeV"])
    best = trained.loc[trained.mean_MeV.idxmin()] if len(trained) else None
    return {"table1": table.round(4).to_dict(orient="records"),
            "best_width": None if best is None else int(best.width),
            "best_mean_rmsd_MeV": None if best is None else float(best.mean_MeV),
            "r_star": R_STAR, "width_at_r_star": L_OUT / R_STAR, "nuclei": len(data),
            "recipe": recipe, "failures": _failure_summary(failures),
            "estimate": estimate}  # fmt: skip
