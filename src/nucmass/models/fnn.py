"""Feed-forward networks of binding energies (paper 000): the ``fnn`` family.

Inputs, nested as in Zeng et al.'s ANN2, ANN4, ANN6 and ANN7 (paper 000's Ref. [6]; the
first four are paper 000's two- and four-input networks, Sec. IV), ``INPUT_COLUMNS``:

- 2: N and Z, min-max scaled to [0, 1] (Eq. 40; the ranges of every nucleus of the data
  ``fit`` is given, inputs only, never targets);
- 4: plus the unscaled parities N_0 = N mod 2 and Z_0 = Z mod 2 (Zeng's N_EO, Z_EO);
- 6: plus the distances N_m, Z_m to the nearest magic number 8, 20, 28, 50, 82, 126, 184;
- 7: plus the WS4 isospin-asymmetry energy a_sym I^2 A
  (:func:`nucmass.data.features.ws4_asymmetry_energy`).

Every column but the parities is min-max scaled over all rows (for N_m, Z_m and the
asymmetry energy our choice: Zeng et al. do not state their scaling). The network
(:class:`nucmass.models.mlp.FeedForward`) outputs B in MeV (paper 000) or, with
``target="binding_per_nucleon"``, B/A in MeV (predictions are A times the output); with
``target_scaling="standard"`` it outputs (t - mean) / std of the training targets t. Hidden layers
are ``depth`` layers of ``width`` units, or ``widths`` (one entry per hidden layer, e.g.
Zeng's (32, 16)).
"""

from dataclasses import dataclass

import numpy as np

from nucmass.data.features import parity, ws4_asymmetry_energy, zeng_magic_distance
from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig
from nucmass.models.mlp import ACTIVATIONS, FeedForward

__all__ = ["CONFIG", "FNN_TARGETS", "INPUT_COLUMNS", "TARGET_SCALINGS", "FNNConfig"]

FNN_TARGETS = ("binding_energy", "binding_per_nucleon")
TARGET_SCALINGS = ("none", "standard")
# inputs -> column names, in order (Zeng et al.'s ANN2, ANN4, ANN6, ANN7)
INPUT_COLUMNS = {
    2: ("N", "Z"),
    4: ("N", "Z", "N_0", "Z_0"),
    6: ("N", "Z", "N_0", "Z_0", "N_m", "Z_m"),
    7: ("N", "Z", "N_0", "Z_0", "N_m", "Z_m", "asymmetry"),
}
_UNSCALED = ("N_0", "Z_0")


def _columns(z, n) -> dict:
    """Every raw input column of ``INPUT_COLUMNS[7]`` as float (m,) arrays."""
    return {
        "N": np.asarray(n, dtype=float), "Z": np.asarray(z, dtype=float),
        "N_0": parity(n), "Z_0": parity(z),
        "N_m": zeng_magic_distance(n), "Z_m": zeng_magic_distance(z),
        "asymmetry": ws4_asymmetry_energy(z, n),
    }  # fmt: skip


@dataclass(frozen=True)
class FNNConfig(ModelConfig):
    """A feed-forward network of paper 000.

    Attributes
    ----------
    width, depth : int
        Hidden units per layer n and number of hidden layers L (l_out = L + 1).
    activation : str
        relu, tanh, gelu or softplus.
    inputs : int
        2, 4, 6 or 7: the input columns ``INPUT_COLUMNS[inputs]``.
    target : str
        ``binding_energy`` (B, MeV; paper 000 as we read it) or ``binding_per_nucleon``
        (B/A, MeV), the quantity the network learns.
    target_scaling : str
        ``none`` (the network outputs the target in MeV) or ``standard``.
    c_b, c_w : float or None
        Initialization variances (Eqs. 4-5); None takes them from the training regime
        (critical or not) or, for Adam, from the activation's critical point.
    widths : tuple of int or None
        Units of each hidden layer when they differ (Zeng et al.: (32, 16)); then
        ``width`` and ``depth`` are set to its first entry and its length.
    """

    family = "fnn"
    width: int = 100
    depth: int = 4
    activation: str = "relu"
    inputs: int = 2
    target: str = "binding_energy"
    target_scaling: str = "none"
    c_b: "float | None" = None
    c_w: "float | None" = None
    widths: "tuple[int, ...] | None" = None

    def __post_init__(self):
        if self.widths is not None:
            widths = tuple(int(w) for w in self.widths)
            if not widths or min(widths) < 1:
                raise NucmassError(f"widths must be hidden-layer sizes >= 1, not {self.widths}")
            for name, value in (("widths", widths), ("width", widths[0]), ("depth", len(widths))):
                object.__setattr__(self, name, value)
        if self.activation not in ACTIVATIONS:
            raise NucmassError(
                f"unknown activation {self.activation!r}; choose from {', '.join(ACTIVATIONS)}"
            )
        if self.inputs not in INPUT_COLUMNS:
            raise NucmassError(f"inputs must be one of 2, 4, 6, 7, not {self.inputs}")
        if self.width < 1 or self.depth < 1:
            raise NucmassError("width and depth must be >= 1")
        if self.target not in FNN_TARGETS:
            raise NucmassError(f"target must be one of {', '.join(FNN_TARGETS)}")
        if self.target_scaling not in TARGET_SCALINGS:
            raise NucmassError(f"target_scaling must be one of {', '.join(TARGET_SCALINGS)}")

    @property
    def sizes(self) -> list[int]:
        """Unit counts [n_0, n_1, ..., n_L, 1] of the layers."""
        hidden = list(self.widths) if self.widths else [self.width] * self.depth
        return [self.inputs, *hidden, 1]

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """``INPUT_COLUMNS[inputs]`` as float64, shape (m, inputs); every nucleus is covered."""
        columns = _columns(z, n)
        x = np.column_stack([columns[name] for name in INPUT_COLUMNS[self.inputs]])
        return x, np.ones(len(x), dtype=bool)

    def fit_input_scaling(self, x_train, x_all) -> tuple[np.ndarray, np.ndarray]:
        """Min-max over all rows (Eq. 40) of every column but the parities (unscaled)."""
        low, high = x_all.min(axis=0), x_all.max(axis=0)
        scaled = np.array([name not in _UNSCALED for name in INPUT_COLUMNS[self.inputs]])
        shift = np.where(scaled, low, 0.0)
        scale = np.where(scaled & (high > low), high - low, 1.0)
        return shift, scale

    def fit_target_scaling(self, x_scaled, y) -> tuple[float, float]:
        """(mean, std) of the training targets for ``standard``, else (0, 1)."""
        if self.target_scaling == "standard":
            return float(np.mean(y)), float(np.std(y))
        return 0.0, 1.0

    def init(self, key, n_inputs: int, variances=None) -> FeedForward:
        """A network drawn from Eqs. 4-5 with (C_b, C_W) = ``variances`` (the training's)."""
        if variances is None:
            raise NucmassError("a feed-forward network needs initialization variances (C_b, C_W)")
        c_b, c_w = variances
        sizes = [n_inputs, *self.sizes[1:]]
        return FeedForward.from_sizes(key, sizes, self.activation, c_w, c_b)


CONFIG = FNNConfig
