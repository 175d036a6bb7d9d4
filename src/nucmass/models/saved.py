"""Saved models: one on-disk format for every family, and loading of older formats.

A saved model is a directory with

- ``config.json``: ``{"format": FORMAT_VERSION, "family", "model" (the architecture's
  ``to_dict``), "members" (K), "inputs" (d), "status", "baseline", "data_dir", "info"}``;
- ``ensemble.eqx``: equinox serialisation of the members and the scaling;
- ``losses.npz`` (optional): the training loss curves (K, epochs).

Directories written by earlier versions (``config.json`` with a ``"kind"``: fnn, conn,
mfdnn, residual, ldm) load through :mod:`nucmass.models.legacy`.
"""

import json
from pathlib import Path

import equinox as eqx
import jax
import numpy as np

from nucmass.atomic import atomic_directory
from nucmass.errors import NucmassError
from nucmass.models.base import config_from_dict
from nucmass.models.ensemble import Ensemble, Scaling, map_arrays
from nucmass.models.pretrained import resolve

__all__ = [
    "FORMAT_VERSION",
    "load_model",
    "read_config",
    "save_ensemble",
    "skeleton",
    "write_ensemble",
]

FORMAT_VERSION = 2
ARRAYS_FILE = "ensemble.eqx"


def read_config(directory: "str | Path") -> dict:
    """The ``config.json`` of a saved model directory."""
    path = Path(directory) / "config.json"
    if not path.is_file():
        raise NucmassError(f"{directory} is not a saved model (no config.json)")
    try:
        config = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise NucmassError(f"{path} is not valid JSON ({error})") from None
    if not isinstance(config, dict):
        raise NucmassError(f"{path} does not hold a model configuration")
    return config


def _record(ensemble: Ensemble) -> dict:
    return {
        "format": FORMAT_VERSION,
        "family": ensemble.family,
        "model": ensemble.config.to_dict(),
        "members": ensemble.size,
        "inputs": int(np.shape(ensemble.scaling.input_shift)[0]),
        "status": list(ensemble.status),
        "baseline": ensemble.baseline,
        "data_dir": ensemble.data_dir,
        "info": ensemble.info,
    }


def write_ensemble(ensemble: Ensemble, directory: Path) -> None:
    """Write the files of ``ensemble`` into the existing directory ``directory``."""
    text = json.dumps(_record(ensemble), indent=2, sort_keys=True, default=_jsonable) + "\n"
    eqx.tree_serialise_leaves(directory / ARRAYS_FILE, (ensemble.members, ensemble.scaling))
    if ensemble.history is not None:
        np.savez(directory / "losses.npz", losses=ensemble.history.losses)
    (directory / "config.json").write_text(text)


def save_ensemble(ensemble: Ensemble, directory, overwrite: bool = False) -> Path:
    """Write ``ensemble`` into ``directory`` (atomically: whole or not at all).

    An existing directory is refused unless ``overwrite``, which replaces it whole.
    """
    with atomic_directory(directory, overwrite) as temporary:
        write_ensemble(ensemble, temporary)
    return Path(directory)


def _jsonable(value):
    if isinstance(value, np.generic | np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def skeleton(config, size: int, n_inputs: int):
    """(members, scaling) of the right shapes and dtypes to deserialise into."""
    member = config.init(jax.random.PRNGKey(0), n_inputs, (0.0, 1.0))
    members = map_arrays(lambda leaf: np.zeros((size, *leaf.shape), leaf.dtype), member)
    scaling = Scaling.of(np.zeros(n_inputs), np.ones(n_inputs))
    return members, scaling


def _load_current(directory: Path, saved: dict) -> Ensemble:
    try:
        config = config_from_dict(saved["family"], saved["model"])
        size, n_inputs = int(saved["members"]), int(saved["inputs"])
        status = tuple(saved["status"])
    except (KeyError, TypeError, ValueError) as error:
        raise NucmassError(f"{directory}/config.json is incomplete ({error})") from None
    path = directory / ARRAYS_FILE
    if not path.is_file():
        raise NucmassError(f"{directory} has no {ARRAYS_FILE}")
    try:
        members, scaling = eqx.tree_deserialise_leaves(path, skeleton(config, size, n_inputs))
    except Exception as error:  # equinox/numpy raise many types for damaged files
        raise NucmassError(f"{path} is damaged or does not match config.json ({error})") from None
    return Ensemble(
        members, scaling, config, status, saved.get("baseline"), saved.get("data_dir"),
        saved.get("info") or {},
    )  # fmt: skip


def load_model(directory: "str | Path") -> Ensemble:
    """Load a saved model of any family and format from ``directory``, or a shipped
    model by name (``load_model("conn")``, see :mod:`nucmass.models.pretrained`)."""
    directory = resolve(directory)
    saved = read_config(directory)
    if "format" not in saved:
        from nucmass.models.legacy import load_legacy

        return load_legacy(directory, saved)
    if saved["format"] != FORMAT_VERSION:
        raise NucmassError(
            f"{directory} has model format {saved['format']!r}; this nucmass reads "
            f"format {FORMAT_VERSION} and the older kinds"
        )
    return _load_current(directory, saved)
