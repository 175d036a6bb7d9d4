"""Network input features from (Z, N).

``MinMaxScaler`` is exactly the scaling of the criticality paper (paper 000, Eq. 40):
X_scaled = (X - X_min) / (X_max - X_min), with the ranges taken from the data set the
scaler is fitted on (for the AME2020 table: Z in [0, 118], N in [0, 177]).
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["MinMaxScaler", "fnn_inputs", "parity"]


@dataclass(frozen=True)
class MinMaxScaler:
    """Per-column min-max scaling, paper 000 Eq. 40.

    Attributes
    ----------
    low, high : tuple of float
        Column minima and maxima of the fitting data, one entry per column.
    """

    low: tuple[float, ...]
    high: tuple[float, ...]

    @classmethod
    def fit(cls, x) -> "MinMaxScaler":
        """Ranges of the columns of ``x`` (shape (m, d))."""
        x = np.asarray(x, dtype=float)
        return cls(tuple(x.min(axis=0).tolist()), tuple(x.max(axis=0).tolist()))

    def transform(self, x) -> np.ndarray:
        """Scale ``x`` (shape (m, d)) to [0, 1] on the fitted ranges."""
        low, high = np.asarray(self.low), np.asarray(self.high)
        return (np.asarray(x, dtype=float) - low) / np.where(high > low, high - low, 1.0)

    def to_dict(self) -> dict:
        return {"low": list(self.low), "high": list(self.high)}

    @classmethod
    def from_dict(cls, data: dict) -> "MinMaxScaler":
        return cls(tuple(data["low"]), tuple(data["high"]))


def parity(values) -> np.ndarray:
    """0 for even, 1 for odd (the Z_0, N_0 inputs of paper 000 Sec. IV), as float."""
    return (np.asarray(values, dtype=np.int64) % 2).astype(float)


def fnn_inputs(z, n, scaler: MinMaxScaler, parities: bool = False) -> np.ndarray:
    """Feed-forward network inputs, shape (m, 2) or (m, 4).

    Columns: scaled N, scaled Z (the scaler is fitted on columns (N, Z)), then, when
    ``parities`` is set, the unscaled parities N_0 and Z_0 (paper 000's four-input network).
    """
    nz = np.column_stack([np.asarray(n, dtype=float), np.asarray(z, dtype=float)])
    columns = [scaler.transform(nz)]
    if parities:
        columns.append(np.column_stack([parity(n), parity(z)]))
    return np.hstack(columns)
