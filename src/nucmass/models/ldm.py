"""The liquid-drop (Bethe-Weizsaecker) baseline: five terms with pairing, least squares.

    B(Z, N) = a_v A - a_s A^(2/3) - a_c Z (Z - 1) / A^(1/3) - a_a (N - Z)^2 / A
              + a_p delta / A^(1/2)

with delta = +1 for even-even, -1 for odd-odd and 0 for odd-A nuclei. All coefficients in
MeV. It is the macroscopic reference for every other model (about 3 MeV on the measured
AME2020 nuclei with Z, N >= 8). As the ``ldm`` family, ``fit`` solves it in closed form
(:meth:`LDMConfig.solve`); its inputs are the five terms, its member the coefficients.
"""

from dataclasses import dataclass

import equinox as eqx
import jax.numpy as jnp
import numpy as np

from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig

__all__ = ["CONFIG", "TERMS", "LDMConfig", "LiquidDrop", "coefficients", "design_matrix"]

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


class LiquidDrop(eqx.Module):
    """The five coefficients (MeV), in the order of ``TERMS``; ``member(x)`` = x @ c."""

    coefficients: jnp.ndarray

    def __call__(self, x) -> jnp.ndarray:
        return x @ self.coefficients


def coefficients(model) -> dict:
    """Coefficient name -> value (MeV) of a fitted liquid-drop ensemble (first member)."""
    values = np.asarray(model.members.coefficients, dtype=float).reshape(-1, len(TERMS))[0]
    return dict(zip(TERMS, values.tolist(), strict=True))


@dataclass(frozen=True)
class LDMConfig(ModelConfig):
    """The five-term liquid drop (no settings)."""

    family = "ldm"
    closed_form = True

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """The terms of :func:`design_matrix`, shape (m, 5); needs A >= 1."""
        z, n = np.asarray(z), np.asarray(n)
        if np.any(z + n < 1) or np.any(z < 0) or np.any(n < 0):
            raise NucmassError("the liquid drop needs Z >= 0, N >= 0 and A >= 1")
        return design_matrix(z, n), np.ones(len(z), dtype=bool)

    def init(self, key, n_inputs: int, variances=None) -> LiquidDrop:
        return LiquidDrop(np.zeros(len(TERMS)))

    def solve(self, x, y) -> LiquidDrop:
        """Least-squares coefficients for terms x (m, 5) and binding energies y (m,)."""
        solution, *_ = np.linalg.lstsq(np.asarray(x, float), np.asarray(y, float), rcond=None)
        return LiquidDrop(np.asarray(solution, dtype=np.float64))

    @property
    def component_names(self) -> tuple[str, ...]:
        return TERMS

    def components(self, member: LiquidDrop, x) -> dict:
        return {term: x[:, k] * member.coefficients[k] for k, term in enumerate(TERMS)}


CONFIG = LDMConfig
