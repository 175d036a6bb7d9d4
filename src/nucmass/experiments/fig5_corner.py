"""Paper 000 Fig. 5: corner plots of ReLU outputs at scalar inputs, width 120, depths 1-8."""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.plotting.distributions import plot_corner
from nucmass.theory.kernels import correlation, nngp_kernels
from nucmass.theory.moments import StreamingMoments
from nucmass.theory.recursions import recursion_table
from nucmass.theory.sampling import sample_outputs

__all__ = ["DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Fig. 5: ReLU output corner plots at scalar inputs, depths 1-8"
_BASE = {"inputs": [-1.5, -0.5, 0.5, 1.5], "width": 120, "c_w": 2.0, "c_b": 0.0, "seed": 0}
SCALES = {
    "smoke": {**_BASE, "depths": [1, 2], "draws": 2_000},
    "cpu": {**_BASE, "depths": [1, 2, 4, 8], "draws": 50_000},
    "paper": {**_BASE, "depths": [1, 2, 4, 8], "draws": 200_000},
}


def _depth_result(depth, samples, settings, inputs) -> tuple[dict, list]:
    summary = StreamingMoments().update(samples).summary()
    theory = correlation(nngp_kernels("relu", settings["c_w"], settings["c_b"], depth, inputs)[-1])
    kurtosis = [
        recursion_table("relu", settings["c_w"], settings["c_b"], settings["width"], depth, x)[
            "excess_kurtosis"
        ][-1]
        for x in inputs
    ]
    pairs = [
        {
            "depth": depth,
            "x_a": inputs[a, 0],
            "x_b": inputs[b, 0],
            "rho_measured": summary["correlation"][a, b],
            "rho_gp": theory[a, b],
        }
        for a in range(len(inputs))
        for b in range(a)
    ]
    result = {
        "depth": depth,
        "r": (depth + 1) / settings["width"],
        "correlation_measured": summary["correlation"].tolist(),
        "correlation_gp": theory.tolist(),
        "excess_kurtosis": summary["excess_kurtosis"].tolist(),
        "excess_kurtosis_se": summary["excess_kurtosis_se"].tolist(),
        "excess_kurtosis_theory": kurtosis,
    }
    return result, pairs


def run(settings: dict, out: Path) -> dict:
    inputs = np.asarray(settings["inputs"], dtype=float)[:, None]
    depths = settings["depths"]
    fig = Figure(figsize=(6.0 * min(2, len(depths)), 6.0 * ((len(depths) + 1) // 2)))
    subfigs = np.atleast_1d(fig.subfigures((len(depths) + 1) // 2, min(2, len(depths)))).ravel()
    labels = [f"x = {v:g}" for v in settings["inputs"]]
    results, pairs = [], []
    for i, depth in enumerate(depths):
        samples = sample_outputs(
            "relu",
            settings["c_w"],
            settings["c_b"],
            settings["width"],
            depth,
            inputs,
            settings["draws"],
            seed=settings["seed"] + i,
        )
        result, depth_pairs = _depth_result(depth, samples, settings, inputs)
        results.append(result)
        pairs.extend(depth_pairs)
        axes = subfigs[i].subplots(len(inputs), len(inputs), squeeze=False)
        plot_corner(axes, samples, labels, np.array(result["correlation_gp"]))
        subfigs[i].suptitle(f"({'abcd'[i % 4]}) depth {depth}, r = {result['r']:.3f}", fontsize=9)
    fig.savefig(out / "fig5_corner.png", dpi=130)
    pd.DataFrame(pairs).to_csv(out / "fig5_correlations.csv", index=False)
    return {"width": settings["width"], "draws": settings["draws"], "depths": results}
