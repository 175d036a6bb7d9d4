"""Training plots of paper 000 Sec. IV: loss curves, statistics vs width or depth.

Free functions over arrays; each draws on (or creates) an Axes and returns it.
"""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["REGIME_COLOURS", "plot_loss_curves", "plot_statistic"]

# Paper 000 Figs. 8-9: CICT blue, CINT red, NINT green.
REGIME_COLOURS = {
    "cict": "tab:blue",
    "cint": "tab:red",
    "nint": "tab:green",
    "adam-cint": "tab:purple",
    "adam-nint": "tab:olive",
    "adam": "tab:gray",
}


def plot_loss_curves(
    curves: dict, ax=None, *, title=None, switch_epoch=None, styles=None, unit: str = "MeV"
):
    """Loss (in ``unit``) vs epoch on a log scale, one line per label.

    Parameters
    ----------
    curves : dict label -> (epochs,) array
        Loss histories; a label that is a regime name gets the paper's colour.
    switch_epoch : int, optional
        Epoch where the fine learning-rate phase starts (dotted vertical line).
    styles : dict label -> dict, optional
        Line style keywords per label (e.g. ``{"color": ..., "ls": "--"}``).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    for label, loss in curves.items():
        loss = np.asarray(loss, dtype=float)
        style = {"color": REGIME_COLOURS.get(label), "lw": 1.2, **(styles or {}).get(label, {})}
        ax.plot(np.arange(1, loss.size + 1), loss, label=label, **style)
    if switch_epoch:
        ax.axvline(switch_epoch, color="k", ls=":", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"MAE loss ({unit})")
    ax.legend(fontsize=7, loc="upper right")
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def plot_statistic(x, y, ax=None, *, yerr=None, label=None, logx=True, logy=False, **style):
    """A statistic (e.g. mean RMSD) vs width or depth, with optional error bars."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    ax.errorbar(np.asarray(x), np.asarray(y), yerr=yerr, marker="o", ms=4, capsize=3,
                label=label, **style)  # fmt: skip
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    return ax
