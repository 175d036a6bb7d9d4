"""Cooperative Neural Network (CoNN, paper 001): B(Z, N) as a sum of modules.

B_pred(Z, N) = B_bulk + E_shell + E_cor + E_pair (paper 001, Fig. 2), plus (our addition,
``product_rank > 0``, the default) a low-rank non-separable shell term E_prod, each built
in :mod:`nucmass.models.conn_modules`; the bulk holds a Wigner term by default (also ours).
``ABLATIONS`` names the ablations of paper 001 and ours (configuration overrides). A
trained CoNN is saved as an ensemble of one or more members (kind ``"conn"``); the
ensemble predicts the member mean, and the member spread is its first uncertainty
estimate.
"""

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from nucmass.errors import NucmassError
from nucmass.models.base import read_config, save_config
from nucmass.models.conn_modules import (
    WIGNER_FORMS,
    WIGNER_WIDTH,
    Bulk,
    Grid,
    Pairing,
    Shell,
    ShellProduct,
)

__all__ = ["ABLATIONS", "MODULE_NAMES", "CoNN", "CoNNConfig", "CoNNEnsemble", "load"]

MODULE_NAMES = ("bulk", "shell", "product", "grid", "pairing")
# ablation name -> CoNNConfig overrides
ABLATIONS = {
    "full": {},
    "macroscopic": {"modules": ("bulk",)},
    "no-pairing": {"modules": ("bulk", "shell", "product", "grid")},
    "no-grid": {"modules": ("bulk", "shell", "product", "pairing")},
    "no-embeddings": {"modules": ("bulk", "product", "grid", "pairing")},
    "no-product": {"modules": ("bulk", "shell", "grid", "pairing")},
    "no-wigner": {"bulk_wigner": "none"},
}
# fields of configs saved before they existed, with the value that reproduces those models
_OLD_DEFAULTS = {
    "bulk_surface_symmetry": False,
    "bulk_wigner": "none",
    "product_rank": 0,
    "grid_fine_below": 0,
}
_MEMBERS_FILE = "members.eqx"


@dataclass(frozen=True)
class CoNNConfig:
    """Architecture of one CoNN (all energies in MeV).

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
    product_rank : rank of the non-separable shell product (0: no ``"product"`` module).
    grid_spacing_z, grid_spacing_n : distance between correlation-grid nodes (nucleons).
    grid_fine_below, grid_fine_spacing : below Z (N) = grid_fine_below the nodes are
        grid_fine_spacing apart instead (0: a uniform grid).
    pairing_width, pairing_depth, pairing_activation : pairing-amplitude MLP.
    """

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
    product_rank: int = 2
    grid_spacing_z: float = 5.0
    grid_spacing_n: float = 5.0
    grid_fine_below: int = 20
    grid_fine_spacing: float = 2.0
    pairing_width: int = 16
    pairing_depth: int = 1
    pairing_activation: str = "tanh"

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
        if self.product_rank < 0:
            raise NucmassError(f"product_rank must be >= 0, got {self.product_rank}")
        object.__setattr__(self, "modules", tuple(m for m in MODULE_NAMES if m in self.modules))

    @property
    def active(self) -> tuple[str, ...]:
        """The modules that enter the sum: ``modules``, without the product at rank 0."""
        return tuple(m for m in self.modules if m != "product" or self.product_rank > 0)

    def to_dict(self) -> dict:
        return {**dataclasses.asdict(self), "modules": list(self.modules)}

    @classmethod
    def from_dict(cls, data: dict) -> "CoNNConfig":
        known = {f.name for f in dataclasses.fields(cls)}
        data = {**_OLD_DEFAULTS, **data}
        return cls(**{k: tuple(v) if k == "modules" else v for k, v in data.items() if k in known})

    def ablate(self, name: str) -> "CoNNConfig":
        """This configuration with the overrides of ablation ``name`` (see ``ABLATIONS``)."""
        if name not in ABLATIONS:
            raise NucmassError(f"unknown ablation {name!r}; choose from {', '.join(ABLATIONS)}")
        return dataclasses.replace(self, **ABLATIONS[name])


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


@eqx.filter_jit
def _components(model: CoNN, z, n):
    return model.components(z, n)


class CoNNEnsemble:
    """K trained CoNN members with a common configuration (a :class:`MassModel`).

    Parameters
    ----------
    members : sequence of CoNN, K >= 1, all with the same ``config``.
    info : JSON-serialisable metadata (training settings, data, timings) saved with it.
    """

    kind = "conn"

    def __init__(self, members, info: "dict | None" = None):
        self.members = tuple(members)
        if not self.members or len({m.config for m in self.members}) != 1:
            raise NucmassError("a CoNN ensemble needs at least one member, all of one config")
        self.config = self.members[0].config
        self.info = dict(info or {})

    def _check(self, z, n) -> tuple[np.ndarray, np.ndarray]:
        z, n = np.asarray(z, dtype=np.int32), np.asarray(n, dtype=np.int32)
        c = self.config
        bad = (z < 0) | (n < 0) | (z > c.z_max) | (n > c.n_max) | (z + n < 1)
        if bad.any():
            raise NucmassError(
                f"CoNN predicts 0 <= Z <= {c.z_max}, 0 <= N <= {c.n_max}, A >= 1; "
                f"got (Z, N) = ({z[bad][0]}, {n[bad][0]})"
            )
        return z, n

    def member_components(self, z, n) -> dict[str, np.ndarray]:
        """Each active term per member (MeV), shape (K, m), float64."""
        z, n = self._check(z, n)
        per_member = [_components(m, jnp.asarray(z), jnp.asarray(n)) for m in self.members]
        return {
            k: np.stack([np.asarray(p[k], np.float64) for p in per_member]) for k in per_member[0]
        }

    def components(self, z, n) -> dict[str, np.ndarray]:
        """Member-mean of each active term (MeV), shape (m,)."""
        return {k: v.mean(axis=0) for k, v in self.member_components(z, n).items()}

    def predict_members(self, z, n) -> np.ndarray:
        """Binding energy of every member (MeV), shape (K, m)."""
        return sum(self.member_components(z, n).values())

    def predict(self, z, n) -> np.ndarray:
        """Ensemble-mean binding energy (MeV), shape (m,)."""
        return self.predict_members(z, n).mean(axis=0)

    def predict_std(self, z, n) -> np.ndarray:
        """Standard deviation over members (MeV), shape (m,); zero for one member."""
        return self.predict_members(z, n).std(axis=0)

    def save(self, directory: "str | Path") -> Path:
        """Write ``config.json`` and ``members.eqx`` into ``directory``."""
        config = {
            "kind": self.kind,
            "config": self.config.to_dict(),
            "n_members": len(self.members),
            "info": self.info,
        }
        directory = save_config(directory, config)
        eqx.tree_serialise_leaves(directory / _MEMBERS_FILE, self.members)
        return directory


def load(directory: "str | Path") -> CoNNEnsemble:
    """Load a CoNN ensemble saved by :meth:`CoNNEnsemble.save`."""
    saved = read_config(directory)
    config = CoNNConfig.from_dict(saved["config"])
    skeleton = tuple(CoNN(config, key=jax.random.PRNGKey(0)) for _ in range(saved["n_members"]))
    path = Path(directory) / _MEMBERS_FILE
    if not path.is_file():
        raise NucmassError(f"{directory} is a CoNN config without its {_MEMBERS_FILE}")
    return CoNNEnsemble(eqx.tree_deserialise_leaves(path, skeleton), saved.get("info"))
