"""Kernel ridge regression on theory residuals: the ``krr`` family (closed form).

A member predicts the residual of a theory baseline (``fit(..., baseline="WS3")``) as

    r(Z, N) = c + sum_i a_i k(x, x_i),
    k(x, x') = exp(-[(Z - Z')^2 + (N - N')^2] / (2 l^2)
                   - w^2 ([Z odd] != [Z' odd] + [N odd] != [N' odd]) / 2),

a Gaussian kernel in (Z, N) with length scale l (nucleons) times an odd-even factor of
weight w: nuclei of different Z or N parity are less alike by exp(-w^2 / 2) each. The dual
coefficients a (n,) solve (K + alpha I) a = y - c on the training nuclei x_i with c their
mean residual (scikit-learn's :class:`~sklearn.kernel_ridge.KernelRidge`). Wu, Guo and
Zhao (2021) add a separate odd-even kernel; here parity enters the one Gaussian as two
extra coordinates, which is the same idea as a product kernel.

(l, w, alpha) are chosen on a random validation carve of the training nuclei
(:func:`choose_hyperparameters`; the member solver only sees training data, so test
nuclei cannot enter the choice), then the member is refitted on every training nucleus.
Members differ by their seed: each is fitted on a random ``subsample`` of the training
nuclei (``subsample = 1`` gives identical members). A member stores its training inputs,
dual coefficients and kernel settings as arrays, so it saves like any other member.
"""

from dataclasses import dataclass

import equinox as eqx
import jax.numpy as jnp
import numpy as np
import pandas as pd
from sklearn.kernel_ridge import KernelRidge

from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig

__all__ = [
    "CONFIG",
    "KRRConfig",
    "KernelMember",
    "choose_hyperparameters",
    "fit_kernel",
    "kernel_features",
    "subsample_mask",
    "validation_mask",
]

N_FEATURES = 4  # Z, N, Z % 2, N % 2
_CHUNK = 4096  # rows per block when predicting in numpy


def kernel_features(z, n) -> np.ndarray:
    """Raw kernel inputs (m, 4) float64: Z, N, Z mod 2, N mod 2."""
    z, n = np.asarray(z, dtype=float), np.asarray(n, dtype=float)
    return np.column_stack([z, n, z % 2, n % 2])


def _scales(length: float, odd_even: float) -> np.ndarray:
    return np.array([1 / length, 1 / length, odd_even, odd_even], dtype=np.float64)


class KernelMember(eqx.Module):
    """One kernel ridge member: r(x) = intercept + K(x, train) @ dual (+ x_theory @ select).

    ``train`` (n, 4) raw kernel inputs, ``dual`` (n,), ``scales`` (4,) multiply the
    inputs (1/l, 1/l, w, w), ``intercept`` and ``alpha`` scalars (MeV; alpha recorded
    only), ``select`` (k,) weights of theory columns after the 4 kernel inputs (empty for
    the ``krr`` family; one-hot for a member of :mod:`nucmass.models.average`).
    """

    train: np.ndarray
    dual: np.ndarray
    scales: np.ndarray
    intercept: np.ndarray
    alpha: np.ndarray
    select: np.ndarray

    def _kernel_sum(self, xp, x):
        reference = self.train * self.scales
        points = x[:, :N_FEATURES] * self.scales
        distance = (
            (points**2).sum(1)[:, None] + (reference**2).sum(1)[None] - 2 * points @ reference.T
        )
        return xp.exp(-0.5 * xp.maximum(distance, 0.0)) @ self.dual

    def __call__(self, x):
        theory = x[:, N_FEATURES:] @ self.select if self.select.shape[0] else 0.0
        if not isinstance(x, np.ndarray):  # traced (status checks): jax, float32
            return self.intercept + self._kernel_sum(jnp, x) + theory
        blocks = [self._kernel_sum(np, x[k : k + _CHUNK]) for k in range(0, len(x), _CHUNK)]
        kernel = np.concatenate(blocks) if blocks else np.zeros(0)
        return self.intercept + kernel + theory


def fit_kernel(x, y, length, odd_even, alpha, keep=None, n_theory=0) -> KernelMember:
    """A member fitted on raw inputs x (m, >= 4) and residuals y (m,) in MeV; only rows
    where ``keep`` is True are used (all by default); ``n_theory`` empty theory weights."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = np.ones(len(y), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    train, target = x[keep, :N_FEATURES], y[keep]
    scales = _scales(length, odd_even)
    intercept = float(target.mean())
    solver = KernelRidge(alpha=alpha, kernel="rbf", gamma=0.5)
    solver.fit(train * scales, target - intercept)
    return KernelMember(
        train, np.asarray(solver.dual_coef_, float).ravel(), scales, np.float64(intercept),
        np.float64(alpha), np.zeros(n_theory),
    )  # fmt: skip


def validation_mask(m: int, fraction: float, seed: int) -> np.ndarray:
    """Mask (m,) of a random validation ``fraction`` of m rows (``seed``)."""
    order = np.random.default_rng(seed).permutation(m)
    mask = np.zeros(m, dtype=bool)
    mask[order[: round(fraction * m)]] = True
    return mask


def choose_hyperparameters(x, y, grid: dict, fraction=0.2, seed=0) -> pd.DataFrame:
    """Validation RMSD (MeV) of every (length, odd_even, alpha) of ``grid`` (keys
    ``lengths``, ``odd_even``, ``alphas``), fitted on the training rows minus a random
    validation ``fraction`` (``seed``) and scored on it; sorted, best first. Columns:
    length, odd_even, alpha, validation_rmsd, n_validation."""
    validation = validation_mask(len(y), fraction, seed)
    rows = []
    for length in grid["lengths"]:
        for odd_even in grid["odd_even"]:
            for alpha in grid["alphas"]:
                member = fit_kernel(x, y, length, odd_even, alpha, keep=~validation)
                error = np.asarray(member(x[validation])) - y[validation]
                rmsd = float(np.sqrt(np.mean(error**2)))
                rows.append((length, odd_even, alpha, rmsd, int(validation.sum())))
    columns = ["length", "odd_even", "alpha", "validation_rmsd", "n_validation"]
    return pd.DataFrame(rows, columns=columns).sort_values("validation_rmsd", ignore_index=True)


def subsample_mask(m: int, fraction: float, seed: int) -> np.ndarray:
    """Mask (m,) of the ``fraction`` of rows a member with ``seed`` is fitted on."""
    return np.ones(m, dtype=bool) if fraction >= 1 else validation_mask(m, fraction, seed)


@dataclass(frozen=True)
class KRRConfig(ModelConfig):
    """Kernel ridge regression on (Z, N) with an odd-even factor (module docstring).

    ``lengths`` (nucleons), ``odd_even`` and ``alphas`` are the candidate values (one
    each: no search); ``fraction`` and ``carve_seed`` the validation carve that chooses
    them; ``subsample`` the fraction of training nuclei each member (seed) is fitted on.
    """

    lengths: tuple = (2.0, 3.0, 4.0)
    odd_even: tuple = (0.2, 0.5)
    alphas: tuple = (1e-2, 3e-2, 0.1)
    fraction: float = 0.2
    carve_seed: int = 0
    subsample: float = 1.0

    family = "krr"
    closed_form = True
    seeded = True

    def __post_init__(self):
        values = [*self.lengths, *self.alphas]
        if not values or min(values) <= 0 or not self.odd_even or min(self.odd_even) < 0:
            raise NucmassError("krr needs positive lengths and alphas and odd_even >= 0")
        if not 0 < self.fraction < 1 or not 0 < self.subsample <= 1:
            raise NucmassError("krr needs 0 < fraction < 1 and 0 < subsample <= 1")

    @property
    def grid(self) -> dict:
        """The candidate values, as :func:`choose_hyperparameters` takes them."""
        return {"lengths": self.lengths, "odd_even": self.odd_even, "alphas": self.alphas}

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """:func:`kernel_features` of (z, n); every nucleus is covered."""
        return kernel_features(z, n), np.ones(len(np.atleast_1d(z)), dtype=bool)

    def init(self, key, n_inputs: int, variances=None) -> KernelMember:
        zero = np.float64(0.0)
        return KernelMember(np.zeros((1, 4)), np.zeros(1), np.ones(4), zero, zero, np.zeros(0))

    def best(self, x, y) -> tuple:
        """(length, odd_even, alpha) with the lowest validation RMSD (no search for one)."""
        sizes = [len(v) for v in self.grid.values()]
        if sizes == [1, 1, 1]:
            return self.lengths[0], self.odd_even[0], self.alphas[0]
        row = choose_hyperparameters(x, y, self.grid, self.fraction, self.carve_seed).iloc[0]
        return float(row.length), float(row.odd_even), float(row.alpha)

    def solve(self, x, y) -> KernelMember:
        """One member on every training nucleus, with the chosen settings."""
        return fit_kernel(x, y, *self.best(x, y))

    def solve_members(self, x, y, seeds) -> list:
        """One member per seed (each on its ``subsample``), sharing the chosen settings."""
        settings = self.best(x, y)
        return [
            fit_kernel(x, y, *settings, keep=subsample_mask(len(y), self.subsample, seed))
            for seed in seeds
        ]


CONFIG = KRRConfig
