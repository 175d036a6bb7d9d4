"""Single-input depth recursions: kernel G^(l), four-point vertex V^(l), excess kurtosis.

Layers l = 1 .. L+1 for a network of ``depth`` L hidden layers of common width n.
G^(1) = C_b + C_W mean(x^2) (paper 000 Eq. 13; the paper's text calls this G^(0)).

Four-point vertex (single input). Paper 000 Eq. 47 prints
    V^(l+1) = chi_par V^(l) + C_W^2 [<sigma^4> - <sigma^2>^2],
    chi_par = (C_W / G^(l)) <z sigma sigma'>_{G^(l)}.
The leading-order recursion of Roberts, Yaida & Hanin (The Principles of Deep Learning
Theory, Eq. 4.90 at one input), and the paper's own general Eq. 31 at one input, have
chi_par SQUARED. The two agree only where chi_par = 1 (e.g. ReLU at C_W = 2). The squared
form is the correct one (Monte Carlo: tests/theory/test_montecarlo.py, fig7);
``chi_power=1`` reproduces the printed Eq. 47.

Excess-kurtosis conventions (one neuron z of the layer, width n of the previous layer):
``V / n`` is the paper's unnormalised "EK" (Eq. 46 and Fig. 7); the fourth cumulant is
<z^4> - 3<z^2>^2 = 3 V / n, so the standardised excess kurtosis that
scipy.stats.kurtosis measures is 3 V / (n G^2).
"""

import numpy as np

from nucmass.errors import NucmassError
from nucmass.theory.activations import get_activation
from nucmass.theory.gaussian import expect
from nucmass.theory.kernels import kernel_recursion, ntk_kernels, per_layer

__all__ = [
    "chi_parallel",
    "chi_perp",
    "four_point_vertex",
    "recursion_table",
    "relu_critical_v_over_n",
    "relu_exact_moments",
    "standardized_kurtosis",
    "variance_recursion",
]


def _moments(act, variance: float) -> np.ndarray:
    """[<s^2>, <s^4>, <z s s'>, <s'^2>] over z ~ N(0, variance)."""

    def integrand(z):
        s, d = act.fn(z), act.deriv(z)
        return np.stack([s**2, s**4, z * s * d, d**2])

    return expect(integrand, variance, act.kinks)


def variance_recursion(activation, c_w, c_b, g1: float, depth: int) -> np.ndarray:
    """G^(1..L+1) from G^(1) = ``g1`` by G^(l+1) = C_b + C_W <sigma^2>_{G^(l)} (Eq. 30, 41)."""
    return kernel_recursion(activation, c_w, c_b, [[g1]], depth)[:, 0, 0]


def chi_parallel(activation, variance: float, c_w: float) -> float:
    """chi_par = (C_W / G) <z sigma sigma'>_G (RYH Eq. 5.50; paper 000 Eq. 47)."""
    if variance <= 0:
        return float(c_w * get_activation(activation).deriv(np.zeros(1))[0] ** 2)
    return float(c_w * _moments(get_activation(activation), variance)[2] / variance)


def chi_perp(activation, variance: float, c_w: float) -> float:
    """chi_perp = C_W <sigma'^2>_G (RYH Eq. 5.51): the NTK and off-diagonal growth factor."""
    return float(c_w * _moments(get_activation(activation), variance)[3])


def four_point_vertex(activation, c_w, variances, v1: float = 0.0, chi_power: int = 2):
    """V^(1..m) from the variances G^(1..m) (any source: theory or measured).

    V^(l+1) = chi_par(G^(l))^p V^(l) + (C_W^(l+1))^2 [<sigma^4> - <sigma^2>^2]_{G^(l)},
    V^(1) = ``v1`` (0 at the first layer, which is exactly Gaussian). p = ``chi_power``:
    2 is the correct leading order, 1 the printed paper 000 Eq. 47 (see module doc).
    ``c_w`` is a scalar or per-layer array of length m. Returns shape (m,).
    """
    act = get_activation(activation)
    variances = np.asarray(variances, dtype=float)
    c_w = per_layer(c_w, variances.size - 1, "c_w")
    vertex = [float(v1)]
    for layer in range(1, variances.size):
        s2, s4, zsd, _ = _moments(act, variances[layer - 1])
        chi = c_w[layer] * zsd / variances[layer - 1]
        vertex.append(chi**chi_power * vertex[-1] + c_w[layer] ** 2 * (s4 - s2**2))
    return np.array(vertex)


def standardized_kurtosis(vertex, variance, width: int):
    """3 V / (n G^2): the single-neuron excess kurtosis (scipy.stats.kurtosis convention)."""
    return 3.0 * np.asarray(vertex) / (width * np.asarray(variance) ** 2)


def relu_critical_v_over_n(variance, layer, width: int):
    """Paper 000 Eq. 48: V^(l) / n = 5 (G^(l))^2 (l - 1) / n for ReLU at C_W = 2, C_b = 0."""
    return 5.0 * np.asarray(variance) ** 2 * (np.asarray(layer) - 1) / width


def relu_exact_moments(c_w, c_b, width: int, depth: int, g1: float):
    """Exact finite-width ReLU output variance and fourth cumulant at layers 1..L+1.

    Given layer l, sum_j relu(z_j)^2 = G_hat^(l) chi^2_K with K ~ Binomial(n, 1/2), so
    G_hat^(l+1) = C_b + C_W G_hat^(l) chi^2_K / n and, with E[(chi^2_K)^2] = n^2 (1 + 5/n) / 4,
        E[G_hat^(l+1)]   = C_b + (C_W / 2) E[G_hat^(l)],
        E[G_hat^(l+1)^2] = C_b^2 + C_b C_W E[G_hat^(l)] + (C_W^2 / 4)(1 + 5/n) E[G_hat^(l)^2].
    The output is z = sqrt(G_hat) xi, so <z^2> = E[G_hat], fourth cumulant
    3 (E[G_hat^2] - E[G_hat]^2). At C_b = 0 the standardised excess kurtosis is
    3 ((1 + 5/n)^(l-1) - 1), whose leading order 15 (l - 1) / n is Eq. 48.
    Returns (variance, fourth_cumulant), each of shape (L + 1,).
    """
    c_w, c_b = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    mean, square = [float(g1)], [float(g1) ** 2]
    for layer in range(1, depth + 1):
        growth = 0.25 * c_w[layer] ** 2 * (1.0 + 5.0 / width)
        square.append(c_b[layer] ** 2 + c_b[layer] * c_w[layer] * mean[-1] + growth * square[-1])
        mean.append(c_b[layer] + 0.5 * c_w[layer] * mean[-1])
    mean, square = np.array(mean), np.array(square)
    return mean, 3.0 * (square - mean**2)


def recursion_table(activation, c_w, c_b, width: int, depth: int, x) -> dict:
    """Per-layer theory for one input x (n0 features), layers l = 1..L+1.

    Keys (lists of length L + 1): ``layer``, ``G``, ``V``, ``V_over_n``,
    ``excess_kurtosis`` (3 V / (n G^2)), ``chi_parallel`` (the factor taking V^(l) to
    V^(l+1), with C_W of layer l + 1; the last layer's C_W at the output), ``ntk``
    (infinite-width NTK with unit learning rates).

    Raises ``NucmassError`` when a value overflows float64 (huge C_W or inputs): the
    table would hold inf or nan.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        table = _recursion_columns(activation, c_w, c_b, width, depth, x)
    if not all(np.isfinite(values).all() for values in table.values()):
        raise NucmassError(
            f"the recursion overflows float64 for c_w={c_w}, c_b={c_b}, input {x}: "
            "its values would not be finite"
        )
    return table


def _recursion_columns(activation, c_w, c_b, width: int, depth: int, x) -> dict:
    """The columns of :func:`recursion_table`, unchecked."""
    c_w, c_b = per_layer(c_w, depth, "c_w"), per_layer(c_b, depth, "c_b")
    x = np.atleast_1d(np.asarray(x, dtype=float))
    g = variance_recursion(activation, c_w, c_b, c_b[0] + c_w[0] * np.mean(x**2), depth)
    v = four_point_vertex(activation, c_w, g)
    next_cw = np.append(c_w[1:], c_w[-1])
    return {
        "layer": list(range(1, depth + 2)),
        "G": g.tolist(),
        "V": v.tolist(),
        "V_over_n": (v / width).tolist(),
        "excess_kurtosis": standardized_kurtosis(v, g, width).tolist(),
        "chi_parallel": [
            chi_parallel(activation, gl, cw) for gl, cw in zip(g, next_cw, strict=True)
        ],
        "ntk": ntk_kernels(activation, c_w, c_b, depth, x[None, :])[:, 0, 0].tolist(),
    }
