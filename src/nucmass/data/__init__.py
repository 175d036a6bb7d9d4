"""The nuclear-mass data layer: AME tables, theory tables, nuclide names, splits, features.

Nothing is loaded at import time; every table loads on first use and is cached.
"""

from nucmass.data.ame import load_ame, read_ame
from nucmass.data.nuclide import format_nuclide, parse_nuclide
from nucmass.data.splits import SPLIT_NAMES, Split, get_split
from nucmass.data.theory import available_theories, load_theory, read_ripl, read_zn_table

__all__ = [
    "SPLIT_NAMES",
    "Split",
    "available_theories",
    "format_nuclide",
    "get_split",
    "load_ame",
    "load_theory",
    "parse_nuclide",
    "read_ame",
    "read_ripl",
    "read_zn_table",
]
