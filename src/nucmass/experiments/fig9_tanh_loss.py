"""Paper 000 Fig. 9: MAE loss vs epoch, tanh, width 100, depths 1, 2, 4, 8, CICT/CINT/NINT."""

from pathlib import Path

from nucmass.experiments.fig8_relu_loss import SCALES as _RELU_SCALES
from nucmass.experiments.fig8_relu_loss import run_loss_figure

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 9: MAE loss vs epoch, tanh, width 100, CICT vs CINT vs NINT"
SCALES = {name: dict(settings) for name, settings in _RELU_SCALES.items()}
# cpu: depths 1, 2, 4 and 1500 epochs (switch at 750) so it finishes on the shared 2-core CPU
SCALES["cpu"] = {**SCALES["cpu"], "depths": [1, 2, 4], "epochs": 1500, "switch_epoch": 750}


def run(settings: dict, out: Path) -> dict:
    return run_loss_figure("tanh", "Fig. 9", settings, Path(out))
