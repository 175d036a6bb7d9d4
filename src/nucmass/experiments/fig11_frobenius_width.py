"""Paper 000 Fig. 11: hidden-layer Frobenius norms before/after/difference vs width, l_out = 4."""

from pathlib import Path

import numpy as np

from nucmass.data.ame import load_ame
from nucmass.models.fnn import FNNConfig
from nucmass.plotting.criticality import FROBENIUS_PANELS, statistic_panels
from nucmass.train.config import Regime
from nucmass.train.setup import recipe_label
from nucmass.train.studies import parameter_study

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
    out, field = Path(out), settings["field"]
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    rows, means = parameter_study(
        FNNConfig(width=settings["width"], depth=settings["depth"], activation="relu"), training,
        field, settings["values"], np.arange(settings["seeds"]), load_ame("ame2020"),
        FROBENIUS_PANELS, workers=settings["workers"],
    )  # fmt: skip
    rows.to_csv(out / "members.csv", index=False)
    fig = statistic_panels(means, field, FROBENIUS_PANELS)
    recipe = recipe_label(training, "relu")
    fig.suptitle(f"Fig. 11: mean hidden-layer Frobenius norms (interquartile mean of "
                 f"{settings['seeds']} runs), ReLU CICT, l_out = 4, "
                 f"{settings['epochs']} epochs\n{recipe}", fontsize=9)  # fmt: skip
    fig.savefig(out / "fig11_frobenius_width.png", dpi=120)
    values = {column: means[column].round(6).to_dict() for column in FROBENIUS_PANELS}
    return {"recipe": recipe, **values}
