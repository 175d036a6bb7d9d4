"""Streaming sample moments with delta-method standard errors.

:class:`StreamingMoments` accumulates power sums of each column (up to the 8th, needed for
the standard error of the fourth cumulant) and the cross products, one batch at a time, so
10^5-10^6 draws never need to be held in memory. Estimators (per column, M draws):
mean, variance m2 (1/M normalisation), fourth cumulant k4 = m4 - 3 m2^2 and standardised
excess kurtosis g2 = k4 / m2^2 (exactly scipy.stats.kurtosis with fisher=True, bias=True).
Standard errors come from the delta method on the raw moments a_p = mean(y^p):
Cov(a_p, a_q) = (a_{p+q} - a_p a_q) / M, exact to O(1/M). Columns are divided by a fixed
scale (taken from the first batch) before accumulation so the 8th powers cannot overflow.
"""

import numpy as np

from nucmass.errors import NucmassError

__all__ = ["StreamingMoments"]


class StreamingMoments:
    """Per-column moments of a stream of (b, m) batches; see the module docstring."""

    def __init__(self) -> None:
        self.count = 0
        self._scale = None
        self._sums = None  # shape (9, m): sum of y^p, p = 0..8
        self._cross = None  # shape (m, m): sum of y_a y_b

    def update(self, batch) -> "StreamingMoments":
        """Add a batch of draws, shape (b, m) (or (b,) for one column)."""
        y = np.asarray(batch, dtype=float)
        y = y.reshape(len(y), -1)
        if self._scale is None:
            scale = np.sqrt(np.mean(y**2, axis=0))
            self._scale = np.where(scale > 0, scale, 1.0)
            self._sums = np.zeros((9, y.shape[1]))
            self._cross = np.zeros((y.shape[1], y.shape[1]))
        elif y.shape[1] != self._scale.size:
            raise NucmassError("every batch must have the same number of columns")
        y = y / self._scale
        power = np.ones_like(y)
        for p in range(9):
            self._sums[p] += power.sum(axis=0)
            power = power * y
        self._cross += y.T @ y
        self.count += len(y)
        return self

    def _raw(self) -> np.ndarray:
        if self.count < 2:
            raise NucmassError("need at least two draws for sample moments")
        return self._sums / self.count

    def summary(self) -> dict:
        """Estimates and standard errors, each an array over columns.

        Keys: ``count``, ``mean``, ``mean_se``, ``variance``, ``variance_se``,
        ``fourth_cumulant``, ``fourth_cumulant_se``, ``excess_kurtosis``,
        ``excess_kurtosis_se``, ``correlation`` (m x m).
        """
        a = self._raw()
        a1, a2, a3, a4 = a[1], a[2], a[3], a[4]
        m2 = a2 - a1**2
        m4 = a4 - 4 * a1 * a3 + 6 * a1**2 * a2 - 3 * a1**4
        k4 = m4 - 3 * m2**2
        g2 = np.divide(k4, m2**2, out=np.full_like(k4, np.nan), where=m2 > 0)
        zero = np.zeros_like(a1)
        d_m2 = np.stack([-2 * a1, np.ones_like(a1), zero, zero])
        d_m4 = np.stack([-4 * a3 + 12 * a1 * a2 - 12 * a1**3, 6 * a1**2, -4 * a1, np.ones_like(a1)])
        d_k4 = d_m4 - 6 * m2 * d_m2
        with np.errstate(divide="ignore", invalid="ignore"):
            d_g2 = d_k4 / m2**2 - 2 * k4 / m2**3 * d_m2
        cov = np.array([[a[p + q] - a[p] * a[q] for q in range(1, 5)] for p in range(1, 5)])
        cov /= self.count

        def se(grad):
            return np.sqrt(np.maximum(np.einsum("pm,pqm,qm->m", grad, cov, grad), 0.0))

        s = self._scale
        centred = self._cross / self.count - np.outer(a1, a1)
        diag = np.sqrt(np.clip(np.diag(centred), 0, None))
        outer = np.outer(diag, diag)
        corr = np.divide(centred, outer, out=np.full_like(centred, np.nan), where=outer > 0)
        return {
            "count": self.count,
            "mean": a1 * s,
            "mean_se": np.sqrt(np.maximum(m2, 0) / self.count) * s,
            "variance": m2 * s**2,
            "variance_se": se(d_m2) * s**2,
            "fourth_cumulant": k4 * s**4,
            "fourth_cumulant_se": se(d_k4) * s**4,
            "excess_kurtosis": g2,
            "excess_kurtosis_se": se(d_g2),
            "correlation": corr,
        }
