"""Paper 000 Fig. 12: hidden-layer Frobenius norms before/after/difference vs depth, width 120."""

from pathlib import Path

from nucmass.analysis.paper000 import parameter_figure
from nucmass.plotting.criticality import FROBENIUS_PANELS

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 12: hidden-layer Frobenius norms vs depth at width 120"
SCALES = {
    "smoke": {"field": "depth", "values": [2, 3], "depth": 3, "width": 12, "epochs": 20,
              "switch_epoch": 10, "seeds": 2, "workers": 1},
    "cpu": {"field": "depth", "values": [2, 3, 5, 9], "depth": 3, "width": 120,
            "epochs": 5000, "switch_epoch": 1250, "seeds": 2, "workers": 2},
    "paper": {"field": "depth", "values": [2, 3, 5, 9, 17, 33, 65, 119], "depth": 3,
              "width": 120, "epochs": 20000, "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    title = (
        "Fig. 12: mean hidden-layer Frobenius norms vs depth (l_out = L + 1), width {width}"
        ", ReLU CICT, {epochs} epochs"
    )
    return parameter_figure(settings, out, FROBENIUS_PANELS, title, "fig12_frobenius_depth.png")
