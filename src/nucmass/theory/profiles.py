"""Measured-versus-theory depth profiles of the output variance and excess kurtosis.

The comparison of paper 000 Figs. 6-7: for a network of width n and layers l = 1..L+1,
one Monte Carlo run (one neuron per layer, exact sampler) gives the law of the output of
every depth d = l - 1 at once. Three predictions go beside each measurement:
``seeded``  recursions started from measured values: G from the measured G^(1); V from the
            measured V^(1) with the measured G^(l) at every layer (the paper's red lines);
``theory``  recursions from G^(1) = C_b + C_W mean(x^2) and V^(1) = 0 (the pink lines);
``eq47``    the theory with chi_par to the first power, as printed in paper Eq. 47.
For ReLU at C_b = 0 the exact finite-width moments are added, and at C_W = 2 Eq. 48.
"""

import numpy as np
import pandas as pd

from nucmass.theory.kernels import per_layer
from nucmass.theory.recursions import (
    four_point_vertex,
    relu_critical_v_over_n,
    relu_exact_moments,
    variance_recursion,
)
from nucmass.theory.sampling import sample_moments

__all__ = ["depth_profile"]


def depth_profile(activation, c_w, c_b, width, depth, x, draws, *, seed=0, method="exact"):
    """One row per layer l = 1..L+1 (``depth`` = l - 1 of the network whose output it is).

    Columns: ``layer``, ``depth``, ``G_measured``, ``G_measured_se``, ``G_seeded``,
    ``G_theory``, ``V_over_n_measured``, ``V_over_n_measured_se``, ``V_over_n_seeded``,
    ``V_over_n_theory``, ``V_over_n_eq47``, ``kurtosis_measured``, ``kurtosis_measured_se``,
    ``kurtosis_theory`` (3 V / (n G^2)); ReLU at C_b = 0 adds ``G_exact``,
    ``V_over_n_exact`` and, at C_W = 2, ``V_over_n_eq48``.
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    c_w_layers, c_b_layers = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    stats = sample_moments(
        activation, c_w, c_b, width, depth, x, draws, seed=seed, method=method, record_layers=True
    )
    g_meas, v_meas = stats["variance"], stats["fourth_cumulant"] * width / 3.0
    g1 = c_b_layers[0] + c_w_layers[0] * float(np.mean(x**2))
    g_theory = variance_recursion(activation, c_w, c_b, g1, depth)
    v_theory = four_point_vertex(activation, c_w, g_theory)
    frame = pd.DataFrame(
        {
            "layer": np.arange(1, depth + 2),
            "depth": np.arange(depth + 1),
            "G_measured": g_meas,
            "G_measured_se": stats["variance_se"],
            "G_seeded": variance_recursion(activation, c_w, c_b, g_meas[0], depth),
            "G_theory": g_theory,
            "V_over_n_measured": v_meas / width,
            "V_over_n_measured_se": stats["fourth_cumulant_se"] / 3.0,
            "V_over_n_seeded": four_point_vertex(activation, c_w, g_meas, v1=v_meas[0]) / width,
            "V_over_n_theory": v_theory / width,
            "V_over_n_eq47": four_point_vertex(activation, c_w, g_theory, chi_power=1) / width,
            "kurtosis_measured": stats["excess_kurtosis"],
            "kurtosis_measured_se": stats["excess_kurtosis_se"],
            "kurtosis_theory": 3.0 * v_theory / (width * g_theory**2),
        }
    )
    if activation == "relu" and np.all(c_b_layers == 0):
        g_exact, kappa4 = relu_exact_moments(c_w, c_b, width, depth, g1)
        frame["G_exact"], frame["V_over_n_exact"] = g_exact, kappa4 / 3.0
        if np.all(c_w_layers == 2.0):
            frame["V_over_n_eq48"] = relu_critical_v_over_n(g_theory, frame["layer"], width)
    return frame
