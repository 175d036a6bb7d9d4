"""``nucmass reproduce EXPERIMENT --scale smoke|cpu|paper [--out DIR]`` and ``--list``."""

import json

from nucmass.experiments import SCALE_NAMES, list_experiments, reproduce

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("reproduce", help="reproduce a paper figure or table")
    parser.add_argument("experiment", nargs="?", help="experiment name (see --list)")
    parser.add_argument("--scale", choices=SCALE_NAMES, default="smoke")
    parser.add_argument("--out", help="output directory (default runs/EXPERIMENT/SCALE)")
    parser.add_argument("--list", action="store_true", help="list the experiments")
    parser.set_defaults(func=_run)


def _run(args) -> int:
    if args.list or not args.experiment:
        for name, description in list_experiments().items():
            print(f"{name:24s} {description}")
        return 0
    summary = reproduce(args.experiment, args.scale, args.out)
    print(json.dumps(summary, indent=2, default=str))
    return 0
