"""Cooperative Neural Network (CoNN, paper 001): B(Z, N) as a sum of modules.

B_pred(Z, N) = B_bulk + E_shell + E_cor + E_pair (paper 001, Fig. 2), plus (our addition,
``product_rank > 0``, the default) a low-rank non-separable shell term E_prod, each built
in :mod:`nucmass.models.conn_modules`; the bulk holds a Wigner term and two light-nucleus
Wigner terms (``bulk_light``, issue 15) by default (also ours).
``ABLATIONS`` names the ablations of paper 001 and ours (configuration overrides).
:class:`CoNNConfig` is the ``conn`` family of :mod:`nucmass.models.base`: members are
:class:`CoNN` modules on inputs x = (Z, N), trained by :func:`nucmass.fit` on B (MeV)
with the penalties of :meth:`CoNNConfig.penalty`.
"""

import dataclasses
from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig
from nucmass.models.conn_modules import (
    LIGHT_RANGE,
    LIGHT_TERMS,
    WIGNER_FORMS,
    WIGNER_WIDTH,
    Bulk,
    Grid,
    Pairing,
    Shell,
    ShellProduct,
)

__all__ = ["ABLATIONS", "CONFIG", "MODULE_NAMES", "CoNN", "CoNNConfig"]

MODULE_NAMES = ("bulk", "shell", "product", "grid", "pairing")
# ablation name -> CoNNConfig overrides
ABLATIONS = {
    "full": {},
    "macroscopic": {"modules": ("bulk",)},
    "no-pairing": {"modules": ("bulk", "shell", "product", "grid")},
    "no-grid": {"modules": ("bulk", "shell", "product", "pairing")},
    "no-embeddings": {"modules": ("bulk", "product", "grid", "pairing")},
    "no-product": {"modules": ("bulk", "shell", "grid", "pairing")},
    "no-wigner": {"bulk_wigner": "none", "bulk_light": ()},
}
# fields of configs saved before they existed, with the value that reproduces those models
_OLD_DEFAULTS = {
    "bulk_surface_symmetry": False,
    "bulk_wigner": "none",
    "product_rank": 0,
    "grid_fine_below": 0,
    "bulk_light": (),
}


@dataclass(frozen=True)
class CoNNConfig(ModelConfig):
    """Architecture and penalties of one CoNN (all energies in MeV).

    Attributes
    ----------
    modules : terms to use, a subset of ``MODULE_NAMES`` containing ``"bulk"`` (see ``active``).
    z_max, n_max : largest Z and N the model accepts (sizes of the embedding tables).
    z_scale, n_scale : inputs of the smooth networks are Z / z_scale, N / n_scale.
    bulk_width, bulk_depth, bulk_activation : bulk MLP (depth = number of hidden layers).
    bulk_offset : fixed part of the bulk binding energy per nucleon (MeV), without bulk_ldm.
    bulk_ldm : add the liquid-drop terms with learnable coefficients to the bulk network.
    bulk_surface_symmetry : add the surface-symmetry term (N-Z)^2/A^(4/3) to those terms.
    bulk_wigner : form of the Wigner term added to those terms, one of ``WIGNER_FORMS``
        (``conn_modules.wigner_term``): "none", "linear", "damped" or "gaussian".
    bulk_wigner_width : lambda of the Gaussian form exp(-lambda ((N-Z)/A)^2).
    bulk_light : light-nucleus terms added to those terms, a subset of ``LIGHT_TERMS``
        (``conn_modules.light_terms``): "alpha" (alpha-like quartets), "wigner" (-|N-Z|),
        "ridge" (the Gaussian Wigner ridge), each times exp(-(A/bulk_light_range)^2).
    bulk_light_range : A_0 of that envelope (nucleons).
    product_rank : rank of the non-separable shell product (0: no ``"product"`` module).
    grid_spacing_z, grid_spacing_n : distance between correlation-grid nodes (nucleons).
    grid_fine_below, grid_fine_spacing : below Z (N) = grid_fine_below the nodes are
        grid_fine_spacing apart instead (0: a uniform grid).
    pairing_width, pairing_depth, pairing_activation : pairing-amplitude MLP.
    shell_l2 : weight of the L2 penalty on the shell embeddings (per MeV^2).
    grid_smoothness : weight of the first-difference penalty on the grid (per MeV^2).
    product_l2 : weight of the L2 penalty on both factors of the shell product (per MeV).
    """

    family = "conn"

    modules: tuple[str, ...] = MODULE_NAMES
    z_max: int = 140
    n_max: int = 240
    z_scale: float = 100.0
    n_scale: float = 150.0
    bulk_width: int = 64
    bulk_depth: int = 2
    bulk_activation: str = "tanh"
    bulk_offset: float = 8.0
    bulk_ldm: bool = True
    bulk_surface_symmetry: bool = True
    bulk_wigner: str = "gaussian"
    bulk_wigner_width: float = WIGNER_WIDTH
    bulk_light: tuple[str, ...] = ("wigner", "ridge")
    bulk_light_range: float = LIGHT_RANGE
    product_rank: int = 2
    grid_spacing_z: float = 5.0
    grid_spacing_n: float = 5.0
    grid_fine_below: int = 20
    grid_fine_spacing: float = 2.0
    pairing_width: int = 16
    pairing_depth: int = 1
    pairing_activation: str = "tanh"
    shell_l2: float = 1e-3
    grid_smoothness: float = 1e-5
    product_l2: float = 3e-4

    def __post_init__(self):
        unknown = set(self.modules) - set(MODULE_NAMES)
        if unknown or "bulk" not in self.modules:
            raise NucmassError(
                f"CoNN modules must include 'bulk' and come from {MODULE_NAMES}, "
                f"got {tuple(self.modules)}"
            )
        if self.bulk_wigner not in WIGNER_FORMS:
            raise NucmassError(
                f"bulk_wigner must be one of {WIGNER_FORMS}, got {self.bulk_wigner!r}"
            )
        if set(self.bulk_light) - set(LIGHT_TERMS) or not self.bulk_light_range > 0:
            raise NucmassError(
                f"bulk_light must be a subset of {LIGHT_TERMS} and bulk_light_range > 0, "
                f"got {tuple(self.bulk_light)} and {self.bulk_light_range}"
            )
        if self.product_rank < 0:
            raise NucmassError(f"product_rank must be >= 0, got {self.product_rank}")
        if min(self.shell_l2, self.grid_smoothness, self.product_l2) < 0:
            raise NucmassError("CoNN penalty weights must be >= 0")
        object.__setattr__(self, "modules", tuple(m for m in MODULE_NAMES if m in self.modules))
        object.__setattr__(
            self, "bulk_light", tuple(t for t in LIGHT_TERMS if t in self.bulk_light)
        )

    @property
    def active(self) -> tuple[str, ...]:
        """The modules that enter the sum: ``modules``, without the product at rank 0."""
        return tuple(m for m in self.modules if m != "product" or self.product_rank > 0)

    @classmethod
    def from_dict(cls, data: dict) -> "CoNNConfig":
        """A configuration from ``to_dict()``; fields missing from old saved configs take
        the values that reproduce those models."""
        return super().from_dict({**_OLD_DEFAULTS, **data})

    def ablate(self, name: str) -> "CoNNConfig":
        """This configuration with the overrides of ablation ``name`` (see ``ABLATIONS``)."""
        if name not in ABLATIONS:
            raise NucmassError(f"unknown ablation {name!r}; choose from {', '.join(ABLATIONS)}")
        return dataclasses.replace(self, **ABLATIONS[name])

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """(Z, N) as float64, shape (m, 2); raises for nuclei outside the embedding tables."""
        z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
        bad = (z < 0) | (n < 0) | (z > self.z_max) | (n > self.n_max) | (z + n < 1)
        if bad.any():
            raise NucmassError(
                f"CoNN predicts 0 <= Z <= {self.z_max}, 0 <= N <= {self.n_max}, A >= 1; "
                f"got (Z, N) = ({z[bad][0]}, {n[bad][0]})"
            )
        return np.column_stack([z, n]).astype(float), np.ones(len(z), dtype=bool)

    def init(self, key, n_inputs: int, variances=None) -> "CoNN":
        return CoNN(self, key=key)

    def prepare(self, member: "CoNN", x, y) -> "CoNN":
        """With ``bulk_ldm``, the liquid-drop coefficients start at the least-squares values
        for the training data (given the initial bulk network), so that training starts at
        the ~3 MeV of a liquid drop instead of tens of MeV."""
        if not self.bulk_ldm:
            return member
        z, n = (np.asarray(x[:, k], dtype=np.int32) for k in (0, 1))
        network = np.asarray(member.bulk(jnp.asarray(z), jnp.asarray(n)), np.float64)
        terms = np.asarray(member.bulk.terms(z, n), np.float64)
        network -= terms @ np.asarray(member.bulk.coefficients, np.float64)
        solution, *_ = np.linalg.lstsq(terms, np.asarray(y, np.float64) - network, rcond=None)
        coefficients = jnp.asarray(solution, jnp.float32)
        return eqx.tree_at(lambda m: m.bulk.coefficients, member, coefficients)

    @property
    def component_names(self) -> tuple[str, ...]:
        return self.active

    def components(self, member: "CoNN", x) -> dict:
        z, n = (x[:, k].astype(jnp.int32) for k in (0, 1))
        return member.components(z, n)

    def apply(self, member: "CoNN", x) -> jnp.ndarray:
        return sum(self.components(member, x).values())

    def penalty(self, member: "CoNN") -> jnp.ndarray:
        """shell_l2 (sum e_Z^2 + sum e_N^2) + product_l2 (sum u^2 + sum v^2) +
        grid_smoothness (sum of squared neighbour differences), active modules only."""
        total = jnp.zeros(())
        if "shell" in self.active:
            total += self.shell_l2 * (jnp.sum(member.shell.e_z**2) + jnp.sum(member.shell.e_n**2))
        if "product" in self.active:
            total += self.product_l2 * member.product.norm()
        if "grid" in self.active:
            total += self.grid_smoothness * member.grid.roughness()
        return total


class CoNN(eqx.Module):
    """One CoNN: ``model(z, n)`` is B_pred in MeV, shape (m,), for int arrays (m,).

    All modules are always built (so every ablation has the same parameter layout; the
    product only when ``product_rank > 0``); only those in ``config.active`` enter the sum.
    """

    bulk: Bulk
    shell: Shell
    product: "ShellProduct | None"
    grid: Grid
    pairing: Pairing
    config: CoNNConfig = eqx.field(static=True)

    def __init__(self, config: CoNNConfig, *, key):
        c = config
        bulk_key, pairing_key = jax.random.split(key)
        product_key = jax.random.fold_in(key, 2)
        self.bulk = Bulk(
            c.bulk_width,
            c.bulk_depth,
            c.bulk_activation,
            c.bulk_offset,
            c.z_scale,
            c.n_scale,
            c.bulk_ldm,
            c.bulk_surface_symmetry,
            c.bulk_wigner,
            c.bulk_wigner_width,
            c.bulk_light,
            c.bulk_light_range,
            key=bulk_key,
        )
        self.shell = Shell(c.z_max, c.n_max)
        self.product = (
            ShellProduct(c.z_max, c.n_max, c.product_rank, key=product_key)
            if c.product_rank
            else None
        )
        self.grid = Grid(
            c.z_max,
            c.n_max,
            c.grid_spacing_z,
            c.grid_spacing_n,
            c.grid_fine_below,
            c.grid_fine_spacing,
        )
        self.pairing = Pairing(
            c.pairing_width,
            c.pairing_depth,
            c.pairing_activation,
            c.z_scale,
            c.n_scale,
            key=pairing_key,
        )
        self.config = config

    def components(self, z, n) -> dict[str, jnp.ndarray]:
        """Each active term (MeV), shape (m,), keyed by module name; they sum to B_pred."""
        return {name: getattr(self, name)(z, n) for name in self.config.active}

    def __call__(self, z, n) -> jnp.ndarray:
        return sum(self.components(z, n).values())


CONFIG = CoNNConfig
