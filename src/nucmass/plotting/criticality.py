"""Panel layouts of paper 000's figures (Figs. 6-12), shared by the experiments.

Each function lays out a grid of panels on a new :class:`matplotlib.figure.Figure` and
returns it; the caller adds a title and saves it.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.plotting.training import plot_loss_curves, plot_statistic

__all__ = [
    "FROBENIUS_PANELS",
    "PARAMETER_PANELS",
    "loss_grid",
    "profile_panels",
    "statistic_panels",
]

# member_rows column -> y label: Fig. 10 (parameter changes) and Figs. 11-12 (norms).
PARAMETER_PANELS = {
    "weights_relative": "(a) relative RMSD of W",
    "weights_scaled": "(b) sqrt(n) RMSD of W",
    "biases": "(c) RMSD of b",
}
FROBENIUS_PANELS = {
    "frob_before": "(a) ||W_init||_F",
    "frob_difference": "(b) ||W_final - W_init||_F",
    "frob_relative": "(c) relative difference",
}


def profile_panels(data: pd.DataFrame, activations, c_ws, c_b: float, draw) -> Figure:
    """Depth profiles: rows C_W (in the given order), columns activations.

    ``data`` holds the rows of :func:`nucmass.theory.fe56.profile_grid`; ``draw(ax, rows)``
    draws the rows of one (activation, C_W) with depth > 0 on its panel.
    """
    rows, cols = len(c_ws), len(activations)
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, c_w in enumerate(c_ws):
        for j, activation in enumerate(activations):
            subset = data[(data.activation == activation) & (data.c_w == c_w) & (data.depth > 0)]
            ax = axes[i, j]
            draw(ax, subset)
            label = "abcdefghijkl"[cols * i + j]
            ax.set_title(f"({label}) {activation}, C_W = {c_w:g}, C_b = {c_b:g}", fontsize=9)
            ax.legend(fontsize=6)
    return fig


def loss_grid(
    curves: pd.DataFrame, depths, regimes, *, title, switch_epoch=None, unit: str = "MeV"
) -> Figure:
    """One panel per depth (two columns) with the loss curve of every regime.

    ``curves`` has a column ``d{depth}_{regime}`` per curve (loss per epoch, in ``unit``);
    ``title(depth)`` is the title of a panel.
    """
    shape = ((len(depths) + 1) // 2, min(len(depths), 2))
    fig = Figure(figsize=(4.2 * shape[1], 3.2 * shape[0]), layout="constrained")
    axes = fig.subplots(*shape, squeeze=False).ravel()
    for ax, depth in zip(axes, depths, strict=False):
        lines = {regime: curves[f"d{depth}_{regime}"] for regime in regimes}
        plot_loss_curves(lines, ax, switch_epoch=switch_epoch, title=title(depth), unit=unit)
    for ax in axes[len(depths) :]:
        ax.set_visible(False)
    return fig


def statistic_panels(means: pd.DataFrame, field: str, panels: dict) -> Figure:
    """One panel per column of ``panels`` (column -> y label): ``means`` (indexed by the
    swept ``field``, width or depth) against the field, log-log."""
    fig = Figure(figsize=(4.0 * len(panels), 3.4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    for ax, (column, label) in zip(axes, panels.items(), strict=True):
        plot_statistic(means.index, means[column], ax, logx=field == "width", logy=True)
        ax.set_xlabel(field + (" n" if field == "width" else " L (hidden layers)"))
        ax.set_ylabel(label)
    return fig
