"""Gaussian expectations <f(z)>_G and <f(z_a) g(z_b)>_K by quadrature (float64).

Notation of paper 000 (Eq. 18 and after): <f(z)>_G is the expectation of f over a
mean-zero Gaussian z of variance G; for k inputs, <f(z_a) g(z_b)>_K is over the mean-zero
Gaussian vector z with k x k covariance K.

Rule. Plain Gauss-Hermite quadrature converges only algebraically across a kink (ReLU at
0) and slowly for activations with complex poles near the real axis (tanh at G = 2: the
96-point Gauss-Hermite rule is off by 5e-8 relative), so a composite Gauss-Legendre rule
is used instead: the standard-normal coordinate u in [-T, T] (T = 12; the tail beyond is
below 1e-32) is cut into unit pieces and additionally at the kinks and at the points
z = 0, +-1/4, +-1/2, +-1, +-2, +-4, +-8 where activations change shape, with 16 nodes per
piece. Two-dimensional integrals are nested 1-d rules in the Cholesky coordinates
z_a = s_a u_1, z_b = s_b (rho u_1 + sqrt(1 - rho^2) u_2), the inner rule cut where z_b
crosses those points.
"""

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.special import roots_legendre

__all__ = ["expect", "expect_matrix", "expect_pair"]

NODES_PER_PIECE = 16
TAIL = 12.0
FEATURES = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, -0.25, -0.5, -1.0, -2.0, -4.0, -8.0)
_GRID = np.arange(-TAIL, TAIL + 0.5)
_DEGENERATE = 1e-12


@lru_cache(maxsize=4)
def _legendre(m: int) -> tuple[np.ndarray, np.ndarray]:
    return roots_legendre(m)


def _breaks(points, scale: float) -> np.ndarray:
    """Feature points and kinks (in z) as u = z / scale."""
    return np.concatenate([FEATURES, np.asarray(points, dtype=float)]) / scale


def _rows_rule(breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal rules, one per row of ``breaks`` (shape (r, nb), in units of u).

    Composite Gauss-Legendre on [-T, T] cut at the unit grid and the row's breaks.
    Returns nodes and weights (including the normal density) of shape (r, m).
    """
    rows = breaks.shape[0]
    inner = np.clip(breaks, -TAIL, TAIL)
    edges = np.sort(np.concatenate([np.broadcast_to(_GRID, (rows, _GRID.size)), inner], 1), 1)
    lo, half = edges[:, :-1, None], 0.5 * np.diff(edges, axis=1)[:, :, None]
    x, w = _legendre(NODES_PER_PIECE)
    nodes = lo + half * (x + 1.0)
    weights = half * w * np.exp(-0.5 * nodes**2) / np.sqrt(2.0 * np.pi)
    return nodes.reshape(rows, -1), weights.reshape(rows, -1)


def expect(f: Callable, variance: float, kinks: tuple[float, ...] = ()) -> np.ndarray:
    """<f(z)>_G for z ~ N(0, G): paper 000's single-input Gaussian expectation.

    Parameters
    ----------
    f : callable
        Elementwise on an array of nodes (shape (m,)); may return shape (..., m) to get
        several expectations from one set of evaluations.
    variance : float
        G >= 0 (G = 0 gives f(0)).
    kinks : tuple of float
        Points (in z) where f is not smooth.

    Returns
    -------
    ndarray of shape f(...)[..., 0] (a 0-d array for scalar-valued f).
    """
    scale = np.sqrt(max(float(variance), 0.0))
    if scale == 0.0:
        return np.asarray(f(np.zeros(1)))[..., 0]
    nodes, weights = _rows_rule(_breaks(kinks, scale)[None, :])
    return np.asarray(f(scale * nodes[0])) @ weights[0]


def expect_pair(
    f: Callable,
    g: Callable,
    cov,
    kinks_f: tuple[float, ...] = (),
    kinks_g: tuple[float, ...] = (),
) -> float:
    """<f(z_a) g(z_b)>_K for (z_a, z_b) ~ N(0, K), K the 2 x 2 covariance ``cov``."""
    cov = np.asarray(cov, dtype=float)
    s_a, s_b = np.sqrt(max(cov[0, 0], 0.0)), np.sqrt(max(cov[1, 1], 0.0))
    if s_a == 0.0 or s_b == 0.0:
        return float(expect(f, cov[0, 0], kinks_f) * expect(g, cov[1, 1], kinks_g))
    rho = float(np.clip(cov[0, 1] / (s_a * s_b), -1.0, 1.0))
    if 1.0 - abs(rho) < _DEGENERATE:
        sign = np.sign(rho)
        breaks = np.concatenate([_breaks(kinks_f, s_a), sign * _breaks(kinks_g, s_b)])
        return float(expect(lambda u: f(s_a * u) * g(sign * s_b * u), 1.0, tuple(breaks)))
    root = np.sqrt(1.0 - rho**2)
    kinks_b = np.asarray(kinks_g, dtype=float) / s_b
    # Outer breaks: those of f, and where an inner kink leaves [-T, T] (rho near +-1).
    exits = (kinks_b[:, None] + np.array([-TAIL, TAIL]) * root).ravel() / rho if rho else []
    outer = np.concatenate([_breaks(kinks_f, s_a), exits])
    u1, w1 = _rows_rule(outer[None, :])
    u1, w1 = u1[0], w1[0]
    inner_breaks = (_breaks(kinks_g, s_b)[None, :] - rho * u1[:, None]) / root
    u2, w2 = _rows_rule(inner_breaks)
    inner = np.sum(g(s_b * (rho * u1[:, None] + root * u2)) * w2, axis=1)
    return float(np.sum(f(s_a * u1) * inner * w1))


def expect_matrix(
    f: Callable,
    g: Callable,
    kernel,
    kinks_f: tuple[float, ...] = (),
    kinks_g: tuple[float, ...] = (),
) -> np.ndarray:
    """Matrix M_ab = <f(z_a) g(z_b)>_K over k inputs, K of shape (k, k); returns (k, k)."""
    kernel = np.asarray(kernel, dtype=float)
    k = kernel.shape[0]
    out = np.empty((k, k))
    for a in range(k):
        out[a, a] = expect(lambda z: f(z) * g(z), kernel[a, a], kinks_f + kinks_g)
        for b in range(k):
            if b != a:
                sub = kernel[np.ix_([a, b], [a, b])]
                out[a, b] = expect_pair(f, g, sub, kinks_f, kinks_g)
    return out
