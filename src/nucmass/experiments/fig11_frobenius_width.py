"""Paper 000 Fig. 11: hidden-layer Frobenius norms before/after/difference vs width, l_out = 4."""

from pathlib import Path

from nucmass.analysis.paper000 import parameter_figure
from nucmass.plotting.criticality import FROBENIUS_PANELS

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 11: hidden-layer Frobenius norms (initial, change, relative) vs width"
_WIDTHS = [4, 10, 20, 48, 120, 240, 500, 1000]
SCALES = {
    "smoke": {"field": "width", "values": [4, 10], "depth": 3, "width": 120, "epochs": 20,
              "switch_epoch": 10, "seeds": 2, "workers": 1},
    "cpu": {"field": "width", "values": [4, 10, 20, 48, 120, 240], "depth": 3, "width": 120,
            "epochs": 5000, "switch_epoch": 1250, "seeds": 2, "workers": 2},
    "paper": {"field": "width", "values": _WIDTHS, "depth": 3, "width": 120, "epochs": 20000,
              "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    title = (
        "Fig. 11: mean hidden-layer Frobenius norms (interquartile mean of {seeds} runs)"
        ", ReLU CICT, l_out = 4, {epochs} epochs"
    )
    return parameter_figure(settings, out, FROBENIUS_PANELS, title, "fig11_frobenius_width.png")
