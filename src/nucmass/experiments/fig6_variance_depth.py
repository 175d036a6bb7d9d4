"""Paper 000 Fig. 6: output variance vs depth at width 240, ReLU and Softplus, C_W = 3, 1, 2."""

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from nucmass.experiments.fig4_output_histograms import fe56_input
from nucmass.plotting.distributions import plot_depth_curves
from nucmass.theory.profiles import depth_profile

__all__ = ["DESCRIPTION", "SCALES", "profiles", "run"]

DESCRIPTION = "paper 000 Fig. 6: output variance vs depth (measured, seeded and pure recursion)"
_BASE = {"activations": ["relu", "softplus"], "c_ws": [3.0, 1.0, 2.0], "c_b": 0.0, "seed": 0}
SCALES = {
    "smoke": {**_BASE, "width": 30, "max_depth": 4, "draws": 2_000},
    "cpu": {**_BASE, "width": 240, "max_depth": 10, "draws": 50_000},
    "paper": {**_BASE, "width": 240, "max_depth": 10, "draws": 200_000},
}


def profiles(settings: dict) -> pd.DataFrame:
    """Depth profiles (see :func:`depth_profile`) for every (activation, C_W), one frame."""
    x = fe56_input()
    frames = []
    for i, activation in enumerate(settings["activations"]):
        for j, c_w in enumerate(settings["c_ws"]):
            frame = depth_profile(
                activation,
                c_w,
                settings["c_b"],
                settings["width"],
                settings["max_depth"],
                x,
                settings["draws"],
                seed=settings["seed"] + 10 * i + j,
            )
            frames.append(frame.assign(activation=activation, c_w=c_w, c_b=settings["c_b"]))
    return pd.concat(frames, ignore_index=True)


def panel_grid(settings: dict, data: pd.DataFrame, draw) -> Figure:
    """Rows C_W (paper order 3, 1, 2), columns activations; ``draw(ax, rows)`` per panel."""
    rows, cols = len(settings["c_ws"]), len(settings["activations"])
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, c_w in enumerate(settings["c_ws"]):
        for j, activation in enumerate(settings["activations"]):
            subset = data[(data.activation == activation) & (data.c_w == c_w) & (data.depth > 0)]
            ax = axes[i, j]
            draw(ax, subset)
            label = "abcdefghijkl"[cols * i + j]
            ax.set_title(
                f"({label}) {activation}, C_W = {c_w:g}, C_b = {settings['c_b']:g}", fontsize=9
            )
            ax.legend(fontsize=6)
    return fig


def _draw(ax, rows) -> None:
    curves = {
        "recursion from measured G(1)": (rows.G_seeded, {"color": "red", "ls": "--"}),
        "recursion from theory": (rows.G_theory, {"color": "violet", "ls": ":", "lw": 2}),
    }
    plot_depth_curves(ax, rows.depth, rows.G_measured, rows.G_measured_se, curves)
    ax.set_ylabel("output variance G")


def run(settings: dict, out: Path) -> dict:
    data = profiles(settings)
    data.to_csv(out / "fig6_variance_depth.csv", index=False)
    fig = panel_grid(settings, data, _draw)
    fig.suptitle(f"width {settings['width']}, 56Fe input, {settings['draws']} draws", fontsize=9)
    fig.savefig(out / "fig6_variance_depth.png", dpi=150)
    last = data[data.depth == settings["max_depth"]]
    z = (last.G_measured - last.G_theory) / last.G_measured_se
    return {
        "width": settings["width"],
        "draws": settings["draws"],
        "deepest": last[["activation", "c_w", "G_measured", "G_measured_se", "G_theory"]]
        .assign(z=z)
        .to_dict(orient="records"),
        "max_abs_z_all_depths": float(
            ((data.G_measured - data.G_theory) / data.G_measured_se).abs().max()
        ),
    }
