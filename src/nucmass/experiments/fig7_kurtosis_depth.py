"""Paper 000 Fig. 7: excess kurtosis V/n vs depth at width 240, with Eq. 47 and Eq. 48."""

from pathlib import Path

from nucmass.plotting.criticality import profile_panels
from nucmass.plotting.distributions import plot_depth_curves
from nucmass.theory.fe56 import profile_grid

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 7: excess kurtosis V/n vs depth (chi^2 recursion vs printed Eq. 47)"
_BASE = {"activations": ["relu", "softplus"], "c_ws": [3.0, 1.0, 2.0], "c_b": 0.0, "seed": 0}
SCALES = {
    "smoke": {**_BASE, "width": 30, "max_depth": 4, "draws": 2_000},
    "cpu": {**_BASE, "width": 240, "max_depth": 10, "draws": 50_000},
    "paper": {**_BASE, "width": 240, "max_depth": 10, "draws": 200_000},
}


def _draw(ax, rows) -> None:
    curves = {
        "recursion from measured G, V(1)": (rows.V_over_n_seeded, {"color": "red", "ls": "--"}),
        "recursion from theory": (rows.V_over_n_theory, {"color": "violet", "ls": ":", "lw": 2}),
        "printed Eq. 47 (chi^1)": (rows.V_over_n_eq47, {"color": "0.5", "ls": "-.", "lw": 1}),
    }
    if "V_over_n_exact" in rows and rows.V_over_n_exact.notna().all():
        curves["exact finite width"] = (rows.V_over_n_exact, {"color": "blue", "lw": 1})
    if "V_over_n_eq48" in rows and rows.V_over_n_eq48.notna().all():
        curves["Eq. 48: 5 G^2 (l-1)/n"] = (rows.V_over_n_eq48, {"color": "cyan", "ls": "--"})
    plot_depth_curves(ax, rows.depth, rows.V_over_n_measured, rows.V_over_n_measured_se, curves)
    ax.set_ylabel("EK = V / n (unnormalised)")


def run(settings: dict, out: Path) -> dict:
    data = profile_grid(**settings)
    data.to_csv(out / "fig7_kurtosis_depth.csv", index=False)
    fig = profile_panels(data, settings["activations"], settings["c_ws"], settings["c_b"], _draw)
    fig.suptitle(f"width {settings['width']}, 56Fe input, {settings['draws']} draws", fontsize=9)
    fig.savefig(out / "fig7_kurtosis_depth.png", dpi=150)
    deep = data[data.depth >= 1]
    se = deep.V_over_n_measured_se
    return {
        "width": settings["width"],
        "draws": settings["draws"],
        "max_abs_z_chi_squared": float(
            ((deep.V_over_n_measured - deep.V_over_n_theory) / se).abs().max()
        ),
        "max_abs_z_printed_eq47": float(
            ((deep.V_over_n_measured - deep.V_over_n_eq47) / se).abs().max()
        ),
        "deepest": data[data.depth == settings["max_depth"]][
            [
                "activation",
                "c_w",
                "V_over_n_measured",
                "V_over_n_measured_se",
                "V_over_n_theory",
                "V_over_n_eq47",
                "kurtosis_measured",
                "kurtosis_theory",
            ]
        ].to_dict(orient="records"),
    }
