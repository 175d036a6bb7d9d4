"""The ``nucmass`` command line: a thin caller of the library.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands; each sub-command stores its handler as ``func`` (args -> exit code).
Only the module of the command being run is imported (``nucmass --help`` imports none), so
the command line starts fast. Library errors (:class:`nucmass.NucmassError`) become one
line on stderr and exit code 2.
"""

import argparse
import importlib
import sys

from nucmass.errors import NucmassError

__all__ = ["COMMANDS", "build_parser", "main"]

# Command-group modules under nucmass.cli with their one-line help, in --help order.
COMMANDS = {
    "demo": "mass table and report of the shipped CoNN",
    "data": "mass tables, theory tables and splits",
    "fit": "fit a closed-form model (liquid drop)",
    "predict": "mass tables of a saved model",
    "reproduce": "reproduce a paper figure or table",
    "theory": "criticality theory of paper 000",
    "sweep": "run or resume a sweep of training runs",
    "runs": "inspect a sweep registry and export results",
    "compare": "models and theory tables on the same nuclei",
    "report": "HTML report of a saved model",
    "train": "train a model ensemble and save it",
}


def build_parser(command: "str | None" = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` only that group is fully registered (the
    others are listed by name and help), with None every group is."""
    parser = argparse.ArgumentParser(
        prog="nucmass", description="Neural-network models of nuclear masses."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in COMMANDS.items():
        if command in (None, name):
            importlib.import_module(f"nucmass.cli.{name}").register(subparsers)
        else:
            subparsers.add_parser(name, help=text)
    return parser


def _command(argv: list[str]) -> "str | None":
    """The command named in ``argv`` (the first word that is one), if any."""
    return next((word for word in argv if word in COMMANDS), None)


def main(argv: "list[str] | None" = None) -> int:
    """Entry point of the ``nucmass`` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command(argv)
    parser = build_parser(command) if command else build_parser("")
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except NucmassError as error:
        print(f"nucmass: error: {error}", file=sys.stderr)
        return 2
    except (FileNotFoundError, PermissionError, IsADirectoryError) as error:
        print(f"nucmass: error: {error.strerror}: {error.filename}", file=sys.stderr)
        return 2
