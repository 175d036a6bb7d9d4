"""Figures of the CoNN (paper 001, Figs. 3-5) and its staggering and S_2n checks.

Free functions over arrays, each returning a matplotlib Figure (not managed by pyplot:
nothing to close; the caller saves it); :func:`conn_figures` draws the whole set for a
trained ensemble from the numbers of :mod:`nucmass.analysis.conn`.
"""

import numpy as np
from matplotlib.figure import Figure

from nucmass.analysis import conn as numbers
from nucmass.data.ame import load_ame
from nucmass.data.theory import ripl_directory
from nucmass.plotting.chart import MAGIC_NUMBERS, plot_chart

__all__ = [
    "conn_figures",
    "plot_chains",
    "plot_embeddings",
    "plot_grid",
    "plot_residual_maps",
    "plot_staggering",
]


def plot_residual_maps(z, n, residuals: dict, vmax: float = 3.0) -> Figure:
    """2 x 2 (or fewer) nuclear-chart maps of residuals B_pred - B_exp (MeV), Fig. 3.

    ``residuals`` maps a panel title (with its RMSD) to values of shape (m,) at (z, n).
    """
    count = len(residuals)
    rows = (count + 1) // 2
    fig = Figure(figsize=(14, 4.6 * rows))
    axes = fig.subplots(rows, 2, squeeze=False)
    for ax, (title, values) in zip(axes.ravel(), residuals.items(), strict=False):
        plot_chart(z, n, values, ax=ax, vmax=vmax)
        ax.set_title(title, fontsize=10)
    for ax in axes.ravel()[count:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def _magic_axis(ax, label: str, mean: np.ndarray, std: np.ndarray) -> None:
    index = np.arange(mean.size)
    ax.fill_between(index, mean - std, mean + std, color="C0", alpha=0.3, lw=0)
    ax.plot(index, mean, "C0-", lw=1)
    for magic in MAGIC_NUMBERS:
        if magic < mean.size:
            ax.axvline(magic, color="0.35", lw=0.7, ls="--")
    ax.set(xlabel=label, ylabel="embedding (MeV)", xlim=(0, mean.size - 1))
    ax.set_xticks([m for m in MAGIC_NUMBERS if m < mean.size])


def plot_embeddings(e_z: np.ndarray, e_n: np.ndarray, z_seen: int, n_seen: int) -> Figure:
    """Learned proton (top) and neutron (bottom) embeddings vs Z and N (Fig. 4).

    ``e_z`` (K, z_max + 1) and ``e_n`` (K, n_max + 1) are the members' tables (MeV); the
    line is the member mean, the band +-1 std; only indices up to ``z_seen``/``n_seen``
    (the largest Z, N in training) are drawn; magic numbers are dashed.
    """
    fig = Figure(figsize=(8, 6.5))
    top, bottom = fig.subplots(2, 1)
    for ax, label, table, seen in ((top, "Z", e_z, z_seen), (bottom, "N", e_n, n_seen)):
        table = np.atleast_2d(table)[:, : seen + 1]
        _magic_axis(ax, label, table.mean(axis=0), table.std(axis=0))
    top.set_title("CoNN shell embeddings (member mean +- std)")
    fig.tight_layout()
    return fig


def plot_grid(z, n, values, title: str, label: str = "E_cor (MeV)") -> Figure:
    """A CoNN term (MeV) on the chart at nuclei (z, n): the correlation grid E_cor (Fig. 5)
    or the shell product E_prod."""
    fig = Figure(figsize=(9, 5.6))
    plot_chart(z, n, values, ax=fig.subplots(), label=label, title=title)
    fig.tight_layout()
    return fig


def plot_staggering(chains: dict) -> Figure:
    """Odd-even staggering along isotopic chains: three-point gaps and the pairing term.

    ``chains`` maps a chain label to a dict of arrays over N: ``N``, ``gap_exp``,
    ``gap_model`` (three-point gaps Delta_3, MeV) and ``pairing`` (Delta_3 of the CoNN
    pairing term alone, MeV).
    """
    fig = Figure(figsize=(6 * len(chains), 4.2))
    axes = fig.subplots(1, len(chains), squeeze=False)
    for ax, (label, c) in zip(axes[0], chains.items(), strict=True):
        ax.plot(c["N"], c["gap_exp"], "ko", ms=3.5, label="AME2020 Delta_3")
        ax.plot(c["N"], c["gap_model"], "C3.-", lw=1, label="CoNN Delta_3")
        ax.plot(c["N"], c["pairing"], "C0s-", ms=3, lw=1, label="Delta_3 of the pairing term alone")
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set(title=label, xlabel="N", ylabel="MeV")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_chains(chains: dict, quantity: str = "S_2n (MeV)") -> Figure:
    """A quantity along chains, experiment (points) vs model (lines).

    ``chains`` maps a label to a dict with ``N``, ``exp`` and ``model`` arrays.
    """
    fig = Figure(figsize=(8, 5))
    ax = fig.subplots()
    for k, (label, c) in enumerate(chains.items()):
        ax.plot(c["N"], c["exp"], "o", color=f"C{k}", ms=3.5)
        ax.plot(c["N"], c["model"], "-", color=f"C{k}", lw=1.2, label=label)
    for magic in MAGIC_NUMBERS:
        ax.axvline(magic, color="0.35", lw=0.6, ls="--")
    ax.set(xlabel="N", ylabel=quantity, title=f"{quantity}: AME2020 (points) vs CoNN (lines)")
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    return fig


def _fig3(ensemble, ripl_dir) -> tuple[Figure, dict]:
    z, n, panels, scores = numbers.residual_panels(ensemble, ripl_dir)
    titled = {
        f"{t}: RMSD {scores['rmsd'][t]:.3f} MeV (n={scores['n'][t]})": r for t, r in panels.items()
    }
    return plot_residual_maps(z, n, titled), scores


def _grid_title(config) -> str:
    nodes = f"nodes every {config.grid_spacing_z:g} Z, {config.grid_spacing_n:g} N"
    if config.grid_fine_below:
        nodes += f"; every {config.grid_fine_spacing:g} below {config.grid_fine_below}"
    return f"CoNN correlation grid E_cor ({nodes})"


def _terms(ensemble, table) -> tuple[dict, dict]:
    """The embeddings, grid and (when present) product figures, and their numbers."""
    z_max, n_max = int(table.Z.max()), int(table.N.max())
    e_z, e_n = numbers.embeddings(ensemble)
    figures = {"conn_embeddings.png": plot_embeddings(e_z, e_n, z_max, n_max)}
    seen = {"Z": e_z[:, : z_max + 1], "N": e_n[:, : n_max + 1]}
    found = {"embedding_maxima": {k: numbers.local_maxima(v.mean(0)) for k, v in seen.items()}}
    parts = ensemble.components(table.Z, table.N)
    grid = parts.get("grid", np.zeros(len(table)))
    figures["conn_grid.png"] = plot_grid(table.Z, table.N, grid, _grid_title(ensemble.config))
    if "product" in parts:
        rank = ensemble.config.product_rank
        title = f"CoNN shell product E_prod = sum_k u_k(Z) v_k(N), rank {rank}"
        figures["conn_product.png"] = plot_grid(
            table.Z, table.N, parts["product"], title, "E_prod (MeV)"
        )
        found["product_at_doubly_magic"] = numbers.values_at(
            ensemble, "product", numbers.DOUBLY_MAGIC
        )
    return figures, found


def conn_figures(ensemble, ripl_dir=None) -> tuple[dict, dict]:
    """Every CoNN figure of a trained CoNN ensemble, and the numbers shown in them.

    Returns (figures, numbers): file name (``conn_residual_maps.png``, ...) -> Figure, and
    a JSON-serialisable dict (RMSDs in MeV; see :mod:`nucmass.analysis.conn`).
    ``ripl_dir`` (or ``NUCMASS_DATA_DIR``) locates FRDM2012 for Fig. 3(a).
    """
    table = load_ame("ame2020")
    fig3, scores = _fig3(ensemble, ripl_directory(ripl_dir))
    figures, found = _terms(ensemble, table)
    chains, delta3 = numbers.staggering(ensemble, table)
    s2n, s2n_scores = numbers.s2n_chains(ensemble, table)
    figures = {"conn_residual_maps.png": fig3, **figures}
    figures.update(
        {"conn_staggering.png": plot_staggering(chains), "conn_s2n.png": plot_chains(s2n)}
    )
    return figures, {"fig3": scores, **found, "delta3_rmsd": delta3, **s2n_scores}
