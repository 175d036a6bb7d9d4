"""``nucmass train FAMILY ...``: train an ensemble of one model family and save it.

Each family's sub-command lives in its own module ``nucmass.cli.train_<family>`` with a
``register(subparsers)`` function; adding a family is one entry in ``TRAIN_FAMILIES``.
"""

import importlib

__all__ = ["TRAIN_FAMILIES", "register"]

# Families under ``nucmass train``, in --help order; module nucmass.cli.train_<family>.
TRAIN_FAMILIES = ("fnn", "conn", "mfdnn")


def register(subparsers) -> None:
    parser = subparsers.add_parser("train", help="train a model ensemble and save it")
    families = parser.add_subparsers(dest="family", required=True, metavar="FAMILY")
    for family in TRAIN_FAMILIES:
        importlib.import_module(f"nucmass.cli.train_{family}").register(families)
