"""Ensembles of feed-forward networks as a mass model (kind ``"fnn"``).

Saved as a directory with ``config.json`` (kind, architecture, input scaler, training
config, member seeds, failed mask) and ``members.eqx`` (equinox serialisation of the
stacked parameters, leading axis = member). Failed (diverged) members are kept in the
file but excluded from ``predict``.
"""

from dataclasses import dataclass, field
from pathlib import Path

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from nucmass.data.features import MinMaxScaler, fnn_inputs
from nucmass.errors import NucmassError
from nucmass.models.base import read_config, save_config
from nucmass.models.mlp import FeedForward

__all__ = ["FNNEnsemble", "load"]

KIND = "fnn"


@dataclass
class FNNEnsemble:
    """K feed-forward networks predicting binding energies B(Z, N) in MeV.

    Attributes
    ----------
    networks : FeedForward
        Stacked members (leading axis K on every array).
    scaler : MinMaxScaler
        Min-max scaling of the (N, Z) inputs (paper 000 Eq. 40).
    inputs : int
        2 (scaled N, Z) or 4 (plus unscaled parities).
    failed : (K,) bool array
        Members that diverged in training; excluded from ``predict``.
    info : dict
        JSON-serialisable extras saved with the model (training config, seeds, ...).
    target : (float, float)
        (shift, scale) in MeV: B = shift + scale * network output (training's
        ``target_scaling``; (0, 1) when the networks output MeV directly).
    """

    networks: FeedForward
    scaler: MinMaxScaler
    inputs: int
    failed: np.ndarray
    info: dict = field(default_factory=dict)
    target: tuple = (0.0, 1.0)
    kind: str = KIND

    @classmethod
    def from_result(cls, result, info: "dict | None" = None) -> "FNNEnsemble":
        """The trained ensemble of a ``nucmass.train.EnsembleResult``."""
        networks, config = result.final, result.config
        return cls(networks, result.scaler, config.inputs, result.failed, info or {}, result.target)

    @property
    def size(self) -> int:
        """Number of members K."""
        return int(self.networks.biases[0].shape[0])

    def predict_members(self, z, n) -> np.ndarray:
        """Binding energies (MeV) of the members that did not fail, shape (K_ok, m)."""
        ok = ~np.asarray(self.failed, dtype=bool)
        if not ok.any():
            raise NucmassError("every member of this ensemble failed in training")
        x = jnp.asarray(fnn_inputs(z, n, self.scaler, parities=self.inputs == 4), jnp.float32)
        outputs = np.asarray(eqx.filter_vmap(lambda net: net(x))(self.networks), dtype=float)
        shift, scale = self.target
        return (shift + scale * outputs)[ok]

    def predict(self, z, n) -> np.ndarray:
        """Mean over the members that did not fail, shape (m,), MeV."""
        return self.predict_members(z, n).mean(axis=0)

    def save(self, directory: "str | Path") -> Path:
        """Write ``config.json`` and ``members.eqx`` into ``directory``."""
        directory = save_config(
            directory,
            {
                "kind": KIND,
                "members": self.size,
                "width": self.networks.width,
                "depth": self.networks.depth,
                "activation": self.networks.activation,
                "inputs": self.inputs,
                "scaler": self.scaler.to_dict(),
                "failed": [bool(f) for f in self.failed],
                "target": [float(v) for v in self.target],
                **self.info,
            },
        )
        eqx.tree_serialise_leaves(directory / "members.eqx", self.networks)
        return directory


def load(directory: "str | Path") -> FNNEnsemble:
    """Load an ensemble saved by ``FNNEnsemble.save``."""
    config = read_config(directory)
    try:
        size, inputs = int(config["members"]), int(config["inputs"])
        template = eqx.filter_vmap(
            lambda key: FeedForward.init(
                key, inputs, int(config["width"]), int(config["depth"]), config["activation"]
            )
        )(jax.random.split(jax.random.PRNGKey(0), size))
        scaler = MinMaxScaler.from_dict(config["scaler"])
        failed = np.asarray(config["failed"], dtype=bool)
        target = tuple(float(v) for v in config.get("target", (0.0, 1.0)))
    except (KeyError, TypeError, ValueError) as error:
        raise NucmassError(f"{directory}: incomplete fnn config ({error})") from None
    networks = eqx.tree_deserialise_leaves(Path(directory) / "members.eqx", template)
    known = {"kind", "members", "width", "depth", "activation", "inputs", "scaler", "failed"}
    info = {k: v for k, v in config.items() if k not in {*known, "target"}}
    return FNNEnsemble(networks, scaler, inputs, failed, info, target)
