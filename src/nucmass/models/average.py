"""Model averaging over theory baselines: the ``average`` family (closed form).

For each baseline j (a theory table: WS3, DUZU, HFB26, ... ) a kernel ridge member of
:mod:`nucmass.models.krr` learns the residual B_exp - B_j, so f_j = B_j + r_j is a full
mass model. The average is

    B(Z, N) = sum_j w_j f_j(Z, N),   w_j >= 0,   sum_j w_j = 1,

with the weights learned by **stacking** (Wolpert 1992; Breiman 1996): on a random
validation carve of the training nuclei, each f_j is fitted on the rest with its own
kernel settings (chosen on that carve) and the weights minimise the squared error of the
combination on the carve (non-negative least squares with the sum-to-one constraint).
The kernel settings are chosen on that same carve, so the carve errors the weights see are
slightly optimistic, for every baseline alike.
Stacking rather than Bayesian model averaging: BMA weights are posterior model
probabilities, which concentrate on the single most likely model as the data grow (here
2000 nuclei with residual spreads of 0.15-0.35 MeV would give WS3 a weight of ~1), and
they assume one of the models is true; none is, and the corrections of different
baselines make partly independent errors, so a combination predicts better than any one
of them. Stacking weights are chosen for held-out prediction, which is what we want.

The ensemble's members are the per-baseline models in proportion to their weights: with
K members (one per seed), baseline j fills round(K w_j) slots (largest remainders), so
the ensemble mean is the weighted average up to 1/(2K) per weight and the member spread
is the spread between the baselines' predictions, weighted likewise: the quantity the
calibrated sigma (:mod:`nucmass.uncertainty`) builds on. The inputs are the four kernel
inputs of :func:`~nucmass.models.krr.kernel_features` and the baselines' binding
energies (MeV); nuclei a baseline lacks are not covered.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

from nucmass.data.theory import theory_binding_energy
from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig
from nucmass.models.krr import (
    N_FEATURES,
    KernelMember,
    KRRConfig,
    choose_hyperparameters,
    fit_kernel,
    kernel_features,
    validation_mask,
)

__all__ = ["CONFIG", "VENDORED_BASELINES", "AverageConfig", "slots", "stacking_weights", "weights"]

VENDORED_BASELINES = ("WS32011", "DUZU", "HFB26", "KTUY05", "FRDM95", "HFB14")
_PENALTY = 1e3  # weight of the sum-to-one row in the non-negative least squares


def stacking_weights(predictions, y) -> np.ndarray:
    """Non-negative weights (k,) summing to one that minimise |predictions @ w - y|^2.

    ``predictions`` (m, k) are held-out predictions of k models, ``y`` (m,) the values.
    The sum-to-one constraint is a heavily weighted extra row; the result is renormalised.
    """
    predictions = np.asarray(predictions, dtype=float)
    k = predictions.shape[1]
    matrix = np.vstack([predictions, _PENALTY * np.ones(k)])
    target = np.concatenate([np.asarray(y, dtype=float), [_PENALTY]])
    found, _ = nnls(matrix, target)
    if found.sum() <= 0:
        return np.full(k, 1 / k)
    return found / found.sum()


def slots(w, size: int) -> np.ndarray:
    """Index (size,) of the model filling each of ``size`` member slots: model j fills
    round(size w_j) of them by largest remainders."""
    w = np.asarray(w, dtype=float)
    counts = np.floor(size * w).astype(int)
    remainder = size * w - counts
    for j in np.argsort(-remainder, kind="stable")[: size - counts.sum()]:
        counts[j] += 1
    return np.repeat(np.arange(len(w)), counts)


def weights(model) -> dict:
    """Baseline -> weight (share of member slots) of a fitted ``average`` ensemble."""
    select = np.asarray(model.members.select, dtype=float)[model.ok]
    return dict(zip(model.config.baselines, select.mean(axis=0).tolist(), strict=True))


@dataclass(frozen=True)
class AverageConfig(ModelConfig):
    """Stacked kernel-ridge residual models on several baselines (module docstring).

    ``baselines`` are theory table names (RIPL ones need a ``data_dir`` in ``fit``);
    ``lengths``, ``odd_even``, ``alphas``, ``fraction`` and ``carve_seed`` are the kernel
    candidates and validation carve of :class:`~nucmass.models.krr.KRRConfig`; the same
    carve learns the stacking weights.
    """

    baselines: tuple = VENDORED_BASELINES
    lengths: tuple = KRRConfig.lengths
    odd_even: tuple = KRRConfig.odd_even
    alphas: tuple = KRRConfig.alphas
    fraction: float = KRRConfig.fraction
    carve_seed: int = 0

    family = "average"
    closed_form = True
    seeded = True

    def __post_init__(self):
        if not self.baselines or len(set(self.baselines)) != len(self.baselines):
            raise NucmassError("average needs distinct baseline names")
        if self.kernel.subsample != 1:  # builds (and so checks) the kernel settings
            raise NucmassError("average members use every training nucleus")

    @property
    def kernel(self) -> KRRConfig:
        """The kernel candidates and carve as a :class:`KRRConfig`."""
        return KRRConfig(self.lengths, self.odd_even, self.alphas, self.fraction, self.carve_seed)

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """Kernel inputs (m, 4) and the baselines' binding energies (m, k), side by side;
        covered where every baseline has the nucleus."""
        theory = np.column_stack([theory_binding_energy(z, n, b, data_dir) for b in self.baselines])
        covered = np.isfinite(theory).all(axis=1)
        return np.column_stack([kernel_features(z, n), np.nan_to_num(theory)]), covered

    def init(self, key, n_inputs: int, variances=None) -> KernelMember:
        zero = np.float64(0.0)
        k = len(self.baselines)
        return KernelMember(np.zeros((1, 4)), np.zeros(1), np.ones(4), zero, zero, np.zeros(k))

    def _baseline_member(self, x, y, j: int, validation) -> tuple:
        """(member on every row, predictions of the carve-fitted member on ``validation``)
        for baseline j, with kernel settings chosen on the same carve."""
        kernel, residual = self.kernel, y - x[:, N_FEATURES + j]
        table = choose_hyperparameters(x, residual, kernel.grid, kernel.fraction, kernel.carve_seed)
        settings = tuple(float(v) for v in table.iloc[0][["length", "odd_even", "alpha"]])
        k = len(self.baselines)
        carved = fit_kernel(x, residual, *settings, keep=~validation, n_theory=k)
        held_out = np.asarray(carved(x[validation])) + x[validation, N_FEATURES + j]
        member = fit_kernel(x, residual, *settings, n_theory=k)
        return _selecting(member, j), held_out

    def solve_members(self, x, y, seeds) -> list:
        """Per-baseline members in the proportions of their stacking weights, one per seed."""
        validation = validation_mask(len(y), self.fraction, self.carve_seed)
        fitted = [self._baseline_member(x, y, j, validation) for j in range(len(self.baselines))]
        found = stacking_weights(np.column_stack([p for _, p in fitted]), y[validation])
        return [fitted[j][0] for j in slots(found, len(seeds))]

    def solve(self, x, y) -> KernelMember:
        """The best-weighted baseline's member (one member cannot hold an average)."""
        return self.solve_members(x, y, [0])[0]


def _selecting(member: KernelMember, j: int) -> KernelMember:
    """``member`` with its theory weights selecting baseline column j."""
    select = np.zeros_like(member.select)
    select[j] = 1.0
    return KernelMember(
        member.train, member.dual, member.scales, member.intercept, member.alpha, select
    )


CONFIG = AverageConfig
