"""The liquid-drop (Bethe-Weizsaecker) baseline: five terms with pairing, least squares.

    B(Z, N) = a_v A - a_s A^(2/3) - a_c Z (Z - 1) / A^(1/3) - a_a (N - Z)^2 / A
              + a_p delta / A^(1/2)

with delta = +1 for even-even, -1 for odd-odd and 0 for odd-A nuclei. All coefficients in
MeV. It is the macroscopic reference for every other model (about 3 MeV on the measured
AME2020 nuclei with Z, N >= 8).
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nucmass.models.base import read_config, save_config

__all__ = ["TERMS", "LiquidDrop", "fit_liquid_drop", "load"]

TERMS = ("volume", "surface", "coulomb", "asymmetry", "pairing")


def design_matrix(z, n) -> np.ndarray:
    """The five liquid-drop terms per nucleus, shape (m, 5), so that B = X @ coefficients."""
    z, n = np.asarray(z, dtype=float), np.asarray(n, dtype=float)
    a = z + n
    delta = np.where((z % 2 == 0) & (n % 2 == 0), 1.0, 0.0) - np.where(
        (z % 2 == 1) & (n % 2 == 1), 1.0, 0.0
    )
    return np.column_stack(
        [a, -(a ** (2 / 3)), -z * (z - 1) / a ** (1 / 3), -((n - z) ** 2) / a, delta / np.sqrt(a)]
    )


@dataclass(frozen=True)
class LiquidDrop:
    """A fitted liquid drop; ``coefficients`` maps each name of ``TERMS`` to MeV."""

    coefficients: dict
    kind: str = "ldm"

    def predict(self, z, n) -> np.ndarray:
        """Binding energy (MeV), shape (m,), for integer arrays ``z``, ``n`` of shape (m,)."""
        return design_matrix(z, n) @ np.array([self.coefficients[t] for t in TERMS])

    def save(self, directory: "str | Path") -> Path:
        """Write ``config.json`` with the coefficients into ``directory``."""
        return save_config(directory, {"kind": self.kind, "coefficients": self.coefficients})


def fit_liquid_drop(z, n, binding_energy) -> LiquidDrop:
    """Least-squares fit of the five coefficients to ``binding_energy`` (MeV), shape (m,)."""
    solution, *_ = np.linalg.lstsq(design_matrix(z, n), np.asarray(binding_energy), rcond=None)
    return LiquidDrop({term: float(c) for term, c in zip(TERMS, solution, strict=True)})


def load(directory: "str | Path") -> LiquidDrop:
    """Load a liquid drop saved by :meth:`LiquidDrop.save`."""
    return LiquidDrop(dict(read_config(directory)["coefficients"]))
