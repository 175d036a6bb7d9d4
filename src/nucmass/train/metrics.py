"""Parameter changes in training: RMS deltas and Frobenius norms (paper 000 Figs. 10-12),
and dead ReLU units.

"Hidden layers" are the hidden-to-hidden weight layers l = 2 .. L (the n x n matrices;
the input layer n_0 x n and the output layer n x 1 are excluded) and, for biases, the
hidden layers l = 1 .. L. Every statistic is the mean over those layers, per member.
"""

import numpy as np

from nucmass.models.mlp import ACTIVATIONS, FeedForward

__all__ = ["dead_units", "frobenius_norms", "parameter_deltas"]


def _hidden(weights: tuple) -> list[np.ndarray]:
    return [np.asarray(w, dtype=float) for w in weights[1:-1]]


def _mean_over_layers(values: list[np.ndarray], members: int) -> np.ndarray:
    return np.mean(values, axis=0) if values else np.full(members, np.nan)


def parameter_deltas(initial: FeedForward, final: FeedForward) -> dict[str, np.ndarray]:
    """RMS change of the hidden-layer parameters, each of shape (K,), for stacked members.

    ``weights_relative``: RMS(W_final - W_init) / RMS(W_init) (Fig. 10a);
    ``weights_scaled``: sqrt(n) RMS(W_final - W_init), i.e. the change in units where the
    initial weights are of order one (W ~ N(0, C_W / n); Fig. 10b, our reading of "scaled by
    n" as the scaling that removes the width dependence of the initial weights);
    ``biases``: RMS(b_final - b_init) (Fig. 10c).
    """
    members = np.asarray(initial.biases[0]).shape[0]
    rel, scaled, bias = [], [], []
    for w0, w1 in zip(_hidden(initial.weights), _hidden(final.weights), strict=True):
        delta = np.sqrt(np.mean((w1 - w0) ** 2, axis=(1, 2)))
        rel.append(delta / np.sqrt(np.mean(w0**2, axis=(1, 2))))
        scaled.append(delta * np.sqrt(w0.shape[1]))
    for b0, b1 in zip(initial.biases[:-1], final.biases[:-1], strict=True):
        bias.append(np.sqrt(np.mean((np.asarray(b1, float) - np.asarray(b0, float)) ** 2, axis=1)))
    return {
        "weights_relative": _mean_over_layers(rel, members),
        "weights_scaled": _mean_over_layers(scaled, members),
        "biases": _mean_over_layers(bias, members),
    }


def frobenius_norms(initial: FeedForward, final: FeedForward) -> dict[str, np.ndarray]:
    """Mean hidden-layer Frobenius norms per member, each of shape (K,) (Figs. 11-12).

    ``before`` = ||W_init||_F, ``after`` = ||W_final||_F, ``difference`` =
    ||W_final - W_init||_F and ``relative`` = difference / before.
    """
    members = np.asarray(initial.biases[0]).shape[0]
    norms = {"before": [], "after": [], "difference": [], "relative": []}
    for w0, w1 in zip(_hidden(initial.weights), _hidden(final.weights), strict=True):
        before = np.linalg.norm(w0, axis=(1, 2))
        difference = np.linalg.norm(w1 - w0, axis=(1, 2))
        norms["before"].append(before)
        norms["after"].append(np.linalg.norm(w1, axis=(1, 2)))
        norms["difference"].append(difference)
        norms["relative"].append(difference / before)
    return {name: _mean_over_layers(values, members) for name, values in norms.items()}


def dead_units(networks: FeedForward, x) -> np.ndarray:
    """Fraction of hidden units whose activation is zero on every input, shape (K,).

    A unit is dead when sigma(z) = 0 for all rows of ``x`` (m, n_0): for ReLU it then gets
    no gradient and never recovers. ``networks`` is stacked (leading member axis K).
    """
    sigma = ACTIVATIONS[networks.activation]
    h = np.broadcast_to(np.asarray(x, float), (len(networks.biases[0]), *np.shape(x)))
    dead, total = 0, 0
    for w, b in zip(networks.weights[:-1], networks.biases[:-1], strict=True):
        h = np.asarray(sigma(h @ np.asarray(w, float) + np.asarray(b, float)[:, None, :]))
        dead, total = dead + np.all(h == 0, axis=1).sum(axis=1), total + h.shape[2]
    return dead / total
