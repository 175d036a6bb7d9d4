"""Mass models: architecture configurations of every family and the one ensemble type.

Every trained model is an :class:`Ensemble` (members of one family, stacked, with their
scaling); :func:`load_model` reads any saved model, older formats included. The names
below are imported from their modules on first access, so reading a model's
``config.json`` (:mod:`nucmass.models.layout`) does not load JAX.
"""

import importlib

__all__ = [
    "CoNNConfig",
    "Ensemble",
    "FNNConfig",
    "LDMConfig",
    "MFDNNConfig",
    "ModelConfig",
    "load_model",
]

_HOME = {
    "CoNNConfig": "conn",
    "Ensemble": "ensemble",
    "FNNConfig": "fnn",
    "LDMConfig": "ldm",
    "MFDNNConfig": "mfdnn",
    "ModelConfig": "base",
    "load_model": "saved",
}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
