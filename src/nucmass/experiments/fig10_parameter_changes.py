"""Paper 000 Fig. 10: RMS change of hidden-layer parameters in training vs width, l_out = 4."""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.data.ame import load_ame
from nucmass.plotting.training import plot_statistic
from nucmass.train import TrainConfig
from nucmass.train.studies import interquartile_mean, sweep

__all__ = ["DESCRIPTION", "SCALES", "run", "sweep_rows", "write_panels"]

DESCRIPTION = "paper 000 Fig. 10: mean RMSD of hidden-layer parameters (final-initial) vs width"
SCALES = {
    "smoke": {"field": "width", "values": [4, 10], "depth": 3, "width": 120, "epochs": 20,
              "switch_epoch": 10, "seeds": 1, "workers": 1},
    "cpu": {"field": "width", "values": [4, 10, 120, 240], "depth": 3, "width": 120,
            "epochs": 1000, "switch_epoch": 500, "seeds": 2, "workers": 2},
    "paper": {"field": "width", "values": [4, 10, 120, 240, 500, 1000], "depth": 3,
              "width": 120, "epochs": 20000, "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip


def sweep_rows(settings: dict) -> pd.DataFrame:
    """Per-member rows of a ReLU CICT sweep over ``settings['field']`` (AME2020, 3558)."""
    base = TrainConfig(
        width=settings["width"], depth=settings["depth"], activation="relu", regime="cict",
        epochs=settings["epochs"], switch_epoch=settings["switch_epoch"],
        workers=settings["workers"],
    )  # fmt: skip
    seeds = np.arange(settings["seeds"])
    rows, _ = sweep(base, settings["field"], settings["values"], seeds, load_ame("ame2020"))
    return rows[~rows.failed]


def write_panels(rows: pd.DataFrame, field: str, panels: dict, title: str, path: Path) -> dict:
    """One panel per column of ``panels`` (column -> y label): interquartile mean vs field."""
    means = rows.groupby(field).agg({c: interquartile_mean for c in panels})
    fig = Figure(figsize=(4.0 * len(panels), 3.4), layout="constrained")
    for ax, (column, label) in zip(fig.subplots(1, len(panels)), panels.items(), strict=True):
        plot_statistic(means.index, means[column], ax, logx=field == "width", logy=True)
        ax.set_xlabel(field + (" n" if field == "width" else " L (hidden layers)"))
        ax.set_ylabel(label)
    fig.suptitle(title, fontsize=10)
    fig.savefig(path, dpi=120)
    return {column: means[column].round(6).to_dict() for column in panels}


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    rows = sweep_rows(settings)
    rows.to_csv(out / "members.csv", index=False)
    panels = {"weights_relative": "(a) relative RMSD of W", "weights_scaled":
              "(b) sqrt(n) RMSD of W", "biases": "(c) RMSD of b"}  # fmt: skip
    title = (f"Fig. 10: hidden-layer parameter change, ReLU CICT, l_out = 4, "
             f"{settings['epochs']} epochs, AME2020 (3558)")  # fmt: skip
    return write_panels(rows, "width", panels, title, out / "fig10_parameter_changes.png")
