"""Criticality theory of paper 000 (Sec. II-III): pure float64 functions.

Modules: ``activations`` (registry), ``gaussian`` (Gaussian expectations), ``kernels``
(NNGP kernel and NTK for k inputs), ``recursions`` (single-input G, V, excess kurtosis,
ReLU closed forms), ``criticality`` (critical points, nu, r*), ``sampling`` (initialisation
ensembles), ``moments`` (streaming moments with standard errors), ``profiles``
(measured-versus-theory depth profiles of Figs. 6-7).
"""

from nucmass.theory.activations import ACTIVATIONS, Activation, get_activation
from nucmass.theory.criticality import (
    CriticalPoint,
    critical_learning_rates,
    critical_points,
    ek_slope,
    optimal_width,
    r_star,
)
from nucmass.theory.gaussian import expect, expect_matrix, expect_pair
from nucmass.theory.kernels import correlation, nngp_kernels, ntk_kernels
from nucmass.theory.moments import StreamingMoments
from nucmass.theory.profiles import depth_profile
from nucmass.theory.recursions import (
    four_point_vertex,
    recursion_table,
    relu_exact_moments,
    standardized_kurtosis,
    variance_recursion,
)
from nucmass.theory.sampling import sample_batches, sample_moments, sample_outputs

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "CriticalPoint",
    "StreamingMoments",
    "correlation",
    "critical_learning_rates",
    "critical_points",
    "depth_profile",
    "ek_slope",
    "expect",
    "expect_matrix",
    "expect_pair",
    "four_point_vertex",
    "get_activation",
    "nngp_kernels",
    "ntk_kernels",
    "optimal_width",
    "r_star",
    "recursion_table",
    "relu_exact_moments",
    "sample_batches",
    "sample_moments",
    "sample_outputs",
    "standardized_kurtosis",
    "variance_recursion",
]
