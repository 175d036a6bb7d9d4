"""``nucmass reproduce EXPERIMENT --scale smoke|cpu|paper [--out DIR]`` and ``--list``."""

import json

from nucmass.cli.checks import out_directory
from nucmass.experiments import SCALE_NAMES, list_experiments, reproduce

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("reproduce", help="reproduce a paper figure or table")
    parser.add_argument("experiment", nargs="?", help="experiment name (see --list)")
    parser.add_argument("--scale", choices=SCALE_NAMES, default="smoke")
    parser.add_argument("--out", type=out_directory,
                        help="output directory (default runs/EXPERIMENT/SCALE)")  # fmt: skip
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    parser.add_argument("--list", action="store_true", help="list the experiments")
    parser.set_defaults(func=_run)


def _run(args) -> int:
    if args.list or not args.experiment:
        for name, description in list_experiments().items():
            print(f"{name:24s} {description}")
        return 0
    summary = reproduce(args.experiment, args.scale, args.out, args.overwrite)
    print(json.dumps(summary, indent=2, default=str))
    return 0
