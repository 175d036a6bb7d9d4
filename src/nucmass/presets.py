"""Named model configurations and training recipes, shared by the CLI, the experiments
and users: ``PRESETS[name]`` is ``(model config, training recipe or None)``.

``*-tiny`` presets shrink a family to a seconds-long run (smoke tests); the others are
the published or shipped settings, documented where they are defined:

- ``conn``: the default CoNN (``CoNNConfig()``) with its default Adam recipe;
  ``conn-paper``: only the four modules of paper 001 (bulk with the liquid-drop terms,
  shell embeddings, a uniform 5 x 5 grid, pairing: no shell product, Wigner or
  light-nucleus term); ``conn-issue5``: the CoNN of issue 5 (shell product, Gaussian Wigner
  term, 2-nucleon grid below 20; no light-nucleus terms), the shipped ``conn`` ensemble;
- ``mfdnn``: our best MFDNN (the defaults of ``MFDNNConfig``: the theory values into the
  linear branch only, the tanh branch on N and Z, lambda 1e-3); ``mfdnn-paper``: paper
  002's network (N, Z and the theory values into both branches, ``PAPER_MFDNN``);
- ``fnn-paper000``: paper 000's network at r* (width 115, l_out = 4, ReLU) with the
  default ``Regime`` (CICT, the mini-batch recipe of ``nucmass.train.regimes``);
- ``zeng-ann2`` ... ``zeng-ann7``: Zeng et al.'s networks (Phys. Rev. C 109, 034318
  (2024)): hidden layers (32, 16), GELU, MAE, Adam at 1e-4 (decay constants 0.9, 0.999),
  inputs ``nucmass.models.fnn.INPUT_COLUMNS[2|4|6|7]``. Not published, so ours: targets
  standardized, (C_b, C_W) = (0, 1), batch size and epochs ``ZENG_BATCH_SIZE``,
  ``ZENG_EPOCHS`` (chosen on an inner validation part by the ``zeng_networks``
  experiment).
"""

from nucmass.errors import NucmassError
from nucmass.models.conn import CoNNConfig
from nucmass.models.fnn import FNNConfig
from nucmass.models.ldm import LDMConfig
from nucmass.models.mfdnn import MFDNNConfig
from nucmass.train.config import Adam, Regime, default_training

__all__ = [
    "CONN_ISSUE5",
    "CONN_PAPER",
    "PAPER_MFDNN",
    "PRESETS",
    "TINY_CONN",
    "ZENG_BATCH_SIZE",
    "ZENG_EPOCHS",
    "conn_preset",
    "fnn_preset",
    "preset",
    "zeng_network",
]

# Paper 002's MFDNN: inputs N, Z, M_HFB14, M_FRDM95 into both branches, no extra
# columns; lambda 1e-4 (its validation optimum on the AME2003 set, paper002-mfdnn.md).
PAPER_MFDNN = MFDNNConfig(features="none", nonlinear_theory=True, l2=1e-4)
# A CoNN small enough for smoke runs: every module present, tiny networks.
TINY_CONN = CoNNConfig(bulk_width=8, bulk_depth=1, pairing_width=4, pairing_depth=1)
CONN_ISSUE5 = CoNNConfig(bulk_light=())
CONN_PAPER = CONN_ISSUE5.replace(
    modules=("bulk", "shell", "grid", "pairing"), bulk_wigner="none", product_rank=0,
    grid_fine_below=0,
)  # fmt: skip

ZENG_BATCH_SIZE = 32
ZENG_EPOCHS = 32000


def zeng_network(inputs: int, epochs: int = ZENG_EPOCHS, batch_size=ZENG_BATCH_SIZE) -> tuple:
    """(model, training) of Zeng et al.'s ANN<inputs> (inputs 2, 4, 6 or 7)."""
    model = FNNConfig(widths=(32, 16), activation="gelu", inputs=inputs,
                      target_scaling="standard", c_b=0.0, c_w=1.0)  # fmt: skip
    training = Regime("adam", epochs=epochs, adam_lr=1e-4, loss="mae", batch_size=batch_size)
    return model, training


PRESETS = {
    "conn": (CoNNConfig(), default_training(CoNNConfig())),
    "conn-paper": (CONN_PAPER, default_training(CONN_PAPER)),
    "conn-issue5": (CONN_ISSUE5, default_training(CONN_ISSUE5)),
    "conn-tiny": (TINY_CONN, Adam(epochs=40, learning_rate=1e-2)),
    "mfdnn": (MFDNNConfig(), Adam()),
    "mfdnn-paper": (PAPER_MFDNN, Adam()),
    "mfdnn-tiny": (MFDNNConfig(width=8, depth=2), Adam(epochs=30)),
    "fnn-paper000": (FNNConfig(width=115, depth=3), Regime("cict")),
    "fnn-tiny": (
        FNNConfig(width=8, depth=2, target_scaling="standard"),
        Regime("adam", epochs=50, adam_lr=1e-3, batch_size="full"),
    ),
    "ldm": (LDMConfig(), None),
    **{f"zeng-ann{k}": zeng_network(k) for k in (2, 4, 6, 7)},
}


def preset(name: str) -> tuple:
    """``(model config, training recipe)`` of preset ``name``."""
    if name not in PRESETS:
        raise NucmassError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    return PRESETS[name]


def _family_preset(name: str, family: str, recipe: type, label: str) -> tuple:
    """``(model config, training)`` of preset ``name``, which must be of model ``family``
    with a training recipe of type ``recipe`` (``label`` names them in the error)."""
    model, training = preset(name)
    if model.family != family or not isinstance(training, recipe):
        names = [k for k, (m, t) in PRESETS.items() if m.family == family and isinstance(t, recipe)]
        raise NucmassError(f"{name!r} is not a {label} preset; choose from {', '.join(names)}")
    return model, training


def fnn_preset(name: str) -> tuple:
    """``(FNNConfig, Regime)`` of a feed-forward preset (what ``nucmass train fnn
    --preset`` takes)."""
    return _family_preset(name, "fnn", Regime, "feed-forward")


def conn_preset(name: str) -> tuple:
    """``(CoNNConfig, Adam)`` of a CoNN preset (what ``nucmass train conn --preset``
    takes)."""
    return _family_preset(name, "conn", Adam, "CoNN")
