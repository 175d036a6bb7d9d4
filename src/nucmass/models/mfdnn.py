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

Inputs of NNh2 (``MFDNNConfig.nonlinear_theory``): in paper 002 NNh2 sees every input,
the theory values M_k included (``nonlinear_theory=True``, preset ``mfdnn-paper``). Our
default gives M_k to NNh1 only and NNh2 the other columns (N, Z, and the parities and a
feature set when chosen): off the data, the mass excesses change by several MeV per
neutron, NNh2 meets combinations of M_k it never saw and its output there is
unconstrained (the 2016 -> 2020 extrapolation of docs/results/paper002-mfdnn.md); without
them NNh2 is a smooth correction over the (N, Z) plane on top of NNh1's fitted mixture of
theories.

Scaling (our documented choice; the paper gives none): every input column is
standardized, (v - mean) / std, with the means and standard deviations of the training
nuclei; the target t becomes (t - mean) / s with s the RMS residual of the least-squares
linear fit of t on the inputs (:meth:`MFDNNConfig.fit_target_scaling`). The target is the
experimental mass excess (``target="mass_excess"``, the paper's) or the binding energy
(used for residuals B_exp - B_th); predictions are always binding energies (MeV).
"""

from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from nucmass.data.features import FEATURE_SETS, feature_columns
from nucmass.data.lowfidelity import low_fidelity_values
from nucmass.errors import NucmassError
from nucmass.models.base import TARGETS, ModelConfig
from nucmass.models.mlp import FeedForward

__all__ = [
    "CONFIG",
    "LINEAR_INITS",
    "MFDNN",
    "Linear",
    "MFDNNConfig",
    "l2_penalty",
    "linear_least_squares",
    "raw_inputs",
    "relative_to_reference",
]

LINEAR_INITS = ("lstsq", "random")


class Linear(eqx.Module):
    """NNh1: y = x @ weight + bias, weight of shape (d,), bias a scalar."""

    weight: jax.Array
    bias: jax.Array

    def __call__(self, x: jax.Array) -> jax.Array:
        """Outputs (m,) for inputs x of shape (m, d)."""
        return x @ self.weight + self.bias


class MFDNN(eqx.Module):
    """The two-branch network of paper 002 on standardized inputs (m, d) -> (m,).

    ``nonlinear_columns``: the input columns NNh2 sees (None: all d, paper 002); NNh1
    always sees all d.
    """

    linear: Linear
    nonlinear: FeedForward
    nonlinear_columns: "tuple | None" = eqx.field(static=True, default=None)

    @classmethod
    def init(cls, key: jax.Array, n_inputs: int, width: int = 40, depth: int = 4,
             nonlinear_columns: "tuple | None" = None) -> "MFDNN":  # fmt: skip
        """Random initial network: NNh1 weights ~ N(0, 1/d), NNh2 tanh with C_W = 1, C_b = 0."""
        k_lin, k_net = jax.random.split(key)
        weight = jax.random.normal(k_lin, (n_inputs,), jnp.float32) / np.sqrt(n_inputs)
        linear = Linear(weight, jnp.zeros((), jnp.float32))
        n_nonlinear = n_inputs if nonlinear_columns is None else len(nonlinear_columns)
        nonlinear = FeedForward.init(k_net, n_nonlinear, width, depth, "tanh", c_w=1.0, c_b=0.0)
        return cls(linear, nonlinear, nonlinear_columns)

    def components(self, x: jax.Array) -> dict:
        """The two branches ``{"linear": NNh1(x), "nonlinear": NNh2(x)}``, each (m,)."""
        columns = self.nonlinear_columns
        inner = x if columns is None else x[:, np.asarray(columns, dtype=int)]
        return {"linear": self.linear(x), "nonlinear": self.nonlinear(inner)}

    def __call__(self, x: jax.Array) -> jax.Array:
        parts = self.components(x)
        return parts["linear"] + parts["nonlinear"]


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


def linear_least_squares(x, y) -> Linear:
    """NNh1 at the least-squares solution of y ~ x @ w + b (x: (m, d), y: (m,))."""
    design = np.column_stack([np.asarray(x, float), np.ones(np.shape(x)[0])])
    solution, *_ = np.linalg.lstsq(design, np.asarray(y, float), rcond=None)
    return Linear(jnp.asarray(solution[:-1], jnp.float32), jnp.asarray(solution[-1], jnp.float32))


@dataclass(frozen=True)
class MFDNNConfig(ModelConfig):
    """The multi-fidelity network of paper 002 (the ``mfdnn`` family).

    Attributes
    ----------
    low_fidelity : tuple of str
        Theory tables M_1..M_k of the inputs (paper 002: HFB14, FRDM95).
    width, depth : int
        NNh2: hidden units per layer and number of hidden layers (paper: 40, 4).
    l2 : float
        lambda of the L2 term on NNh2's weights (loss in standardized units).
    target : str
        ``mass_excess`` (paper) or ``binding_energy`` (required on a baseline).
    linear_init : str
        ``lstsq``: NNh1 starts at the least-squares linear fit of the training data (our
        default: training then only refines it); ``random``: N(0, 1/d) weights.
    parity : bool
        Append the parities N mod 2, Z mod 2 to the inputs (not in paper 002).
    reference : str or None
        Give the low-fidelity inputs as differences M_k - M_reference (not in paper 002).
    features : str
        Extra inputs: a feature set of ``nucmass.data.features.FEATURE_SETS`` (``"none"``,
        paper 002 and our default; ``"shell"``: magic-number distances, valence counts, ...).
    nonlinear_theory : bool
        NNh2 also sees the theory values M_1..M_k (paper 002). False (our default): they
        enter NNh1 only, NNh2 sees N, Z, the parities and the feature set.

    The defaults are our best configuration (lambda, features and ``nonlinear_theory``
    chosen on chain-end carves of the training parts, experiment ``mfdnn_extrapolation``);
    paper 002's own is the preset ``mfdnn-paper`` (``nucmass.presets``). Configurations
    saved before ``nonlinear_theory`` existed load with its paper value (:meth:`from_dict`).
    """

    family = "mfdnn"
    low_fidelity: tuple = ("HFB14", "FRDM95")
    width: int = 40
    depth: int = 4
    l2: float = 1e-3
    target: str = "mass_excess"
    linear_init: str = "lstsq"
    parity: bool = False
    reference: "str | None" = None
    features: str = "none"
    nonlinear_theory: bool = False

    def __post_init__(self):
        if self.target not in TARGETS:
            raise NucmassError(f"target must be one of {', '.join(TARGETS)}, not {self.target!r}")
        if self.linear_init not in LINEAR_INITS:
            raise NucmassError(f"linear_init must be one of {', '.join(LINEAR_INITS)}")
        if self.features not in FEATURE_SETS:
            raise NucmassError(f"features must be one of {', '.join(FEATURE_SETS)}")
        if self.l2 < 0 or self.width < 1 or self.depth < 1:
            raise NucmassError("an MFDNN needs l2 >= 0, width >= 1 and depth >= 1")
        if isinstance(self.low_fidelity, str):
            names = tuple(k.strip() for k in self.low_fidelity.split(",") if k.strip())
            object.__setattr__(self, "low_fidelity", names)
        object.__setattr__(self, "low_fidelity", tuple(self.low_fidelity))

    @classmethod
    def from_dict(cls, data: dict) -> "MFDNNConfig":
        """The configuration of ``data``; without ``nonlinear_theory`` (saved before it
        existed) NNh2 sees the theory values, as it then did."""
        return super().from_dict({"nonlinear_theory": True, **data})

    @property
    def input_tables(self) -> tuple:
        """Tables looked up for the inputs: the low-fidelity ones, then the reference."""
        return (*self.low_fidelity, *([self.reference] if self.reference else []))

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """(N, Z, M_1..M_k, ...) (m, d) and the mask of nuclei every table covers."""
        lowfi = low_fidelity_values(z, n, self.input_tables, data_dir)
        values = relative_to_reference(np.nan_to_num(lowfi.values), self.reference is not None)
        return raw_inputs(z, n, values, self.parity, self.features), lowfi.complete

    def fit_input_scaling(self, x_train, x_all) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard deviation of every input column over the training nuclei."""
        std = x_train.std(axis=0)
        return x_train.mean(axis=0), np.where(std > 0, std, 1.0)

    def fit_target_scaling(self, x_scaled, y) -> tuple[float, float]:
        """(mean, s): s is the RMS residual of the least-squares linear fit of y on the
        inputs (what NNh1 can reach), so that the part left to NNh2 is of order 1 and
        lambda does not depend on the target's range."""
        design = np.column_stack([x_scaled, np.ones(len(x_scaled))])
        centred = y - y.mean()
        solution, *_ = np.linalg.lstsq(design, centred, rcond=None)
        spread = float(np.sqrt(np.mean((design @ solution - centred) ** 2)))
        return float(y.mean()), float(max(spread, 1e-6 * y.std(), 1e-12))

    def nonlinear_columns(self, n_inputs: int) -> "tuple | None":
        """NNh2's columns of the inputs (N, Z, M_1..M_k, ...): None (all) with
        ``nonlinear_theory``, else every column but the k theory values."""
        if self.nonlinear_theory:
            return None
        k = len(self.low_fidelity)
        return (0, 1, *range(2 + k, n_inputs))

    def init(self, key, n_inputs: int, variances=None) -> MFDNN:
        columns = self.nonlinear_columns(n_inputs)
        return MFDNN.init(key, n_inputs, self.width, self.depth, columns)

    def prepare(self, member: MFDNN, x, y) -> MFDNN:
        if self.linear_init == "random":
            return member
        return eqx.tree_at(lambda m: m.linear, member, linear_least_squares(x, y))

    @property
    def component_names(self) -> tuple[str, ...]:
        return ("linear", "nonlinear")

    def components(self, member: MFDNN, x) -> dict:
        return member.components(x)

    def penalty(self, member: MFDNN) -> jnp.ndarray:
        return self.l2 * l2_penalty(member)


CONFIG = MFDNNConfig
