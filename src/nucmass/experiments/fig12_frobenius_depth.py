"""Paper 000 Fig. 12: hidden-layer Frobenius norms before/after/difference vs depth, width 120."""

from pathlib import Path

from nucmass.experiments.fig10_parameter_changes import sweep_rows, write_panels
from nucmass.experiments.fig11_frobenius_width import PANELS

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 12: hidden-layer Frobenius norms vs depth at width 120"
SCALES = {
    "smoke": {"field": "depth", "values": [2, 3], "depth": 3, "width": 12, "epochs": 20,
              "switch_epoch": 10, "seeds": 2, "workers": 1},
    "cpu": {"field": "depth", "values": [2, 3, 5, 9], "depth": 3, "width": 120,
            "epochs": 500, "switch_epoch": 250, "seeds": 2, "workers": 2},
    "paper": {"field": "depth", "values": [2, 3, 5, 9, 17, 33, 65, 119], "depth": 3,
              "width": 120, "epochs": 20000, "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    rows = sweep_rows(settings)
    rows.to_csv(out / "members.csv", index=False)
    title = (f"Fig. 12: mean hidden-layer Frobenius norms vs depth (l_out = L + 1), width "
             f"{settings['width']}, ReLU CICT, {settings['epochs']} epochs")  # fmt: skip
    return write_panels(rows, "depth", PANELS, title, out / "fig12_frobenius_depth.png")
