"""Paper 000 Fig. 10: RMS change of hidden-layer parameters in training vs width, l_out = 4."""

from pathlib import Path

from nucmass.analysis.paper000 import parameter_figure
from nucmass.plotting.criticality import PARAMETER_PANELS

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 10: mean RMSD of hidden-layer parameters (final-initial) vs width"
SCALES = {
    "smoke": {"field": "width", "values": [4, 10], "depth": 3, "width": 120, "epochs": 20,
              "switch_epoch": 10, "seeds": 1, "workers": 1},
    "cpu": {"field": "width", "values": [4, 10, 120, 240], "depth": 3, "width": 120,
            "epochs": 5000, "switch_epoch": 1250, "seeds": 2, "workers": 2},
    "paper": {"field": "width", "values": [4, 10, 120, 240, 500, 1000], "depth": 3,
              "width": 120, "epochs": 20000, "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    title = "Fig. 10: hidden-layer parameter change, ReLU CICT, l_out = 4, {epochs} epochs"
    return parameter_figure(settings, out, PARAMETER_PANELS, title, "fig10_parameter_changes.png")
