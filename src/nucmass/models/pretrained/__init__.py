"""Trained reference models shipped inside the package, addressable by name.

Each named model is a saved-model directory (``config.json`` + arrays) next to this file;
``README.md`` here records how each was trained and the one command that rebuilds it.
``nucmass predict --model conn`` resolves the name with :func:`resolve`.
"""

from importlib import resources
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["available", "resolve"]


def _root() -> Path:
    return Path(str(resources.files(__name__)))


def available() -> list[str]:
    """Names of the shipped models (sub-directories holding a ``config.json``)."""
    return sorted(p.name for p in _root().iterdir() if (p / "config.json").is_file())


def resolve(name_or_dir: "str | Path") -> Path:
    """The directory of a saved model: an existing model directory, or a shipped name.

    Raises :class:`NucmassError` when ``name_or_dir`` is neither.
    """
    path = Path(name_or_dir)
    if (path / "config.json").is_file():
        return path
    if str(name_or_dir) in available():
        return _root() / str(name_or_dir)
    names = ", ".join(available()) or "none"
    raise NucmassError(
        f"{name_or_dir} is not a saved model (no config.json) nor a shipped model ({names})"
    )
