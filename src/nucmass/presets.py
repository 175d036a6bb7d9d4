"""Named model configurations and training recipes, shared by the CLI, the experiments
and users: ``PRESETS[name]`` is ``(model config, training recipe or None)``.

``*-tiny`` presets shrink a family to a seconds-long run (smoke tests); the others are
the published or shipped settings, documented where they are defined.
"""

from nucmass.errors import NucmassError
from nucmass.models.conn import CoNNConfig
from nucmass.models.fnn import FNNConfig
from nucmass.models.ldm import LDMConfig
from nucmass.models.mfdnn import MFDNNConfig
from nucmass.train.config import Adam, Regime, default_training

__all__ = ["PRESETS", "TINY_CONN", "preset"]

# A CoNN small enough for smoke runs: every module present, tiny networks.
TINY_CONN = CoNNConfig(bulk_width=8, bulk_depth=1, pairing_width=4, pairing_depth=1)

PRESETS = {
    "conn": (CoNNConfig(), default_training(CoNNConfig())),
    "conn-tiny": (TINY_CONN, Adam(epochs=40, learning_rate=1e-2)),
    "mfdnn": (MFDNNConfig(), Adam()),
    "mfdnn-tiny": (MFDNNConfig(width=8, depth=2), Adam(epochs=30)),
    "fnn-paper000": (FNNConfig(width=115, depth=3), Regime("cict")),
    "fnn-tiny": (FNNConfig(width=8, depth=2, target_scaling="standard"), Adam(epochs=50)),
    "ldm": (LDMConfig(), None),
}


def preset(name: str) -> tuple:
    """``(model config, training recipe)`` of preset ``name``."""
    if name not in PRESETS:
        raise NucmassError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    return PRESETS[name]
