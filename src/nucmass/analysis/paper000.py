"""The runs behind paper 000's training figures (Figs. 8-12), shared by their experiments.

``regime_figure`` trains one network per (depth, regime, seed) and draws the loss grid of
Figs. 8 and 9; ``parameter_figure`` trains ReLU CICT networks over a width or depth grid
and draws the per-layer statistics of Figs. 10-12. Both train on paper 000's data and
target (``PAPER000_TARGET``, :func:`nucmass.train.studies.table1_data`: B/A on the 3456
AME2020 nuclei with Z, N >= 8) with the regime recipe of
:class:`nucmass.train.config.Regime` and write their tables and the figure into ``out``.
"""

import textwrap
from pathlib import Path

import numpy as np

from nucmass.models.fnn import FNNConfig
from nucmass.plotting.criticality import loss_grid, statistic_panels
from nucmass.train.config import Regime
from nucmass.train.setup import recipe_label
from nucmass.train.studies import (
    PAPER000_TARGET,
    TARGET_UNITS,
    parameter_study,
    regime_losses,
    regime_summary,
    table1_data,
)

__all__ = ["parameter_figure", "regime_figure"]


def regime_figure(settings: dict, out: Path, activation: str, figure: str, filename: str) -> dict:
    """Figs. 8-9: MAE loss vs epoch per depth for the regimes of ``settings``.

    Parameters
    ----------
    settings : dict
        ``width``, ``depths``, ``regimes``, ``epochs``, ``switch_epoch``, ``seeds``,
        ``workers``.
    out : Path
        Output directory: ``losses.csv``, ``final_losses.csv`` and ``filename``.
    activation : str
        Hidden activation (``"relu"``, ``"tanh"``).
    figure : str
        Figure name opening the title, e.g. ``"Fig. 8"``.
    filename : str
        Name of the PNG in ``out``.

    Returns
    -------
    dict
        Per-regime summary of the final losses, the nuclei count and the recipe label.
    """
    out, width = Path(out), settings["width"]
    training = Regime(epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    table, fields = table1_data(PAPER000_TARGET)
    curves, members = regime_losses(
        FNNConfig(width=width, activation=activation, **fields), training,
        settings["depths"], settings["regimes"], np.arange(settings["seeds"]),
        table, workers=settings["workers"],
    )  # fmt: skip
    curves.to_csv(out / "losses.csv", index=False)
    members.to_csv(out / "final_losses.csv", index=False)
    fig = loss_grid(curves, settings["depths"], settings["regimes"],
                    title=lambda depth: f"{activation}, width {width}, depth {depth}",
                    switch_epoch=settings["switch_epoch"],
                    unit=TARGET_UNITS[PAPER000_TARGET])  # fmt: skip
    recipe = recipe_label(training, activation)
    text = (f"{figure}: MAE loss of {PAPER000_TARGET} on AME2020 ({len(table)} nuclei), "
            f"mean of {settings['seeds']} seed(s); {recipe} (CINT/NINT: the mean of these "
            "rates)")  # fmt: skip
    fig.suptitle(textwrap.fill(text, 30 * len(settings["depths"]) + 30), fontsize=9)
    fig.savefig(out / filename, dpi=120)
    return {**regime_summary(members), "nuclei": len(table), "target": PAPER000_TARGET,
            "recipe": recipe}  # fmt: skip


def parameter_figure(settings: dict, out: Path, panels, title: str, filename: str) -> dict:
    """Figs. 10-12: per-layer statistics of ReLU CICT networks over a width or depth grid.

    Parameters
    ----------
    settings : dict
        ``field`` (``"width"`` or ``"depth"``), ``values``, ``width``, ``depth``,
        ``epochs``, ``switch_epoch``, ``seeds``, ``workers``.
    out : Path
        Output directory: ``members.csv`` and ``filename``.
    panels : dict
        Statistic column -> panel label (``PARAMETER_PANELS``, ``FROBENIUS_PANELS``).
    title : str
        Figure title, formatted with ``settings`` (``{seeds}``, ``{epochs}``, ``{width}``);
        the recipe label is added on a second line.
    filename : str
        Name of the PNG in ``out``.

    Returns
    -------
    dict
        The recipe label and, per panel column, the mean statistic per grid value.
    """
    out, field = Path(out), settings["field"]
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"])
    table, fields = table1_data(PAPER000_TARGET)
    model = FNNConfig(width=settings["width"], depth=settings["depth"], activation="relu",
                      **fields)  # fmt: skip
    rows, means = parameter_study(
        model, training, field, settings["values"], np.arange(settings["seeds"]), table,
        panels, workers=settings["workers"],
    )  # fmt: skip
    rows.to_csv(out / "members.csv", index=False)
    fig = statistic_panels(means, field, panels)
    recipe = recipe_label(training, "relu")
    data = f"{PAPER000_TARGET}, AME2020 ({len(table)} nuclei)"
    fig.suptitle(f"{title.format(**settings)}, {data}\n{recipe}", fontsize=9)
    fig.savefig(out / filename, dpi=120)
    values = {column: means[column].round(6).to_dict() for column in panels}
    return {"recipe": recipe, **values}
