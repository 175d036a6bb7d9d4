"""Package attributes imported from their modules on first access (PEP 562).

A package ``__init__`` that re-exports names without importing their modules writes

    __getattr__, __dir__ = lazy_exports(__name__, {"load_ame": "ame", ...}, __all__)

so importing the package stays cheap (the command line checks its input before JAX,
pandas or plotly are loaded) while ``package.name`` works as usual.
"""

import importlib
from collections.abc import Callable, Iterable

__all__ = ["lazy_exports"]


def lazy_exports(package: str, homes: dict, names: Iterable[str]) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    homes : dict
        Exported name -> submodule of ``package`` that defines it.
    names : iterable of str
        The package's ``__all__`` (listed by ``dir``).
    """
    names = sorted(names)

    def __getattr__(name: str):
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    def __dir__() -> list[str]:
        return sorted({*names, *importlib.import_module(package).__dict__})

    return __getattr__, __dir__
