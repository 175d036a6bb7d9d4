"""The names and the ``config.json`` of a saved model directory (format in
:mod:`nucmass.models.files`).

Imports nothing heavy: the command line reads and checks a model's ``config.json``
(missing, not JSON, not a model) before JAX and equinox are loaded.
"""

import json
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["ARRAYS_FILE", "FORMAT_VERSION", "read_config"]

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
