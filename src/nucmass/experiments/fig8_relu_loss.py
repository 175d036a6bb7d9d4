"""Paper 000 Fig. 8: MAE loss vs epoch, ReLU, width 100, depths 1, 2, 4, 8, CICT/CINT/NINT."""

from pathlib import Path

import numpy as np

from nucmass.data.ame import load_ame
from nucmass.models.fnn import FNNConfig
from nucmass.plotting.criticality import loss_grid
from nucmass.train.config import Regime
from nucmass.train.setup import recipe_label
from nucmass.train.studies import regime_losses, regime_summary

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 8: MAE loss vs epoch, ReLU, width 100, CICT vs CINT vs NINT"
_BASE = {"width": 100, "depths": [1, 2, 4, 8], "regimes": ["cict", "cint", "nint"]}
SCALES = {
    "smoke": {**_BASE, "width": 8, "depths": [1], "epochs": 20, "switch_epoch": 10,
              "seeds": 1, "workers": 1},
    "cpu": {**_BASE, "epochs": 5000, "switch_epoch": 1250, "seeds": 2, "workers": 2},
    "paper": {**_BASE, "epochs": 20000, "switch_epoch": 5000, "seeds": 2, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    out, width = Path(out), settings["width"]
    training = Regime(epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    curves, members = regime_losses(
        FNNConfig(width=width, activation="relu"), training,
        settings["depths"], settings["regimes"], np.arange(settings["seeds"]),
        load_ame("ame2020"), workers=settings["workers"],
    )  # fmt: skip
    curves.to_csv(out / "losses.csv", index=False)
    members.to_csv(out / "final_losses.csv", index=False)
    fig = loss_grid(curves, settings["depths"], settings["regimes"],
                    title=lambda depth: f"relu, width {width}, depth {depth}",
                    switch_epoch=settings["switch_epoch"])  # fmt: skip
    recipe = recipe_label(training, "relu")
    fig.suptitle(f"Fig. 8: MAE loss on AME2020 (3558 nuclei), mean of {settings['seeds']} "
                 f"seed(s)\n{recipe} (CINT/NINT: the mean of these rates)", fontsize=9)  # fmt: skip
    fig.savefig(out / "fig8_loss.png", dpi=120)
    return {**regime_summary(members), "nuclei": 3558, "recipe": recipe}
