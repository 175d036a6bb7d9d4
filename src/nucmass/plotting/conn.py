"""Figures of the CoNN (paper 001, Figs. 3-5) and its staggering and S_2n checks.

Free functions over arrays; each returns a matplotlib Figure (the caller saves it).
"""

import matplotlib.pyplot as plt
import numpy as np

from nucmass.plotting.chart import MAGIC_NUMBERS, plot_chart

__all__ = [
    "plot_chains",
    "plot_embeddings",
    "plot_grid",
    "plot_residual_maps",
    "plot_staggering",
]


def plot_residual_maps(z, n, residuals: dict, vmax: float = 3.0):
    """2 x 2 (or fewer) nuclear-chart maps of residuals B_pred - B_exp (MeV), Fig. 3.

    ``residuals`` maps a panel title (with its RMSD) to values of shape (m,) at (z, n).
    """
    count = len(residuals)
    rows = (count + 1) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(14, 4.6 * rows), squeeze=False)
    for ax, (title, values) in zip(axes.ravel(), residuals.items(), strict=False):
        plot_chart(z, n, values, ax=ax, vmax=vmax)
        ax.set_title(title, fontsize=10)
    for ax in axes.ravel()[count:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def _magic_axis(ax, label: str, values: np.ndarray, mean: np.ndarray, std: np.ndarray):
    index = np.arange(mean.size)
    ax.fill_between(index, mean - std, mean + std, color="C0", alpha=0.3, lw=0)
    ax.plot(index, mean, "C0-", lw=1)
    for magic in MAGIC_NUMBERS:
        if magic < mean.size:
            ax.axvline(magic, color="0.35", lw=0.7, ls="--")
    ax.set(xlabel=label, ylabel="embedding (MeV)", xlim=(0, mean.size - 1))
    ax.set_xticks([m for m in MAGIC_NUMBERS if m < mean.size])


def plot_embeddings(e_z: np.ndarray, e_n: np.ndarray, z_seen: int, n_seen: int):
    """Learned proton (top) and neutron (bottom) embeddings vs Z and N (Fig. 4).

    ``e_z`` (K, z_max + 1) and ``e_n`` (K, n_max + 1) are the members' tables (MeV); the
    line is the member mean, the band +-1 std; only indices up to ``z_seen``/``n_seen``
    (the largest Z, N in training) are drawn; magic numbers are dashed.
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.5))
    for ax, label, table, seen in ((top, "Z", e_z, z_seen), (bottom, "N", e_n, n_seen)):
        table = np.atleast_2d(table)[:, : seen + 1]
        _magic_axis(ax, label, table, table.mean(axis=0), table.std(axis=0))
    top.set_title("CoNN shell embeddings (member mean +- std)")
    fig.tight_layout()
    return fig


def plot_grid(z, n, values, title: str, label: str = "E_cor (MeV)"):
    """A CoNN term (MeV) on the chart at nuclei (z, n): the correlation grid E_cor (Fig. 5)
    or the shell product E_prod."""
    fig, ax = plt.subplots(figsize=(9, 5.6))
    plot_chart(z, n, values, ax=ax, label=label, title=title)
    fig.tight_layout()
    return fig


def plot_staggering(chains: dict):
    """Odd-even staggering along isotopic chains: three-point gaps and the pairing term.

    ``chains`` maps a chain label to a dict of arrays over N: ``N``, ``gap_exp``,
    ``gap_model`` (three-point gaps Delta_3, MeV) and ``pairing`` (Delta_3 of the CoNN
    pairing term alone, MeV).
    """
    fig, axes = plt.subplots(1, len(chains), figsize=(6 * len(chains), 4.2), squeeze=False)
    for ax, (label, c) in zip(axes[0], chains.items(), strict=True):
        ax.plot(c["N"], c["gap_exp"], "ko", ms=3.5, label="AME2020 Delta_3")
        ax.plot(c["N"], c["gap_model"], "C3.-", lw=1, label="CoNN Delta_3")
        ax.plot(c["N"], c["pairing"], "C0s-", ms=3, lw=1, label="Delta_3 of the pairing term alone")
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set(title=label, xlabel="N", ylabel="MeV")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_chains(chains: dict, quantity: str = "S_2n (MeV)"):
    """A quantity along chains, experiment (points) vs model (lines).

    ``chains`` maps a label to a dict with ``N``, ``exp`` and ``model`` arrays.
    """
    fig, ax = plt.subplots(figsize=(8, 5))
    for k, (label, c) in enumerate(chains.items()):
        ax.plot(c["N"], c["exp"], "o", color=f"C{k}", ms=3.5)
        ax.plot(c["N"], c["model"], "-", color=f"C{k}", lw=1.2, label=label)
    for magic in MAGIC_NUMBERS:
        ax.axvline(magic, color="0.35", lw=0.6, ls="--")
    ax.set(xlabel="N", ylabel=quantity, title=f"{quantity}: AME2020 (points) vs CoNN (lines)")
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    return fig
