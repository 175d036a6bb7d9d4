"""Calibrated uncertainties: a sigma model per quantity, and split-conformal intervals.

For a quantity q (the binding energy or an observable: S_n, S_2n, ..., Q_beta-, MeV) of a
nucleus with member spread s (ddof = 1), extrapolation e (steps beyond the trained part
of its isotopic chain, :func:`~nucmass.uncertainty.distance.extrapolation_steps`; 0 when
interpolating; for an observable the larger of the nucleus's and its partner's),
light = [A < 16] and wigner = [|N - Z| <= 2],

    sigma_q = c_k sqrt((alpha s)^2 + (beta (1 + gamma e))^2) exp(kappa wigner + lambda light),

with k the class of the prediction: interpolation (e = 0) or extrapolation (e > 0).
The held-out residuals (:mod:`nucmass.uncertainty.heldout`: a carve of the training part,
never test nuclei) are split in two random halves. On the first, alpha, beta (MeV), gamma
(per step), kappa and lambda maximize the Gaussian likelihood (c = 1). On the second, per
class, c_k is the scale whose 1- and 2-sigma coverages are closest to the Gaussian 68.3 %
and 95.4 % (heavy tails keep the likelihood's sigma from reaching both), and the
split-conformal quantiles q_p,k of |r| / sigma give the intervals q +- q_p,k sigma
(Mondrian conformal prediction with the two classes as taxonomy: Vovk et al. 2005; Lei et
al. 2018). They cover a new nucleus of class k with probability >= p when it is
exchangeable with the held-out ones of that class: for nuclei like those held out, not
beyond them. A class with fewer than ``MIN_HELDOUT`` values in the second half takes the
pooled values. The held-out nuclei
reach e = 0 to a few steps; beyond that sigma grows linearly by assumption, not by
evidence.
"""

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import minimize

from nucmass.errors import NucmassError
from nucmass.evaluation import LIGHT_A
from nucmass.uncertainty.distance import extrapolation_steps

__all__ = [
    "FEATURES",
    "LEVELS",
    "MIN_HELDOUT",
    "Calibration",
    "SigmaModel",
    "conformal_quantile",
    "fit_sigma_model",
    "sigma_features",
]

FEATURES = ("spread", "steps", "wigner", "light")  # see the module docstring
LEVELS = (0.68, 0.95)  # interval levels written by nucmass predict
MIN_HELDOUT = 20  # held-out residuals needed in each half
GAUSSIAN = {1: 0.6827, 2: 0.9545}  # coverage of +-1 and +-2 sigma
WIGNER_RANGE = 2  # |N - Z| <= this: the N = Z region where the Wigner energy acts
# alpha, beta (MeV), gamma (per step), kappa, lambda
_BOUNDS = [(0.0, 50.0), (1e-4, 50.0), (0.0, 20.0), (-5.0, 5.0), (-5.0, 5.0)]


@dataclass(frozen=True)
class SigmaModel:
    """The calibrated sigma of one quantity (see the module docstring).

    Attributes
    ----------
    alpha, beta, gamma, wigner, light : float
        alpha, beta (MeV), gamma (per step), kappa and lambda of the module docstring.
    scale, q68, q95 : (float, float)
        c_k and the split-conformal quantiles of |r| / sigma at LEVELS, per class
        (interpolation, extrapolation).
    n_fit : int
        Held-out residuals used for the likelihood fit.
    n_conformal : (int, int)
        Held-out residuals per class used for the scales and quantiles.
    """

    alpha: float
    beta: float
    gamma: float
    wigner: float
    light: float
    scale: tuple
    q68: tuple
    q95: tuple
    n_fit: int
    n_conformal: tuple

    def sigma(self, features: dict) -> np.ndarray:
        """Calibrated sigma (MeV), shape (m,), for ``features`` (:data:`FEATURES` -> (m,))."""
        shape = (self.alpha, self.beta, self.gamma, self.wigner, self.light)
        return np.asarray(self.scale)[_classes(features)] * _sigma(shape, features)

    def multiplier(self, level: float, features: dict) -> np.ndarray:
        """The conformal multiplier q_p,k of ``level`` (one of LEVELS) per nucleus, (m,)."""
        quantiles = {0.68: self.q68, 0.95: self.q95}[level]
        return np.asarray(quantiles)[_classes(features)]


def _classes(features: dict) -> np.ndarray:
    """0 for interpolation (no step beyond the training data), 1 for extrapolation."""
    return (np.asarray(features["steps"]) > 0).astype(int)


def _sigma(shape, features: dict) -> np.ndarray:
    alpha, beta, gamma, wigner, light = shape
    floor = beta * (1.0 + gamma * features["steps"])
    base = np.sqrt((alpha * features["spread"]) ** 2 + floor**2)
    return base * np.exp(wigner * features["wigner"] + light * features["light"])


def _nll(shape, residual, features) -> float:
    sigma = _sigma(shape, features)
    return float(np.mean(np.log(sigma) + 0.5 * (residual / sigma) ** 2))


def _coverage_scale(scaled) -> float:
    """The c minimizing |P(|z| <= c) - 0.683| + |P(|z| <= 2c) - 0.954| for z = r / sigma."""
    candidates = np.concatenate([scaled, scaled / 2])
    misfit = [
        abs(np.mean(scaled <= c) - GAUSSIAN[1]) + abs(np.mean(scaled <= 2 * c) - GAUSSIAN[2])
        for c in candidates
    ]
    return float(candidates[int(np.argmin(misfit))])


def sigma_features(z, n, spread, steps) -> dict:
    """The :data:`FEATURES` of nuclei (z, n) with member spreads (MeV) and extrapolation
    steps, each of shape (m,)."""
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    return {
        "spread": np.asarray(spread, float),
        "steps": np.asarray(steps, float),
        "wigner": (np.abs(n - z) <= WIGNER_RANGE).astype(float),
        "light": (z + n < LIGHT_A).astype(float),
    }


def conformal_quantile(scores, level: float) -> float:
    """The ceil((n + 1) level)-th smallest score (inf when n is too small)."""
    scores = np.sort(np.asarray(scores, float))
    rank = math.ceil((len(scores) + 1) * level)
    return float(scores[rank - 1]) if rank <= len(scores) else math.inf


def fit_sigma_model(residual, features: dict, seed: int = 0) -> SigmaModel:
    """Fit a :class:`SigmaModel` to held-out residuals (MeV) and their ``features``
    (:data:`FEATURES` -> arrays), all of shape (m,) (see the module docstring).

    A random half (``seed``) fits the shape by maximum likelihood; the other half the
    coverage scale c and the conformal quantiles.
    """
    residual = np.asarray(residual, float)
    features = {k: np.asarray(features[k], float) for k in FEATURES}
    finite = np.isfinite(residual) & np.all([np.isfinite(v) for v in features.values()], 0)
    order = np.random.default_rng(seed).permutation(np.flatnonzero(finite))
    fit, check = order[: len(order) // 2], order[len(order) // 2 :]
    if len(fit) < MIN_HELDOUT or len(check) < MIN_HELDOUT:
        raise NucmassError(f"calibration needs >= {2 * MIN_HELDOUT} held-out values")
    part = {k: v[fit] for k, v in features.items()}
    start = [1.0, max(float(np.std(residual[fit])), 1e-3), 0.1, 0.0, 0.0]
    shape = minimize(_nll, start, args=(residual[fit], part), method="L-BFGS-B", bounds=_BOUNDS).x
    part = {k: v[check] for k, v in features.items()}
    scaled = np.abs(residual[check]) / _sigma(shape, part)
    classes = [_class_values(scaled, _classes(part) == k) for k in (0, 1)]
    scale, q68, q95, counts = (tuple(values) for values in zip(*classes, strict=True))
    return SigmaModel(*(float(v) for v in shape), scale, q68, q95, len(fit), counts)


def _class_values(scaled: np.ndarray, member: np.ndarray) -> tuple:
    """(c, q68, q95, count) of one class; the pooled values when it has too few."""
    chosen = scaled[member] if member.sum() >= MIN_HELDOUT else scaled
    scale = _coverage_scale(chosen)
    q68, q95 = (conformal_quantile(chosen / scale, level) for level in LEVELS)
    return scale, q68, q95, int(member.sum())


def _tuples(fields: dict) -> dict:
    """JSON lists back to tuples."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}


def _lists(fields: dict) -> dict:
    """Tuples as JSON lists (so a calibration equals its saved and reloaded form)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


@dataclass(frozen=True)
class Calibration:
    """The calibration a model is saved with: a :class:`SigmaModel` per quantity and the
    nuclei it was trained on (for distances).

    Attributes
    ----------
    models : dict
        Quantity name (``binding_energy``, ``S_n``, ...) -> SigmaModel.
    train_z, train_n : tuple of int
        The training nuclei of the model (distance 0).
    record : dict
        How the held-out residuals were made (carve, members, sizes).
    """

    models: dict
    train_z: tuple
    train_n: tuple
    record: dict

    def steps(self, z, n) -> np.ndarray:
        """Steps of each (z, n) beyond the training data (``extrapolation_steps``), (m,)."""
        return extrapolation_steps(z, n, self.train_z, self.train_n)

    def to_dict(self) -> dict:
        return {
            "models": {k: _lists(asdict(v)) for k, v in self.models.items()},
            "train_z": list(self.train_z),
            "train_n": list(self.train_n),
            "record": self.record,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Calibration":
        try:
            models = {k: SigmaModel(**_tuples(v)) for k, v in data["models"].items()}
            return cls(models, tuple(data["train_z"]), tuple(data["train_n"]), data["record"])
        except (KeyError, TypeError) as error:
            raise NucmassError(f"a saved calibration is incomplete ({error})") from None
