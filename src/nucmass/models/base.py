"""The contract of a model family, and the family registry.

A family is an architecture configuration (a frozen dataclass deriving from
:class:`ModelConfig`) plus the member network it builds. The configuration tells
:func:`nucmass.fit` and :class:`nucmass.models.ensemble.Ensemble` everything
family-specific, so a new family adds a config class and a module, not a pipeline:

- ``raw_inputs(z, n, data_dir)``: the unscaled network inputs x (m, d) of nuclei (z, n)
  and the mask (m,) of nuclei the family can predict (e.g. those its theory tables hold);
- ``fit_input_scaling`` and ``fit_target_scaling``: the affine maps fitted on training data
  (kept as fields of the ensemble, never recomputed at prediction time);
- ``init`` (a fresh member), ``prepare`` (data-dependent starting values), ``apply``
  (member outputs (m,) on scaled inputs), ``components`` (named terms summing to
  ``apply``) and ``penalty`` (the family's regularization, added to the data loss);

Members learn the scaled target (t - target_shift) / target_scale, where t is the
binding energy B (MeV; minus the baseline for residual models), for
``target = "binding_per_nucleon"`` B/A (MeV per nucleon; predictions are A times the
output) or, for ``target = "mass_excess"``, the atomic mass excess (MeV).
"""

import dataclasses
import importlib
from typing import ClassVar

import jax.numpy as jnp
import numpy as np

from nucmass.errors import NucmassError

__all__ = ["FAMILY_MODULES", "TARGETS", "ModelConfig", "config_class", "config_from_dict"]

TARGETS = ("binding_energy", "binding_per_nucleon", "mass_excess")
# family -> module defining its config class ``CONFIG``. New families add a line here.
FAMILY_MODULES = {
    "fnn": "nucmass.models.fnn",
    "conn": "nucmass.models.conn",
    "mfdnn": "nucmass.models.mfdnn",
    "ldm": "nucmass.models.ldm",
    "krr": "nucmass.models.krr",
    "average": "nucmass.models.average",
}


class ModelConfig:
    """Base of the architecture configurations (mix into a frozen dataclass)."""

    family: ClassVar[str]
    target: str = "binding_energy"
    closed_form: ClassVar[bool] = False  # fitted by least squares, not by a training loop
    seeded: ClassVar[bool] = False  # closed form with one (different) member per seed

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """Unscaled inputs (m, d) float64 and the mask (m,) of nuclei the family covers."""
        raise NotImplementedError

    def fit_input_scaling(self, x_train, x_all) -> tuple[np.ndarray, np.ndarray]:
        """(shift, scale), each (d,): members see (x - shift) / scale. Default identity."""
        d = np.shape(x_train)[1]
        return np.zeros(d), np.ones(d)

    def fit_target_scaling(self, x_scaled, y) -> tuple[float, float]:
        """(shift, scale) in target units: members learn (y - shift) / scale."""
        return 0.0, 1.0

    def init(self, key, n_inputs: int, variances=None):
        """A fresh member for ``n_inputs`` inputs (``variances``: (C_b, C_W) or None)."""
        raise NotImplementedError

    def solve_members(self, x, y, seeds) -> list:
        """Closed-form members for scaled (x, y), one per seed (``seeded`` families) or
        one in all (default: :meth:`solve`, which closed-form families define)."""
        return [self.solve(x, y)]

    def prepare(self, member, x, y):
        """The member with data-dependent starting values for scaled (x, y). Default: as is."""
        return member

    def apply(self, member, x) -> jnp.ndarray:
        """Member outputs (m,) in scaled target units for scaled inputs x (m, d)."""
        return member(x)

    @property
    def component_names(self) -> tuple[str, ...]:
        """Names of :meth:`components`, in their natural order (the first holds the
        target's shift when an ensemble converts them to target units)."""
        return ("network",)

    def components(self, member, x) -> dict:
        """Named terms (m,) in scaled target units that sum to :meth:`apply`."""
        return {"network": self.apply(member, x)}

    def penalty(self, member) -> jnp.ndarray:
        """The family's regularization term, added to the data loss (0 by default)."""
        return jnp.zeros(())

    def replace(self, **changes) -> "ModelConfig":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """JSON-serialisable fields (tuples as lists)."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "ModelConfig":
        """The configuration of ``data``; unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise NucmassError(f"unknown {cls.family} settings: {', '.join(sorted(unknown))}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def config_class(family: str) -> type:
    """The config class of ``family`` (imported on first use)."""
    if family not in FAMILY_MODULES:
        choices = ", ".join(FAMILY_MODULES)
        raise NucmassError(f"unknown model family {family!r}; choose from {choices}")
    return importlib.import_module(FAMILY_MODULES[family]).CONFIG


def config_from_dict(family: str, data: dict) -> ModelConfig:
    """The architecture configuration of ``family`` from its ``to_dict()``."""
    return config_class(family).from_dict(dict(data))
