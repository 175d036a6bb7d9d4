"""The protocol every mass model follows, and loading saved models by kind.

A saved model is a directory holding ``config.json`` (with at least ``"kind"``) and
whatever arrays the kind needs (equinox serialisation ``*.eqx``, ``.npz``). The module that
implements a kind provides ``load(directory) -> MassModel``; ``KIND_MODULES`` maps kinds to
modules so that loading imports only what it needs.
"""

import importlib
import json
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from nucmass.errors import NucmassError

__all__ = ["KIND_MODULES", "MassModel", "load_model", "read_config", "save_config"]

# kind -> module with a ``load(directory)`` function. New model families add a line here.
KIND_MODULES = {
    "conn": "nucmass.models.conn",
    "fnn": "nucmass.models.ensemble",
    "ldm": "nucmass.models.ldm",
    "mfdnn": "nucmass.models.mfdnn",
    "residual": "nucmass.models.residual",
}


@runtime_checkable
class MassModel(Protocol):
    """A model of nuclear binding energies.

    ``predict`` returns the binding energy B(Z, N) in MeV (positive), shape (m,), for
    integer arrays ``z`` and ``n`` of shape (m,). Ensembles also provide
    ``predict_members(z, n)`` with shape (K, m) and ``predict`` is the member mean.
    """

    kind: str

    def predict(self, z: np.ndarray, n: np.ndarray) -> np.ndarray: ...

    def save(self, directory: "str | Path") -> Path: ...


def save_config(directory: "str | Path", config: dict) -> Path:
    """Write ``config.json`` (must contain ``"kind"``) into ``directory``; return the dir."""
    if "kind" not in config:
        raise NucmassError("a model config needs a 'kind' entry")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    return directory


def read_config(directory: "str | Path") -> dict:
    """The ``config.json`` of a saved model directory."""
    path = Path(directory) / "config.json"
    if not path.is_file():
        raise NucmassError(f"{directory} is not a saved model (no config.json)")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise NucmassError(f"{path} is not valid JSON: {error.msg}") from None


def load_model(directory: "str | Path") -> MassModel:
    """Load a saved model of any kind from ``directory``."""
    kind = read_config(directory).get("kind")
    if kind not in KIND_MODULES:
        raise NucmassError(f"{directory}: unknown model kind {kind!r}")
    return importlib.import_module(KIND_MODULES[kind]).load(directory)
