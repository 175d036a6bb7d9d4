"""Atomic outputs: a file or a directory appears whole under its name, or not at all.

Everything is first written under a temporary name beside the target (same file system)
and renamed into place, so a crash leaves the old state or the new one, never a mix.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["atomic_directory", "atomic_path", "write_text"]


@contextlib.contextmanager
def atomic_path(path: "str | Path") -> Iterator[Path]:
    """Yield a temporary file path beside ``path``; rename it to ``path`` on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: "str | Path", text: str) -> Path:
    """Write ``text`` to ``path`` atomically; return the path."""
    with atomic_path(path) as temporary:
        temporary.write_text(text)
    return Path(path)


@contextlib.contextmanager
def atomic_directory(path: "str | Path", overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary directory beside ``path``; it replaces ``path`` on success.

    An existing ``path`` is refused unless ``overwrite``, which replaces it whole (never
    a mix of old and new files). On an exception the temporary directory is removed and
    ``path`` is left as it was.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise NucmassError(f"{path} exists; choose another directory or overwrite it")
    if path.exists() and not path.is_dir():
        raise NucmassError(f"{path} exists and is not a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        yield temporary
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
            os.replace(path, old / path.name)
            os.replace(temporary, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temporary, path)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
