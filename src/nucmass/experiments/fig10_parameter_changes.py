"""Paper 000 Fig. 10: RMS change of hidden-layer parameters in training vs width, l_out = 4."""

from pathlib import Path

import numpy as np

from nucmass.data.ame import load_ame
from nucmass.models.fnn import FNNConfig
from nucmass.plotting.criticality import PARAMETER_PANELS, statistic_panels
from nucmass.train.config import Regime
from nucmass.train.setup import recipe_label
from nucmass.train.studies import parameter_study

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
    out, field = Path(out), settings["field"]
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    rows, means = parameter_study(
        FNNConfig(width=settings["width"], depth=settings["depth"], activation="relu"), training,
        field, settings["values"], np.arange(settings["seeds"]), load_ame("ame2020"),
        PARAMETER_PANELS, workers=settings["workers"],
    )  # fmt: skip
    rows.to_csv(out / "members.csv", index=False)
    fig = statistic_panels(means, field, PARAMETER_PANELS)
    recipe = recipe_label(training, "relu")
    fig.suptitle(f"Fig. 10: hidden-layer parameter change, ReLU CICT, l_out = 4, "
                 f"{settings['epochs']} epochs, AME2020 (3558)\n{recipe}", fontsize=9)  # fmt: skip
    fig.savefig(out / "fig10_parameter_changes.png", dpi=120)
    values = {column: means[column].round(6).to_dict() for column in PARAMETER_PANELS}
    return {"recipe": recipe, **values}
