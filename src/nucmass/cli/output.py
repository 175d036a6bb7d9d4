"""Output helpers shared by the command modules: tables to the terminal, JSON, files."""

import json
import sys
from pathlib import Path

import pandas as pd

from nucmass.atomic import atomic_path
from nucmass.cli.checks import TABLE_SUFFIXES
from nucmass.errors import NucmassError

__all__ = ["print_json", "print_table", "write_table"]


def print_json(data) -> None:
    """Print ``data`` as indented JSON (NaN becomes null)."""
    print(json.dumps(_clean(data), indent=2))


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value


def print_table(frame: pd.DataFrame, floatfmt: str = "{:.3f}") -> None:
    """Print a DataFrame as an aligned plain-text table."""
    print(frame.to_string(index=False, float_format=floatfmt.format))


def write_table(frame: pd.DataFrame, path: "str | Path | None") -> None:
    """Write ``frame`` as CSV (``.csv``) or Parquet (``.parquet``), atomically; CSV on
    stdout when no path. Any other file name is refused before anything is written."""
    if path is None:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise NucmassError(f"cannot write {path.name}: use a .csv or .parquet file name")
    with atomic_path(path) as temporary:
        if path.suffix.lower() == ".parquet":
            frame.to_parquet(temporary, index=False)
        else:
            frame.to_csv(temporary, index=False, lineterminator="\n")
