"""Paper 000 Fig. 14: binding-energy residual maps at widths 4, 10, 120, 1000 (l_out = 4),
trained on paper 000's data and target (``PAPER000_TARGET``: B/A on Z, N >= 8)."""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass import evaluation
from nucmass.models.fnn import FNNConfig
from nucmass.plotting.chart import plot_chart
from nucmass.train.config import Regime
from nucmass.train.fit import fit
from nucmass.train.setup import recipe_label
from nucmass.train.studies import PAPER000_TARGET, table1_data

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 14: residual maps on the nuclear chart at widths 4, 10, 120, 1000"
SCALES = {
    "smoke": {"widths": [4, 10], "epochs": 20, "switch_epoch": 10, "seed": 0},
    "cpu": {"widths": [4, 10, 120, 240], "epochs": 20000, "switch_epoch": 5000, "seed": 0},
    "paper": {"widths": [4, 10, 120, 1000], "epochs": 20000, "switch_epoch": 5000, "seed": 0},
}


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    table, fields = table1_data(PAPER000_TARGET)
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    widths = settings["widths"]
    fig = Figure(figsize=(12, 3.6 * ((len(widths) + 1) // 2)), layout="constrained")
    axes = fig.subplots((len(widths) + 1) // 2, 2, squeeze=False).ravel()
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    residuals, summary = {"Z": z, "N": n}, {}
    for ax, width in zip(axes, widths, strict=False):
        model = FNNConfig(width=width, depth=3, activation="relu", **fields)
        ensemble = fit(model, table, training, seeds=[settings["seed"]])
        # One member, mapped even where it failed (the chart then shows what it learned).
        predicted = ensemble.predict_members(z, n, include_failed=True)[0]
        residual = predicted - table.binding_energy.to_numpy()
        residuals[f"residual_w{width}_MeV"] = residual
        rmsd = evaluation.rmsd(residual)
        summary[f"width {width}"] = {"r": 4 / width, "rmsd_MeV": round(rmsd, 3)}
        plot_chart(z, n, residual, ax, vmax=max(np.percentile(np.abs(residual), 99), 1.0),
                   title=f"width {width} (r = {4 / width:.3g}): RMSD {rmsd:.2f} MeV")  # fmt: skip
    pd.DataFrame(residuals).to_csv(out / "residuals.csv", index=False)
    recipe = recipe_label(training, "relu")
    fig.suptitle(f"Fig. 14: residual (prediction - AME2020) MeV, ReLU, l_out = 4, "
                 f"{settings['epochs']} epochs, {PAPER000_TARGET}, {len(table)} nuclei\n{recipe}",
                 fontsize=9)  # fmt: skip
    fig.savefig(out / "fig14_residual_maps.png", dpi=110)
    return {"recipe": recipe, **summary}
