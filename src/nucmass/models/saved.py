"""Loading saved models of every family: the current format
(:mod:`nucmass.models.files`) and the older ones (:mod:`nucmass.models.legacy`).

The directory and its ``config.json`` are checked before JAX and equinox are imported
(they are imported on the first load), so a wrong path or a damaged ``config.json`` is
refused in a fraction of a second.
"""

from pathlib import Path

from nucmass.errors import NucmassError
from nucmass.models.layout import ARRAYS_FILE, FORMAT_VERSION, read_config
from nucmass.models.pretrained import resolve

__all__ = ["load_model", "read_config"]


def _load_current(directory: Path, saved: dict):
    import equinox as eqx

    from nucmass.models.base import config_from_dict
    from nucmass.models.ensemble import Ensemble, skeleton

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
        like = skeleton(config, size, n_inputs, saved.get("shapes"))
        members, scaling = eqx.tree_deserialise_leaves(path, like)
    except Exception as error:  # equinox/numpy raise many types for damaged files
        raise NucmassError(f"{path} is damaged or does not match config.json ({error})") from None
    return Ensemble(
        members, scaling, config, status, saved.get("baseline"), saved.get("data_dir"),
        saved.get("info") or {}, None, saved.get("calibration"),
    )  # fmt: skip


def load_model(directory: "str | Path"):
    """Load a saved model of any family and format from ``directory``, or a shipped
    model by name (``load_model("conn")``, see :mod:`nucmass.models.pretrained`).

    Returns
    -------
    nucmass.models.Ensemble
    """
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
