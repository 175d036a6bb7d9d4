"""The ``nucmass`` command line: a thin caller of the library.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands; each sub-command stores its handler as ``func`` (args -> exit code).
Library errors (:class:`nucmass.NucmassError`) become one line on stderr and exit code 2.
"""

import argparse
import importlib
import sys

from nucmass.errors import NucmassError

__all__ = ["build_parser", "main"]

# Command-group modules under nucmass.cli, in the order they appear in --help.
COMMAND_MODULES = (
    "demo", "data", "fit", "predict", "reproduce", "theory", "sweep", "runs", "compare",
    "report", "train",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="nucmass", description="Neural-network models of nuclear masses."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"nucmass.cli.{name}").register(subparsers)
    return parser


def main(argv: "list[str] | None" = None) -> int:
    """Entry point of the ``nucmass`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except NucmassError as error:
        print(f"nucmass: error: {error}", file=sys.stderr)
        return 2
    except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
        print(f"nucmass: error: {error.strerror}: {error.filename}", file=sys.stderr)
        return 2
