"""The nuclear-mass data layer: AME tables, theory tables, nuclide names, splits, features.

Nothing is loaded at import time; every table loads on first use and is cached. The
names below are imported from their modules on first access, so ``nucmass.data.nuclide``
(the command line's name checks) loads without pandas.
"""

from nucmass.lazy import lazy_exports

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

_MODULES = {
    "ame": ("load_ame", "read_ame"),
    "nuclide": ("format_nuclide", "parse_nuclide"),
    "splits": ("SPLIT_NAMES", "Split", "get_split"),
    "theory": ("available_theories", "load_theory", "read_ripl", "read_zn_table"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
