"""The ``nucmass`` command line: a thin caller of the library.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands; each sub-command stores its handler as ``func`` (args -> exit code).
Only the module of the command being run is imported (``nucmass --help`` imports none), so
the command line starts fast. Bad input of any kind (a usage error, a value out of range,
a library :class:`nucmass.NucmassError`, a missing or unreadable file) becomes one line
``nucmass: error: ...`` on stderr and exit code 2; Ctrl-C one line and exit 130 (with the
command's ``interrupted`` hint, e.g. how to resume a sweep). An internal bug still shows
its traceback (exit 1).
"""

import argparse
import importlib
import sys

from nucmass.errors import NucmassError

__all__ = ["COMMANDS", "Parser", "build_parser", "main"]

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
    "calibrate": "fit a model's calibrated uncertainty",
}


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit code 2.

    Sub-command parsers are of the same class (argparse creates them with the class of
    their parent), so every level reports ``nucmass: error: ... (see PROG --help)``.
    """

    def error(self, message: str):
        print(f"nucmass: error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def build_parser(command: "str | None" = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` only that group is fully registered (the
    others are listed by name and help), with None every group is."""
    parser = Parser(prog="nucmass", description="Neural-network models of nuclear masses.")
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
    command, args = _command(argv), None
    try:
        args = build_parser(command or "").parse_args(argv)
        return int(args.func(args) or 0)
    except NucmassError as error:
        return _fail(str(error))
    except OSError as error:  # a missing, unreadable or unwritable file; a full disk
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        hint = getattr(args, "interrupted", "nothing was written")
        print(f"nucmass: interrupted; {hint}", file=sys.stderr)
        return 130


def _fail(message: str) -> int:
    """Print ``message`` as the one error line; return exit code 2."""
    print(f"nucmass: error: {' '.join(message.split())}", file=sys.stderr)
    return 2
