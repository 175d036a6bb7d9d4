"""Feed-forward networks of binding energies (paper 000): the ``fnn`` family.

Inputs (paper 000 Sec. IV): N and Z min-max scaled to [0, 1] (Eq. 40; the ranges of
every nucleus of the data ``fit`` is given, inputs only, never targets) and, with
``inputs=4``, the unscaled parities N_0 = N mod 2 and Z_0 = Z mod 2. The network
(:class:`nucmass.models.mlp.FeedForward`) outputs B in MeV (paper 000) or, with
``target_scaling="standard"``, (B - mean) / std of the training targets.
"""

from dataclasses import dataclass

import numpy as np

from nucmass.data.features import parity
from nucmass.errors import NucmassError
from nucmass.models.base import ModelConfig
from nucmass.models.mlp import ACTIVATIONS, FeedForward

__all__ = ["CONFIG", "TARGET_SCALINGS", "FNNConfig"]

TARGET_SCALINGS = ("none", "standard")


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
        2 (scaled N, Z) or 4 (plus the parities N_0, Z_0).
    target_scaling : str
        ``none`` (the network outputs B in MeV, paper 000) or ``standard``.
    c_b, c_w : float or None
        Initialization variances (Eqs. 4-5); None takes them from the training regime
        (critical or not) or, for Adam, from the activation's critical point.
    """

    family = "fnn"
    width: int = 100
    depth: int = 4
    activation: str = "relu"
    inputs: int = 2
    target_scaling: str = "none"
    c_b: "float | None" = None
    c_w: "float | None" = None

    def __post_init__(self):
        if self.activation not in ACTIVATIONS:
            raise NucmassError(
                f"unknown activation {self.activation!r}; choose from {', '.join(ACTIVATIONS)}"
            )
        if self.inputs not in (2, 4):
            raise NucmassError(f"inputs must be 2 or 4, not {self.inputs}")
        if self.width < 1 or self.depth < 1:
            raise NucmassError("width and depth must be >= 1")
        if self.target_scaling not in TARGET_SCALINGS:
            raise NucmassError(f"target_scaling must be one of {', '.join(TARGET_SCALINGS)}")

    def raw_inputs(self, z, n, data_dir=None) -> tuple[np.ndarray, np.ndarray]:
        """(N, Z[, N_0, Z_0]) as float64, shape (m, inputs); every nucleus is covered."""
        columns = [np.asarray(n, dtype=float), np.asarray(z, dtype=float)]
        if self.inputs == 4:
            columns += [parity(n), parity(z)]
        x = np.column_stack(columns)
        return x, np.ones(len(x), dtype=bool)

    def fit_input_scaling(self, x_train, x_all) -> tuple[np.ndarray, np.ndarray]:
        """Min-max of N and Z over all rows (Eq. 40); parities unscaled."""
        low, high = x_all[:, :2].min(axis=0), x_all[:, :2].max(axis=0)
        shift = np.concatenate([low, np.zeros(self.inputs - 2)])
        scale = np.concatenate([np.where(high > low, high - low, 1.0), np.ones(self.inputs - 2)])
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
        return FeedForward.init(key, n_inputs, self.width, self.depth, self.activation, c_w, c_b)


CONFIG = FNNConfig
