"""Critical initialization and learning-rate prescriptions (paper 000, Sec. II E and IV).

Per-layer learning rates, Eqs. 33, 38-39, for l = 1 .. l_out:

- ReLU (scale-invariant universality class), Eq. 38:
  lambda_b^(l) = lambda~_b / l_out,  lambda_W^(l) = lambda~_W / l_out;
- tanh (K* = 0 universality class), Eq. 39:
  lambda_b^(l) = lambda~_b / l,      lambda_W^(l) = lambda~_W.

The rate actually applied to a weight W^(l)_ij is lambda_W^(l) / n_{l-1} (Eq. 33, and the
text after Eq. 39: "a factor of 1/n (and 1/n_0 in the first layer)"); the rate applied to
a bias b^(l)_i is lambda_b^(l).

Regimes of Sec. IV:

- CICT: critical initialization, the per-layer rates above;
- CINT: critical initialization, one global rate = the average of the CICT per-parameter
  rates of the same architecture. The paper does not say which average; we take the mean
  over the 2 l_out per-layer rates {lambda_b^(l), lambda_W^(l)/n_{l-1}} (our reading);
- NINT: non-critical initialization, that global rate. The paper does not give its
  non-critical (C_b, C_W); we use C_W at half its critical value and C_b = 0 (for ReLU
  C_W = 1, the "below critical" case of the paper's Fig. 6c), overridable in the config.

Raw rates and batch size: the paper gives neither, only "much larger than 0.0001" for the
first 5000 epochs and a much smaller second phase. ``DEFAULT_RAW_RATES`` are ours, from
pilot runs (width 100, depth 2, 1500 epochs, AME2020, MAE, full batch): ReLU trained with
(lambda~_b, lambda~_W) = (5, 1) and died with (5, 5); tanh needed (5, 5) (with (5, 1) its
output stalled at MAE 250 MeV). The second phase is ten times smaller.
``DEFAULT_BATCH_SIZE`` is full batch. Both are to be replaced by the recipe that the
criterion of :mod:`nucmass.train.recipe` (written down before the search;
docs/results/paper000-training.md) chooses, once that search has run; it has not yet.
"""

import numpy as np

from nucmass.errors import NucmassError

__all__ = [
    "CRITICAL_POINTS",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_RAW_RATES",
    "REGIMES",
    "critical_rates",
    "global_rate",
    "initialization",
]

# (C_b, C_W) critical points quoted by paper 000 (Sec. II D): ReLU (0, 2), tanh (0, 1).
CRITICAL_POINTS = {"relu": (0.0, 2.0), "tanh": (0.0, 1.0)}

# Mini-batch size of the default recipe (None: full batch).
DEFAULT_BATCH_SIZE = None
# activation -> ((lambda~_b, lambda~_W) first phase, (lambda~_b, lambda~_W) second phase)
DEFAULT_RAW_RATES = {
    "relu": ((5.0, 1.0), (0.5, 0.1)),
    "tanh": ((5.0, 5.0), (0.5, 0.5)),
    "gelu": ((5.0, 1.0), (0.5, 0.1)),
    "softplus": ((5.0, 1.0), (0.5, 0.1)),
}

# regime -> (initialization kind, optimizer, rate kind)
REGIMES = {
    "cict": ("critical", "sgd", "per-layer"),
    "cint": ("critical", "sgd", "global"),
    "nint": ("noncritical", "sgd", "global"),
    "adam-cint": ("critical", "adam", "global"),
    "adam-nint": ("noncritical", "adam", "global"),
    "adam": ("critical", "adam", "fixed"),
}


def _critical_point(activation: str, c_b: "float | None", c_w: "float | None"):
    if c_b is not None and c_w is not None:
        return float(c_b), float(c_w)
    if activation not in CRITICAL_POINTS:
        raise NucmassError(
            f"no critical point is known for {activation!r}; give c_b and c_w explicitly"
        )
    return CRITICAL_POINTS[activation]


def initialization(
    regime: str, activation: str, c_b: "float | None" = None, c_w: "float | None" = None
) -> tuple[float, float]:
    """(C_b, C_W) for a regime: explicit values win, else critical or non-critical."""
    if regime not in REGIMES:
        raise NucmassError(f"unknown regime {regime!r}; choose from {', '.join(REGIMES)}")
    if c_b is not None and c_w is not None:
        return float(c_b), float(c_w)
    crit_b, crit_w = _critical_point(activation, c_b, c_w)
    if REGIMES[regime][0] == "critical":
        return crit_b, crit_w
    return 0.0, crit_w / 2.0


def critical_rates(activation: str, sizes, raw_b: float, raw_w: float) -> tuple:
    """Per-parameter rates of CICT, paper 000 Eqs. 33, 38-39.

    Parameters
    ----------
    activation : str
        relu or tanh.
    sizes : sequence of int
        Unit counts [n_0, n_1, ..., n_{l_out}] of the layers.
    raw_b, raw_w : float
        Raw rates lambda~_b, lambda~_W.

    Returns
    -------
    rate_b, rate_w : arrays of shape (l_out,)
        ``rate_b[l-1]`` = lambda_b^(l); ``rate_w[l-1]`` = lambda_W^(l) / n_{l-1}.
    """
    sizes = np.asarray(sizes, dtype=float)
    n_layers = len(sizes) - 1
    ell = np.arange(1, n_layers + 1, dtype=float)
    if activation == "relu":
        lam_b = np.full(n_layers, raw_b / n_layers)
        lam_w = np.full(n_layers, raw_w / n_layers)
    elif activation == "tanh":
        lam_b = raw_b / ell
        lam_w = np.full(n_layers, raw_w)
    else:
        raise NucmassError(
            f"paper 000 gives critical learning rates for relu and tanh only, not {activation!r}"
        )
    return lam_b, lam_w / sizes[:-1]


def global_rate(activation: str, sizes, raw_b: float, raw_w: float) -> float:
    """The CINT/NINT global rate: mean of the 2 l_out CICT per-parameter rates (Sec. IV)."""
    rate_b, rate_w = critical_rates(activation, sizes, raw_b, raw_w)
    return float(np.mean(np.concatenate([rate_b, rate_w])))
