"""Multi-fidelity deep neural network (MFDNN, paper 002, Fig. 1).

Inputs x = (N, Z, M_1, ..., M_k): neutron and proton numbers and the mass excesses
M_k(Z, N) (MeV) of k low-fidelity theory tables (paper 002: M_1 = HFB14, M_2 = FRDM).
The output is the sum of two branches,

    y(x) = NNh1(x) + NNh2(x),

NNh1 a network without activation (a linear map: a stack of linear layers is one linear
map, so one layer is used) for the linear correlation between low and high fidelity, and
NNh2 a tanh network (paper: 4 hidden layers of 40 units) for the nonlinear part. Only
NNh2's weights enter the L2 term of the loss (paper 002, Loss = MSE + lambda sum beta^2):
:func:`l2_penalty`.

Scaling (our documented choice; the paper gives none): every input column and the target
are standardized, (v - mean) / std, with the means and standard deviations of the
training nuclei. The target is the experimental mass excess (``target="mass_excess"``,
the paper's) or the ``binding_energy`` column itself (used for residuals B_exp - B_th);
predictions are always converted to binding energies (MeV).
"""

from pathlib import Path

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from nucmass.data.ame import binding_energy_mev
from nucmass.data.features import feature_columns
from nucmass.data.lowfidelity import low_fidelity_values
from nucmass.errors import NucmassError
from nucmass.models.base import read_config, save_config
from nucmass.models.mlp import FeedForward

__all__ = [
    "MFDNN",
    "TARGETS",
    "Linear",
    "MultiFidelityModel",
    "l2_penalty",
    "load",
    "raw_inputs",
    "relative_to_reference",
    "scale_inputs",
]

TARGETS = ("mass_excess", "binding_energy")
_NETS_FILE = "nets.eqx"


class Linear(eqx.Module):
    """NNh1: y = x @ weight + bias, weight of shape (d,), bias a scalar."""

    weight: jax.Array
    bias: jax.Array

    def __call__(self, x: jax.Array) -> jax.Array:
        """Outputs (m,) for inputs x of shape (m, d)."""
        return x @ self.weight + self.bias


class MFDNN(eqx.Module):
    """The two-branch network of paper 002 on standardized inputs (m, d) -> (m,)."""

    linear: Linear
    nonlinear: FeedForward

    @classmethod
    def init(cls, key: jax.Array, n_inputs: int, width: int = 40, depth: int = 4) -> "MFDNN":
        """Random initial network: NNh1 weights ~ N(0, 1/d), NNh2 tanh with C_W = 1, C_b = 0."""
        k_lin, k_net = jax.random.split(key)
        weight = jax.random.normal(k_lin, (n_inputs,), jnp.float32) / np.sqrt(n_inputs)
        linear = Linear(weight, jnp.zeros((), jnp.float32))
        nonlinear = FeedForward.init(k_net, n_inputs, width, depth, "tanh", c_w=1.0, c_b=0.0)
        return cls(linear, nonlinear)

    def components(self, x: jax.Array) -> dict:
        """The two branches ``{"linear": NNh1(x), "nonlinear": NNh2(x)}``, each (m,)."""
        return {"linear": self.linear(x), "nonlinear": self.nonlinear(x)}

    def __call__(self, x: jax.Array) -> jax.Array:
        return self.linear(x) + self.nonlinear(x)


def l2_penalty(net: MFDNN) -> jax.Array:
    """sum beta_i^2 over the weights of NNh2 only (paper 002's L2 term; no biases, no NNh1)."""
    return sum(jnp.sum(jnp.square(w)) for w in net.nonlinear.weights)


def relative_to_reference(values: np.ndarray, reference: bool) -> np.ndarray:
    """Low-fidelity columns (m, k): as they are, or minus the last column (the reference).

    With a reference table (``reference=True``, its column last), the inputs are the
    differences M_k - M_ref between theories (e.g. to the baseline of a residual model).
    """
    values = np.asarray(values, dtype=float)
    return values[:, :-1] - values[:, -1:] if reference else values


def raw_inputs(
    z, n, low_fidelity: np.ndarray, parity: bool = False, features: str = "none"
) -> np.ndarray:
    """Unscaled inputs (N, Z, M_1..M_k[, N mod 2, Z mod 2][, features]), float64 (m, d).

    The parities (``parity=True``) and a named feature set of
    ``nucmass.data.features.FEATURE_SETS`` (``features="shell"``: 9 shell-structure
    columns) are our optional additions, not paper 002's inputs.
    """
    nz = np.column_stack([np.asarray(n, dtype=float), np.asarray(z, dtype=float)])
    columns = [nz, np.asarray(low_fidelity, dtype=float).reshape(len(nz), -1)]
    if parity:
        columns.append(nz % 2)
    columns.append(feature_columns(z, n, features))
    return np.hstack(columns)


def scale_inputs(x: np.ndarray, scaling: dict) -> np.ndarray:
    """Standardized inputs (x - mean) / std per column, shape (m, d)."""
    return (x - np.asarray(scaling["input_mean"])) / np.asarray(scaling["input_std"])


class MultiFidelityModel:
    """A trained MFDNN ensemble (K >= 1 members) with its scaling: a ``MassModel``.

    Parameters
    ----------
    nets : MFDNN
        K members stacked on a leading axis of every array.
    low_fidelity : tuple of str
        Theory tables of the inputs M_1..M_k, in order.
    scaling : dict
        ``input_mean``, ``input_std`` (one float per input column), ``target_mean``,
        ``target_std`` (floats, MeV), ``target`` (one of ``TARGETS``), ``parity``
        (bool: parity inputs appended, see :func:`raw_inputs`), ``features`` (a feature-set
        name, default ``"none"``) and ``reference`` (a table name or None, see
        :func:`relative_to_reference`).
    data_dir : str, optional
        RIPL-4 directory for RIPL low-fidelity tables.
    info : dict, optional
        JSON-serialisable training metadata saved with the model.
    """

    kind = "mfdnn"

    def __init__(self, nets, low_fidelity, scaling, data_dir=None, info=None):
        if scaling["target"] not in TARGETS:
            raise NucmassError(f"unknown MFDNN target {scaling['target']!r}")
        self.nets, self.low_fidelity, self.scaling = nets, tuple(low_fidelity), dict(scaling)
        self.data_dir, self.info = data_dir, dict(info or {})

    @property
    def size(self) -> int:
        """Number of members K."""
        return int(self.nets.linear.bias.shape[0])

    def inputs(self, z, n) -> tuple[np.ndarray, np.ndarray]:
        """Standardized inputs (m, d) float32 and the mask (m,) of covered nuclei."""
        reference = self.scaling.get("reference")
        names = (*self.low_fidelity, *([reference] if reference else []))
        lowfi = low_fidelity_values(z, n, names, self.data_dir)
        values = relative_to_reference(np.nan_to_num(lowfi.values), reference is not None)
        parity, features = self.scaling.get("parity", False), self.scaling.get("features", "none")
        x = raw_inputs(z, n, values, parity, features)
        return scale_inputs(x, self.scaling).astype(np.float32), lowfi.complete

    def member_components(self, z, n) -> dict:
        """NNh1 and NNh2 per member in target units (MeV), each (K, m); NaN where uncovered.

        The target mean is added to the linear branch, so the two sum to the prediction.
        """
        x, covered = self.inputs(z, n)
        parts = eqx.filter_vmap(lambda net: net.components(jnp.asarray(x)))(self.nets)
        std, mean = self.scaling["target_std"], self.scaling["target_mean"]
        out = {"linear": np.asarray(parts["linear"], float) * std + mean}
        out["nonlinear"] = np.asarray(parts["nonlinear"], float) * std
        return {name: np.where(covered, value, np.nan) for name, value in out.items()}

    def predict_members(self, z, n) -> np.ndarray:
        """Binding energy (MeV) of every member, shape (K, m); NaN for nuclei a table lacks."""
        parts = self.member_components(z, n)
        value = parts["linear"] + parts["nonlinear"]
        if self.scaling["target"] == "binding_energy":
            return value
        return binding_energy_mev(z, n, 1e3 * value)

    def predict(self, z, n) -> np.ndarray:
        """Member-mean binding energy (MeV), shape (m,); NaN where a low-fidelity value lacks."""
        return self.predict_members(z, n).mean(axis=0)

    def config(self) -> dict:
        width = int(self.nets.nonlinear.weights[0].shape[-1])
        return {
            "kind": self.kind,
            "members": self.size,
            "low_fidelity": list(self.low_fidelity),
            "scaling": self.scaling,
            "data_dir": self.data_dir,
            "width": width,
            "depth": len(self.nets.nonlinear.weights) - 1,
            "info": self.info,
        }

    def save(self, directory: "str | Path") -> Path:
        """Write ``config.json`` and the stacked members (``nets.eqx``) into ``directory``."""
        directory = save_config(directory, self.config())
        eqx.tree_serialise_leaves(directory / _NETS_FILE, self.nets)
        return directory


def load(directory: "str | Path") -> MultiFidelityModel:
    """Load a model saved by :meth:`MultiFidelityModel.save`."""
    config = read_config(directory)
    n_inputs = len(config["scaling"]["input_mean"])
    keys = jax.random.split(jax.random.PRNGKey(0), config["members"])
    skeleton = eqx.filter_vmap(
        lambda key: MFDNN.init(key, n_inputs, config["width"], config["depth"])
    )(keys)
    nets = eqx.tree_deserialise_leaves(Path(directory) / _NETS_FILE, skeleton)
    return MultiFidelityModel(
        nets, config["low_fidelity"], config["scaling"], config["data_dir"], config["info"]
    )
