"""Atomic outputs: a file or a directory appears whole under its name, or not at all.

Everything is first written under a temporary name beside the target (same file system)
and renamed into place, so a crash leaves the old state or the new one, never a mix.
Every writer goes through :func:`check_writable`, which refuses targets inside the
installed ``nucmass`` package (its data files and shipped models are never overwritten).
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = [
    "atomic_directory",
    "atomic_path",
    "check_new_directory",
    "check_writable",
    "package_directory",
    "partial_directory",
    "resumable_directory",
    "write_text",
]


def package_directory() -> Path:
    """The directory of the installed ``nucmass`` package (resolved)."""
    return Path(__file__).resolve().parent


def check_writable(path: "str | Path") -> Path:
    """Return ``path`` if nucmass may write it; raise ``NucmassError`` otherwise.

    Refused: any path inside the installed package directory, and a path whose nearest
    existing ancestor is not a directory (``out/x`` where ``out`` is a file).
    """
    path = Path(path)
    resolved, package = path.resolve(), package_directory()
    if resolved == package or package in resolved.parents:
        raise NucmassError(
            f"refusing to write {path}: it is inside the installed nucmass package ({package});"
            " choose an output outside it"
        )
    ancestor = next((p for p in resolved.parents if p.exists()), None)
    if ancestor is not None and not ancestor.is_dir():
        raise NucmassError(f"cannot write {path}: {ancestor} is a file, not a directory")
    return path


@contextlib.contextmanager
def atomic_path(path: "str | Path") -> Iterator[Path]:
    """Yield a temporary file path beside ``path``; rename it to ``path`` on success."""
    path = check_writable(path)
    if path.is_dir():
        raise NucmassError(f"cannot write the file {path}: it is a directory")
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
    """Write ``text`` to ``path`` atomically (UTF-8); return the path."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(path)


def check_new_directory(path: "str | Path", overwrite: bool = False) -> Path:
    """Return ``path`` if :func:`atomic_directory` may create it; raise otherwise.

    Callers check before long work, so a run is not refused only at its end.
    """
    path = check_writable(path)
    if path.exists() and not path.is_dir():
        raise NucmassError(f"{path} exists and is not a directory")
    if path.exists() and not overwrite:
        raise NucmassError(
            f"{path} exists; choose another directory or replace it (--overwrite on the"
            " command line, overwrite=True in Python)"
        )
    return path


def _replace_directory(source: Path, path: Path) -> None:
    """Rename the directory ``source`` to ``path``, replacing an existing ``path`` whole."""
    if path.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
        os.replace(path, old / path.name)
        os.replace(source, path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(source, path)


@contextlib.contextmanager
def atomic_directory(path: "str | Path", overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary directory beside ``path``; it replaces ``path`` on success.

    An existing ``path`` is refused unless ``overwrite``, which replaces it whole (never
    a mix of old and new files). On an exception the temporary directory is removed and
    ``path`` is left as it was.
    """
    path = check_new_directory(path, overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        yield temporary
        _replace_directory(temporary, path)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def partial_directory(path: "str | Path", key: str = "") -> Path:
    """The work directory of :func:`resumable_directory` for ``path`` and ``key``."""
    path = Path(path)
    return path.parent / f".{path.name}{'.' + key if key else ''}.partial"


@contextlib.contextmanager
def resumable_directory(
    path: "str | Path", overwrite: bool = False, key: str = ""
) -> Iterator[Path]:
    """Like :func:`atomic_directory`, but the work directory survives a failure.

    The work happens in :func:`partial_directory` (``.NAME.KEY.partial`` beside
    ``path``), which replaces ``path`` on success and is kept on an exception or
    interruption, so a rerun with the same ``key`` yields the same directory with the
    finished work in it (the caller skips what is already there); a different ``key``
    (other settings) starts afresh. ``path`` itself is never touched before success.
    """
    path = check_new_directory(path, overwrite)
    work = partial_directory(path, key)
    work.mkdir(parents=True, exist_ok=True)
    yield work
    _replace_directory(work, path)
