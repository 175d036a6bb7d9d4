"""Mass models: architecture configurations of every family and the one ensemble type.

Every trained model is an :class:`Ensemble` (members of one family, stacked, with their
scaling); :func:`load_model` reads any saved model, older formats included.
"""

from nucmass.models.base import ModelConfig
from nucmass.models.conn import CoNNConfig
from nucmass.models.ensemble import Ensemble
from nucmass.models.fnn import FNNConfig
from nucmass.models.ldm import LDMConfig
from nucmass.models.mfdnn import MFDNNConfig
from nucmass.models.saved import load_model

__all__ = [
    "CoNNConfig",
    "Ensemble",
    "FNNConfig",
    "LDMConfig",
    "MFDNNConfig",
    "ModelConfig",
    "load_model",
]
