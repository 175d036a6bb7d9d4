"""The nuclear chart: every nucleus lands in its (N, Z) cell, the colour scale is centred."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from nucmass.plotting.chart import MAGIC_NUMBERS, plot_chart


def test_cells_and_conventions():
    z, n = np.array([8, 20, 50]), np.array([8, 28, 82])
    values = np.array([-1.0, 0.5, 2.0])
    ax = plot_chart(z, n, values, title="t")
    mesh = ax.collections[0]
    grid = mesh.get_array().reshape(51, 83)
    assert grid[8, 8] == -1.0 and grid[20, 28] == 0.5 and grid[50, 82] == 2.0
    assert np.ma.count(grid) == 3
    norm = mesh.norm
    assert norm.vcenter == 0.0 and norm.vmin == -norm.vmax
    assert ax.get_xlabel() == "N" and ax.get_ylabel() == "Z"
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    positions = {line.get_xdata()[0] for line in dashed} | {line.get_ydata()[0] for line in dashed}
    assert {8, 20, 28, 50, 82} <= positions and max(MAGIC_NUMBERS) not in positions
    plt.close(ax.figure)
