"""Paper 000 Fig. 6: output variance vs depth at width 240, ReLU and Softplus, C_W = 3, 1, 2."""

from pathlib import Path

from nucmass.plotting.criticality import profile_panels
from nucmass.plotting.distributions import plot_depth_curves
from nucmass.theory.fe56 import profile_grid

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 6: output variance vs depth (measured, seeded and pure recursion)"
_BASE = {"activations": ["relu", "softplus"], "c_ws": [3.0, 1.0, 2.0], "c_b": 0.0, "seed": 0}
SCALES = {
    "smoke": {**_BASE, "width": 30, "max_depth": 4, "draws": 2_000},
    "cpu": {**_BASE, "width": 240, "max_depth": 10, "draws": 50_000},
    "paper": {**_BASE, "width": 240, "max_depth": 10, "draws": 200_000},
}


def _draw(ax, rows) -> None:
    curves = {
        "recursion from measured G(1)": (rows.G_seeded, {"color": "red", "ls": "--"}),
        "recursion from theory": (rows.G_theory, {"color": "violet", "ls": ":", "lw": 2}),
    }
    plot_depth_curves(ax, rows.depth, rows.G_measured, rows.G_measured_se, curves)
    ax.set_ylabel("output variance G")


def run(settings: dict, out: Path) -> dict:
    data = profile_grid(**settings)
    data.to_csv(out / "fig6_variance_depth.csv", index=False)
    fig = profile_panels(data, settings["activations"], settings["c_ws"], settings["c_b"], _draw)
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
