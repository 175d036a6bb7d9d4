"""Mass models: architecture configurations of every family and the one ensemble type.

Every trained model is an :class:`Ensemble` (members of one family, stacked, with their
scaling); :func:`load_model` reads any saved model, older formats included. The names
below are imported from their modules on first access, so reading a model's
``config.json`` (:mod:`nucmass.models.layout`) does not load JAX.
"""

from nucmass.lazy import lazy_exports

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

__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
