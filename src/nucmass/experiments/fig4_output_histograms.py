"""Paper 000 Fig. 4: output histograms at initialisation for the scaled 56Fe input."""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from nucmass.plotting.distributions import plot_output_histogram
from nucmass.theory.fe56 import fe56_input
from nucmass.theory.moments import StreamingMoments
from nucmass.theory.recursions import recursion_table, relu_exact_moments
from nucmass.theory.sampling import sample_outputs

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 4: ReLU/Softplus output histograms vs width (56Fe input)"
_BASE = {"depth": 2, "c_w": 2.0, "c_b": 0.0, "activations": ["relu", "softplus"], "seed": 0}
SCALES = {
    "smoke": {**_BASE, "widths": [1, 10], "draws": 2_000, "bins": 40},
    "cpu": {**_BASE, "widths": [1, 10, 120, 1000], "draws": 100_000, "bins": 100},
    "paper": {**_BASE, "widths": [1, 10, 120, 1000], "draws": 500_000, "bins": 120},
}


def _panel(activation, width, samples, settings, x) -> dict:
    summary = StreamingMoments().update(samples).summary()
    theory = recursion_table(
        activation, settings["c_w"], settings["c_b"], width, settings["depth"], x[0]
    )
    std = float(np.sqrt(summary["variance"][0]))
    panel = {
        "activation": activation,
        "width": width,
        "r": (settings["depth"] + 1) / width,
        "variance": float(summary["variance"][0]),
        "variance_se": float(summary["variance_se"][0]),
        "variance_theory": theory["G"][-1],
        "excess_kurtosis": float(summary["excess_kurtosis"][0]),
        "excess_kurtosis_se": float(summary["excess_kurtosis_se"][0]),
        "excess_kurtosis_theory": theory["excess_kurtosis"][-1],
        "ks_to_fitted_gaussian": float(
            stats.kstest((samples[:, 0] - samples.mean()) / std, "norm").statistic
        ),
    }
    if activation == "relu" and settings["c_b"] == 0:
        g, kappa4 = relu_exact_moments(
            settings["c_w"], 0.0, width, settings["depth"], theory["G"][0]
        )
        panel["excess_kurtosis_exact"] = float(kappa4[-1] / g[-1] ** 2)
    return panel


def _histogram(activation: str, width: int, samples, bins: int) -> pd.DataFrame:
    counts, edges = np.histogram(samples, bins=bins, density=True)
    return pd.DataFrame({"activation": activation, "width": width, "bin_left": edges[:-1],
                         "bin_right": edges[1:], "density": counts})  # fmt: skip


def _draw(ax, samples, panel: dict, label: str, bins: int) -> None:
    plot_output_histogram(ax, samples, bins=bins)
    ax.set_title(f"({label}) {panel['activation']}, n = {panel['width']}", fontsize=8)
    text = f"EK {panel['excess_kurtosis']:.3f} ± {panel['excess_kurtosis_se']:.3f}"
    text += f"\n1/n theory {panel['excess_kurtosis_theory']:.3f}"
    if "excess_kurtosis_exact" in panel:
        text += f"\nexact {panel['excess_kurtosis_exact']:.3f}"
    ax.text(0.02, 0.97, text, transform=ax.transAxes, va="top", fontsize=6)
    ax.tick_params(labelsize=6)


def _summary(settings: dict, x, panels: list) -> dict:
    subset = fe56_input(min_z_n=8)
    g1 = {name: float(settings["c_b"] + settings["c_w"] * np.mean(v**2))
          for name, v in (("full", x), ("Z_N_ge_8", subset))}  # fmt: skip
    return {
        "input_full_ame2020": {"N_scaled": float(x[0, 0]), "Z_scaled": float(x[0, 1])},
        "input_ame2020_Z_N_ge_8": {"N_scaled": float(subset[0, 0]),
                                   "Z_scaled": float(subset[0, 1])},
        "G1_theory_full": g1["full"],
        "G1_theory_Z_N_ge_8": g1["Z_N_ge_8"],
        "panels": panels,
    }  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    x = fe56_input()
    activations, widths = settings["activations"], settings["widths"]
    fig = Figure(figsize=(3.2 * len(activations), 2.2 * len(widths)), layout="constrained")
    axes = fig.subplots(len(widths), len(activations), squeeze=False)
    panels, histograms = [], []
    for col, activation in enumerate(activations):
        for row, width in enumerate(widths):
            samples = sample_outputs(activation, settings["c_w"], settings["c_b"], width,
                                     settings["depth"], x, settings["draws"],
                                     seed=settings["seed"] + 100 * col + row)  # fmt: skip
            panels.append(_panel(activation, width, samples, settings, x))
            label = "abcdefghijklmnop"[2 * row + col]
            _draw(axes[row, col], samples[:, 0], panels[-1], label, settings["bins"])
            histograms.append(_histogram(activation, width, samples[:, 0], settings["bins"]))
    fig.suptitle(
        f"56Fe input x = ({x[0, 0]:.4f}, {x[0, 1]:.4f}), depth {settings['depth']}, "
        f"C_W = {settings['c_w']}, C_b = {settings['c_b']}, {settings['draws']} draws",
        fontsize=8,
    )
    fig.savefig(out / "fig4_output_histograms.png", dpi=150)
    pd.DataFrame(panels).to_csv(out / "fig4_panels.csv", index=False)
    pd.concat(histograms).to_csv(out / "fig4_histograms.csv", index=False)
    return _summary(settings, x, panels)
