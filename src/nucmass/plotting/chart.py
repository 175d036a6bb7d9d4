"""The nuclear chart: a map of any per-nucleus quantity over (N, Z).

Conventions (DESIGN.md): N on x, Z on y, a diverging colormap centred on 0 (for residuals),
dashed lines at the magic numbers 8, 20, 28, 50, 82, 126.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize, TwoSlopeNorm

__all__ = ["MAGIC_NUMBERS", "draw_magic_lines", "plot_chart"]

MAGIC_NUMBERS = (8, 20, 28, 50, 82, 126)


def draw_magic_lines(ax, z_max: float, n_max: float) -> None:
    """Dashed lines at the magic numbers within the chart's range."""
    for magic in MAGIC_NUMBERS:
        if magic <= n_max:
            ax.axvline(magic, color="0.35", lw=0.6, ls="--", zorder=3)
        if magic <= z_max:
            ax.axhline(magic, color="0.35", lw=0.6, ls="--", zorder=3)


def _grid(z, n, values) -> np.ndarray:
    z, n = np.asarray(z, dtype=int), np.asarray(n, dtype=int)
    grid = np.full((z.max() + 1, n.max() + 1), np.nan)
    grid[z, n] = np.asarray(values, dtype=float)
    return grid


def plot_chart(
    z,
    n,
    values,
    ax=None,
    *,
    diverging=True,
    vmax=None,
    cmap=None,
    label="residual (MeV)",
    title=None,
):
    """Colour each nucleus (N, Z) by ``values``; return the Axes.

    Parameters
    ----------
    z, n : array_like of int, shape (m,)
    values : array_like of float, shape (m,)
        E.g. residuals prediction - experiment (MeV).
    ax : matplotlib Axes, optional
    diverging : bool
        Centre a diverging colormap on 0 (residuals); otherwise a sequential one.
    vmax : float, optional
        Colour limit; by default the 99th percentile of |values| (robust to outliers).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5.6))
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    limit = vmax or (float(np.percentile(np.abs(finite), 99)) if finite.size else 1.0) or 1.0
    if diverging:
        norm, cmap = TwoSlopeNorm(0.0, -limit, limit), cmap or "RdBu_r"
    else:
        norm, cmap = Normalize(np.nanmin(finite), vmax or np.nanmax(finite)), cmap or "viridis"
    grid = _grid(z, n, values)
    edges_n, edges_z = np.arange(grid.shape[1] + 1) - 0.5, np.arange(grid.shape[0] + 1) - 0.5
    masked = np.ma.masked_invalid(grid)
    mesh = ax.pcolormesh(edges_n, edges_z, masked, cmap=cmap, norm=norm, shading="flat")
    ax.figure.colorbar(mesh, ax=ax, label=label, extend="both" if diverging else "max")
    draw_magic_lines(ax, grid.shape[0] - 1, grid.shape[1] - 1)
    ax.set(
        xlabel="N", ylabel="Z", xlim=(-0.5, grid.shape[1] - 0.5), ylim=(-0.5, grid.shape[0] - 0.5)
    )
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax
