"""Argument types that check values while the command line is parsed, before any work.

Each factory returns an ``argparse`` type: a bad value becomes one line
``nucmass: error: argument --width: must be >= 1 and <= 100000, not 0`` and exit 2, in
a fraction of a second (nothing heavy is imported here). Bounds come from
:mod:`nucmass.limits`; output paths are checked with :func:`nucmass.atomic.check_writable`.
"""

import argparse
import math
from pathlib import Path

from nucmass.atomic import check_writable
from nucmass.errors import NucmassError
from nucmass.limits import (
    MAX_SEED,
    MAX_WORKERS,
    WORKER_BYTES,
    check_memory,
    integer_problem,
    number_problem,
)

__all__ = ["TABLE_SUFFIXES", "integer", "number", "out_directory", "out_file", "seed", "workers"]


def integer(low: int = 0, high: "int | None" = None):
    """An int in [low, high]."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer, not {text!r}") from None
        problem = integer_problem(value, low, high)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def number(low: float = -math.inf, high: float = math.inf, positive: bool = False):
    """A finite float in [low, high] (> 0 with ``positive``)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
        problem = number_problem(value, low, high, positive)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


TABLE_SUFFIXES = (".csv", ".parquet")  # the table formats every command writes


seed = integer(0, MAX_SEED)
_worker_count = integer(1, MAX_WORKERS)


def workers(text: str) -> int:
    """A number of worker processes in [1, MAX_WORKERS] whose memory (``WORKER_BYTES``
    each) fits in half of this machine's."""
    value = _worker_count(text)
    try:
        check_memory(f"starting {value} worker processes", value * WORKER_BYTES)
    except NucmassError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def _writable(text: str) -> Path:
    try:
        return check_writable(text)
    except NucmassError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def out_file(*suffixes: str):
    """An output file path whose suffix is one of ``suffixes``, outside the package."""

    def parse(text: str) -> str:
        path = _writable(text)
        if path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(
                f"{path.name}: the file name must end in {' or '.join(suffixes)}"
            )
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{path} is a directory, not a file")
        return text

    return parse


def out_directory(text: str) -> str:
    """An output directory path outside the package (and not an existing file)."""
    path = _writable(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} exists and is not a directory")
    return text
