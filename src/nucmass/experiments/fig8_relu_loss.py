"""Paper 000 Fig. 8: MAE loss vs epoch, ReLU, width 100, depths 1, 2, 4, 8, CICT/CINT/NINT."""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.data.ame import load_ame
from nucmass.plotting.training import plot_loss_curves
from nucmass.train import TrainConfig, train_ensemble

__all__ = ["DESCRIPTION", "SCALES", "loss_curves", "run", "run_loss_figure"]

DESCRIPTION = "paper 000 Fig. 8: MAE loss vs epoch, ReLU, width 100, CICT vs CINT vs NINT"
_BASE = {"width": 100, "depths": [1, 2, 4, 8], "regimes": ["cict", "cint", "nint"]}
SCALES = {
    "smoke": {**_BASE, "width": 8, "depths": [1], "epochs": 20, "switch_epoch": 10,
              "seeds": 1, "workers": 1},
    "cpu": {**_BASE, "epochs": 2000, "switch_epoch": 1000, "seeds": 2, "workers": 2},
    "paper": {**_BASE, "epochs": 20000, "switch_epoch": 5000, "seeds": 2, "workers": 2},
}  # fmt: skip


def loss_curves(activation: str, settings: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean loss history per (depth, regime) and a per-member summary (AME2020, 3558)."""
    table = load_ame("ame2020")
    seeds = np.arange(settings["seeds"])
    curves, summary = {}, []
    for depth in settings["depths"]:
        for regime in settings["regimes"]:
            config = TrainConfig(
                width=settings["width"], depth=depth, activation=activation, regime=regime,
                epochs=settings["epochs"], switch_epoch=settings["switch_epoch"],
                workers=settings["workers"],
            )  # fmt: skip
            result = train_ensemble(config, seeds, table)
            curves[f"d{depth}_{regime}"] = np.nanmean(result.losses, axis=0)
            for k, seed in enumerate(result.seeds):
                summary.append({"depth": depth, "regime": regime, "seed": int(seed),
                                "failed": bool(result.failed[k]),
                                "final_loss_MeV": float(result.losses[k, -1]),
                                "min_loss_MeV": float(np.nanmin(result.losses[k])),
                                "rmsd_MeV": float(result.rmsd["train"][k])})  # fmt: skip
    frame = pd.DataFrame(curves)
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    return frame, pd.DataFrame(summary)


def run_loss_figure(activation: str, figure: str, settings: dict, out: Path) -> dict:
    """Train, write losses.csv, final_losses.csv and the PNG; return the summary."""
    curves, summary = loss_curves(activation, settings)
    curves.to_csv(out / "losses.csv", index=False)
    summary.to_csv(out / "final_losses.csv", index=False)
    depths = settings["depths"]
    fig = Figure(figsize=(4.2 * min(len(depths), 2), 3.2 * ((len(depths) + 1) // 2)),
                 layout="constrained")  # fmt: skip
    axes = fig.subplots((len(depths) + 1) // 2, min(len(depths), 2), squeeze=False).ravel()
    for ax, depth in zip(axes, depths, strict=False):
        lines = {r: curves[f"d{depth}_{r}"] for r in settings["regimes"]}
        title = f"{activation}, width {settings['width']}, depth {depth}"
        plot_loss_curves(lines, ax, switch_epoch=settings["switch_epoch"], title=title)
    for ax in axes[len(depths) :]:
        ax.set_visible(False)
    fig.suptitle(f"{figure}: MAE loss on AME2020 (3558 nuclei), mean of "
                 f"{settings['seeds']} seed(s)", fontsize=10)  # fmt: skip
    fig.savefig(out / f"{figure.lower().replace('. ', '')}_loss.png", dpi=120)
    table = summary.groupby(["depth", "regime"]).final_loss_MeV.mean().unstack()
    return {
        "final_loss_MeV": {f"depth {d}": row.round(3).to_dict() for d, row in table.iterrows()},
        "cict_lowest_at_depths": [int(d) for d, row in table.iterrows()
                                  if row.idxmin() == "cict"],
        "nuclei": 3558,
    }  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    return run_loss_figure("relu", "Fig. 8", settings, Path(out))
