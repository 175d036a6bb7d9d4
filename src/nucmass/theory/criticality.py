"""Critical initialisation (C_b, C_W), its stability, the EK slope nu and r* (paper 000).

Criticality (Roberts, Yaida & Hanin Ch. 5; paper 000 Sec. II D and Eqs. 44-45): a fixed
point K* of the variance map K -> C_b + C_W <sigma^2>_K at which both susceptibilities
are one, chi_par(K*) = (C_W / K*) <z sigma sigma'>_{K*} = 1 and chi_perp(K*) =
C_W <sigma'^2>_{K*} = 1. Three kinds are found:

``K*=0``            sigma(0) = 0, sigma'(0) != 0 (paper Eqs. 44-45): C_b = 0,
                    C_W = 1 / sigma'(0)^2 (tanh: (0, 1)).
``nonzero K*``      roots of chi_par / chi_perp = 1 at K* > 0, then C_W = 1 / <sigma'^2>_{K*},
                    C_b = K* - C_W <sigma^2>_{K*} (kept when C_b >= 0).
``scale-invariant`` chi_par = chi_perp for every K (ReLU, linear): a line of fixed points,
                    C_b = 0, C_W = 1 / <sigma'^2> (ReLU: (0, 2)); K* is any value.

Stability: the variance map is iterated from perturbed starts; ``stable`` means the
perturbations do not grow (for K* = 0, from K > 0 only, as K >= 0).
"""

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import brentq

from nucmass.errors import NucmassError
from nucmass.theory.activations import get_activation
from nucmass.theory.gaussian import expect
from nucmass.theory.recursions import four_point_vertex, variance_recursion

__all__ = [
    "CriticalPoint",
    "critical_learning_rates",
    "critical_points",
    "ek_slope",
    "optimal_width",
    "r_star",
]

_TOL = 1e-9


@dataclass(frozen=True)
class CriticalPoint:
    """A critical initialisation: ``k_star`` is None for a line of fixed points."""

    c_b: float
    c_w: float
    k_star: "float | None"
    stable: bool
    stability: str
    kind: str

    def to_dict(self) -> dict:
        return asdict(self)


def _clean(value: float) -> float:
    """``value`` as a float, with rounding noise below 1e-9 set to 0."""
    return 0.0 if abs(value) < _TOL else float(value)


def _stats(act, k: float) -> np.ndarray:
    """[<sigma^2>, <z sigma sigma'>, <sigma'^2>] at variance k."""

    def integrand(z):
        s, d = act.fn(z), act.deriv(z)
        return np.stack([s**2, z * s * d, d**2])

    return expect(integrand, k, act.kinks)


def _ratio(act, k: float) -> float:
    """chi_par / chi_perp - 1 (independent of C_W)."""
    _, zsd, d2 = _stats(act, k)
    return zsd / (k * d2) - 1.0


def _flow(act, c_w, c_b, start: float, steps: int) -> float:
    return float(variance_recursion(act, c_w, c_b, start, steps)[-1])


def _classify(act, c_w, c_b, k_star: float) -> str:
    """Iterate the variance map 100 steps from K*(1 +- 5%) and compare the deviations."""
    shrinks = []
    for sign in (1.0, -1.0):
        start = k_star * (1.0 + 0.05 * sign)
        change = abs(_flow(act, c_w, c_b, start, 100) - k_star) - abs(start - k_star)
        shrinks.append(0 if abs(change) < 1e-6 * k_star else (1 if change < 0 else -1))
    if shrinks == [0, 0]:
        return "marginal"
    return {2: "stable", 1: "half-stable", 0: "half-stable"}.get(sum(shrinks), "unstable")


def critical_points(activation, k_min: float = 1e-3, k_max: float = 1e3, grid: int = 121):
    """All critical points of ``activation`` with K* in [k_min, k_max] (plus K* = 0).

    Returns a list of :class:`CriticalPoint` (empty when none exists, e.g. softplus).
    """
    act = get_activation(activation)
    points = []
    s0, d0 = float(act.fn(np.zeros(1))[0]), float(act.deriv(np.zeros(1))[0])
    if abs(s0) < _TOL and abs(d0) > _TOL:
        c_w = 1.0 / d0**2
        stable = _flow(act, c_w, 0.0, 1e-2, 200) < 1e-2
        label = "stable" if stable else "unstable"
        points.append(CriticalPoint(0.0, c_w, 0.0, stable, label, "K*=0"))
    ks = np.geomspace(k_min, k_max, grid)
    ratios = np.array([_ratio(act, k) for k in ks])
    if np.all(np.abs(ratios) < _TOL):
        s2, _, d2 = _stats(act, 1.0)
        c_b = _clean(1.0 - s2 / d2)  # = 0: the map is K -> C_b + K for every K at C_W
        return [CriticalPoint(c_b, float(1.0 / d2), None, True, "marginal", "scale-invariant")]
    crossings = np.flatnonzero(np.diff(np.sign(ratios)) != 0)
    for lo, hi in zip(ks[crossings], ks[crossings + 1], strict=True):
        k_star = float(np.exp(brentq(lambda t: _ratio(act, np.exp(t)), np.log(lo), np.log(hi))))
        s2, _, d2 = _stats(act, k_star)
        c_w, c_b = float(1.0 / d2), _clean((k_star - s2 / d2) / k_star) * k_star
        if c_b >= 0.0:
            label = _classify(act, c_w, c_b, k_star)
            points.append(CriticalPoint(c_b, c_w, k_star, label == "stable", label, "nonzero K*"))
    return points


def ek_slope(activation, point: CriticalPoint, depth: int = 400, start: float = 1.0) -> float:
    """nu: the slope in l of V^(l) / (G^(l))^2 at a critical point (paper 000 Eq. 49-50).

    Computed from the leading-order recursions (chi_par squared) between layers depth/2
    and depth, starting at G^(1) = K* (or ``start`` when K* is 0 or undetermined).
    ReLU: exactly 5 (Eq. 48).
    """
    g1 = point.k_star if point.k_star else start
    g = variance_recursion(activation, point.c_w, point.c_b, g1, depth)
    ratio = four_point_vertex(activation, point.c_w, g) / g**2
    half = depth // 2
    return float((ratio[depth] - ratio[half]) / (depth - half))


def r_star(nu: float, n_out: int = 1) -> float:
    """Optimal aspect ratio r* = (4 / (20 + 3 n_out)) / nu (paper 000 Eq. 50; RYH App. A)."""
    return 4.0 / (20.0 + 3.0 * n_out) / nu


def optimal_width(l_out: int, nu: float, n_out: int = 1) -> float:
    """Width n* = l_out / r* (paper 000: ReLU, l_out = 4 -> 115)."""
    return l_out / r_star(nu, n_out)


def critical_learning_rates(kind: str, depth: int, lambda_b: float, lambda_w: float):
    """Per-layer critical learning rates (lambda_b^(l), lambda_W^(l)), l = 1..L+1.

    Paper 000 Eq. 38 for the scale-invariant class (ReLU): lambda_b = lambda~_b / l_out,
    lambda_W = lambda~_W / l_out in every layer; Eq. 39 for the K* = 0 class (tanh):
    lambda_b^(l) = lambda~_b / l, lambda_W^(l) = lambda~_W. ``kind`` is a
    :attr:`CriticalPoint.kind`. The weight rates are per fan-in (the 1/n_{l-1} of Eq. 33
    is applied by the optimiser). Returns two arrays of length L + 1.
    """
    layers = np.arange(1, depth + 2, dtype=float)
    if kind == "scale-invariant":
        return np.full(depth + 1, lambda_b / (depth + 1)), np.full(
            depth + 1, lambda_w / (depth + 1)
        )
    if kind == "K*=0":
        return lambda_b / layers, np.full(depth + 1, float(lambda_w))
    raise NucmassError(
        f"no critical learning rates for kind {kind!r}; use 'scale-invariant' or 'K*=0'"
    )
