"""Paper 000 Fig. 11: hidden-layer Frobenius norms before/after/difference vs width, l_out = 4."""

from pathlib import Path

from nucmass.experiments.fig10_parameter_changes import sweep_rows, write_panels

__all__ = ["DESCRIPTION", "PANELS", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 11: hidden-layer Frobenius norms (initial, change, relative) vs width"
_WIDTHS = [4, 10, 20, 48, 120, 240, 500, 1000]
SCALES = {
    "smoke": {"field": "width", "values": [4, 10], "depth": 3, "width": 120, "epochs": 20,
              "switch_epoch": 10, "seeds": 2, "workers": 1},
    "cpu": {"field": "width", "values": [4, 10, 20, 48, 120, 240], "depth": 3, "width": 120,
            "epochs": 1000, "switch_epoch": 500, "seeds": 2, "workers": 2},
    "paper": {"field": "width", "values": _WIDTHS, "depth": 3, "width": 120, "epochs": 20000,
              "switch_epoch": 5000, "seeds": 100, "workers": 2},
}  # fmt: skip
PANELS = {
    "frob_before": "(a) ||W_init||_F",
    "frob_difference": "(b) ||W_final - W_init||_F",
    "frob_relative": "(c) relative difference",
}


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    rows = sweep_rows(settings)
    rows.to_csv(out / "members.csv", index=False)
    title = (f"Fig. 11: mean hidden-layer Frobenius norms (interquartile mean of "
             f"{settings['seeds']} runs), ReLU CICT, l_out = 4, "
             f"{settings['epochs']} epochs")  # fmt: skip
    return write_panels(rows, "width", PANELS, title, out / "fig11_frobenius_width.png")
