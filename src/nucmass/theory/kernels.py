"""Infinite-width kernels for k inputs: the NNGP kernel K^(l) and the NTK H^(l).

Layers are numbered l = 1 .. L+1 (L hidden layers, l = L+1 the output; ``depth`` = L).
Per-layer hyperparameters are arrays indexed by l - 1 (a scalar means the same value in
every layer). Inputs have shape (k, n0): k inputs of n0 features.

Paper 000 Eqs. 42-43 print the critical ReLU one-hidden-layer kernel as
(2/pi) |x.x'| (pi - phi) cos(phi) with phi = arccos(x.x' / |x.x'|). The correct arc-cosine
kernel (Cho & Saul 2009) is (C_W / 2 pi) sqrt(K_aa K_bb) (sin theta + (pi - theta) cos theta)
with cos theta = K_ab / sqrt(K_aa K_bb): the paper's version drops the sin term, writes
|x.x'| for |x||x'| and so makes phi either 0 or pi. The two agree only when the inputs are
parallel or antiparallel (e.g. the scalar inputs of Fig. 5 with C_b = 0); this module uses
the correct kernel (:func:`arccos_kernel`, and quadrature for every activation).
"""

import numpy as np

from nucmass.errors import NucmassError
from nucmass.theory.activations import get_activation
from nucmass.theory.gaussian import expect_matrix

__all__ = [
    "arccos_kernel",
    "as_inputs",
    "correlation",
    "first_layer_kernel",
    "kernel_recursion",
    "nngp_kernels",
    "ntk_kernels",
    "per_layer",
]


def per_layer(value, depth: int, name: str) -> np.ndarray:
    """``value`` (scalar or sequence of length depth + 1) as a float array of length L + 1."""
    if int(depth) != depth or depth < 0:
        raise NucmassError(f"depth must be a non-negative integer, got {depth!r}")
    array = np.broadcast_to(np.asarray(value, dtype=float), (int(depth) + 1,)).copy()
    if np.any(~np.isfinite(array)) or np.any(array < 0):
        raise NucmassError(f"{name} must be finite and non-negative, got {value!r}")
    return array


def as_inputs(inputs) -> np.ndarray:
    """Inputs as a float array of shape (k, n0); a 1-d array is one input."""
    x = np.atleast_2d(np.asarray(inputs, dtype=float))
    if x.ndim != 2 or x.size == 0 or not np.all(np.isfinite(x)):
        raise NucmassError("inputs must be a non-empty finite array of shape (k, n0)")
    return x


def first_layer_kernel(inputs, c_w: float, c_b: float) -> np.ndarray:
    """K^(1)_ab = C_b + C_W (1/n0) sum_j x_ja x_jb (paper 000 Eq. 13); shape (k, k)."""
    x = as_inputs(inputs)
    return c_b + c_w * (x @ x.T) / x.shape[1]


def correlation(kernel) -> np.ndarray:
    """Correlation matrix K_ab / sqrt(K_aa K_bb) (0 where a variance vanishes), (..., k, k)."""
    kernel = np.asarray(kernel, dtype=float)
    diag = np.sqrt(np.diagonal(kernel, axis1=-2, axis2=-1))
    outer = diag[..., :, None] * diag[..., None, :]
    return np.divide(kernel, outer, out=np.zeros_like(kernel), where=outer > 0)


def kernel_recursion(activation, c_w, c_b, first_kernel, depth: int) -> np.ndarray:
    """K^(l+1) = C_b + C_W <sigma_a sigma_b>_{K^(l)} (paper 000 Eqs. 30, 41), l = 1..L.

    Eq. 41 as printed omits the Gaussian normalisation 1/sqrt(2 pi G); the expectation
    here is normalised. ``c_w``, ``c_b`` give layers 1..L+1 (layer 1 unused here).
    Returns K^(1..L+1), shape (L + 1, k, k).
    """
    act = get_activation(activation)
    c_w, c_b = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    kernels = [np.asarray(first_kernel, dtype=float)]
    for layer in range(1, depth + 1):
        moment = expect_matrix(act.fn, act.fn, kernels[-1], act.kinks, act.kinks)
        kernels.append(c_b[layer] + c_w[layer] * moment)
    return np.stack(kernels)


def nngp_kernels(activation, c_w, c_b, depth: int, inputs) -> np.ndarray:
    """NNGP kernels K^(1..L+1) of a depth-L network at ``inputs`` (k, n0); (L + 1, k, k)."""
    c_w, c_b = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    return kernel_recursion(activation, c_w, c_b, first_layer_kernel(inputs, c_w[0], c_b[0]), depth)


def arccos_kernel(kernel, c_w: float, c_b: float) -> np.ndarray:
    """Closed-form ReLU step C_b + C_W <relu(z_a) relu(z_b)>_K (arc-cosine kernel), (k, k)."""
    kernel = np.asarray(kernel, dtype=float)
    diag = np.sqrt(np.diagonal(kernel))
    theta = np.arccos(np.clip(correlation(kernel), -1.0, 1.0))
    shape = np.sin(theta) + (np.pi - theta) * np.cos(theta)
    return c_b + c_w * np.outer(diag, diag) * shape / (2.0 * np.pi)


def ntk_kernels(activation, c_w, c_b, depth: int, inputs, lambda_b=1.0, lambda_w=1.0):
    """Infinite-width NTK H^(1..L+1) with per-layer learning rates; shape (L + 1, k, k).

    Paper 000 Eqs. 33-37 (learning rates lambda_W / n_{l-1} per weight, lambda_b per bias)
    and the infinite-width limit of Eq. 36 (Roberts, Yaida & Hanin, Ch. 8):
    H^(1) = lambda_b^(1) + lambda_W^(1) x_a.x_b / n0,
    H^(l+1) = lambda_b^(l+1) + lambda_W^(l+1) <sigma_a sigma_b>_{K^(l)}
              + C_W^(l+1) <sigma'_a sigma'_b>_{K^(l)} H^(l).
    Critical rates (Eqs. 38-39) are passed as per-layer arrays.
    """
    act = get_activation(activation)
    lam_b, lam_w = per_layer(lambda_b, depth, "lambda_b"), per_layer(lambda_w, depth, "lambda_w")
    kernels = nngp_kernels(act, c_w, c_b, depth, inputs)
    c_w = per_layer(c_w, depth, "c_w")
    ntk = [first_layer_kernel(inputs, lam_w[0], lam_b[0])]
    for layer in range(1, depth + 1):
        k = kernels[layer - 1]
        sigmas = expect_matrix(act.fn, act.fn, k, act.kinks, act.kinks)
        derivs = expect_matrix(act.deriv, act.deriv, k, act.kinks, act.kinks)
        ntk.append(lam_b[layer] + lam_w[layer] * sigmas + c_w[layer] * derivs * ntk[-1])
    return np.stack(ntk)
