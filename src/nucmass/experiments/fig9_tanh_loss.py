"""Paper 000 Fig. 9: MAE loss vs epoch, tanh, width 100, depths 1, 2, 4, 8, CICT/CINT/NINT."""

from pathlib import Path

from nucmass.analysis.paper000 import regime_figure

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 9: MAE loss vs epoch, tanh, width 100, CICT vs CINT vs NINT"
_BASE = {"width": 100, "depths": [1, 2, 4, 8], "regimes": ["cict", "cint", "nint"]}
# cpu: a quarter of the paper's epochs (switch after a quarter, as the paper's 5000 of 20000)
SCALES = {
    "smoke": {**_BASE, "width": 8, "depths": [1], "epochs": 20, "switch_epoch": 10,
              "seeds": 1, "workers": 1},
    "cpu": {**_BASE, "epochs": 5000, "switch_epoch": 1250, "seeds": 2,
            "workers": 2},
    "paper": {**_BASE, "epochs": 20000, "switch_epoch": 5000, "seeds": 2, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    return regime_figure(settings, out, "tanh", "Fig. 9", "fig9_loss.png")
