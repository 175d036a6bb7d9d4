"""The on-disk format of a saved model (format 2), shared by every family.

A saved model is a directory with

- ``config.json``: ``{"format": FORMAT_VERSION, "family", "model" (the architecture's
  ``to_dict``), "members" (K), "inputs" (d), "status", "baseline", "data_dir", "info",
  "calibration", and for closed-form families "shapes" (of the stacked member arrays)}``
  (calibration None for an uncalibrated model);
- ``ensemble.eqx``: equinox serialisation of the members and the scaling;
- ``losses.npz`` (optional): the training loss curves (K, epochs).

Writing is here (:func:`write_ensemble`, :func:`save_ensemble`: atomic); reading, of this
format and of the older ones, is :func:`nucmass.models.saved.load_model`.
"""

import json
from pathlib import Path

import equinox as eqx
import jax
import numpy as np

from nucmass.atomic import atomic_directory
from nucmass.models.layout import ARRAYS_FILE, FORMAT_VERSION

__all__ = ["save_ensemble", "write_ensemble"]


def _record(ensemble) -> dict:
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
        "calibration": ensemble.calibration,
        **_shapes(ensemble),
    }


def _shapes(ensemble) -> dict:
    """``{"shapes": [...]}``: the member arrays' shapes, for closed-form families whose
    arrays are sized by the training data (kernel members); empty for the others."""
    if not ensemble.config.closed_form:
        return {}
    leaves = jax.tree.leaves(eqx.filter(ensemble.members, eqx.is_array))
    return {"shapes": [list(np.shape(leaf)) for leaf in leaves]}


def write_ensemble(ensemble, directory: Path) -> None:
    """Write the files of ``ensemble`` into the existing directory ``directory``."""
    text = json.dumps(_record(ensemble), indent=2, sort_keys=True, default=_jsonable) + "\n"
    eqx.tree_serialise_leaves(directory / ARRAYS_FILE, (ensemble.members, ensemble.scaling))
    if ensemble.history is not None:
        np.savez(directory / "losses.npz", losses=ensemble.history.losses)
    (directory / "config.json").write_text(text)


def save_ensemble(ensemble, directory, overwrite: bool = False) -> Path:
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
