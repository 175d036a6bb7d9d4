"""Names and defaults the command line offers, kept here so that parsing (and refusing a
bad value) imports nothing heavy: the library modules that define them load JAX.

``tests/test_hardening_cli.py`` checks every entry against its library definition.
"""

__all__ = [
    "CARVES",
    "CONN_ABLATIONS",
    "CONN_EPOCHS",
    "CONN_PRESETS",
    "FEATURE_SETS",
    "FNN_ACTIVATIONS",
    "FNN_INPUTS",
    "FNN_TARGETS",
    "LOSSES",
    "REGIMES",
    "SAMPLING_METHODS",
    "STRATEGIES",
    "TARGET_SCALINGS",
    "THEORY_ACTIVATIONS",
]

FNN_ACTIVATIONS = ("relu", "tanh", "gelu", "softplus")  # nucmass.models.mlp.ACTIVATIONS
FNN_INPUTS = (2, 4, 6, 7)  # nucmass.models.fnn.INPUT_COLUMNS
FNN_TARGETS = ("binding_energy", "binding_per_nucleon")  # nucmass.models.fnn.FNN_TARGETS
TARGET_SCALINGS = ("none", "standard")  # nucmass.models.fnn.TARGET_SCALINGS
REGIMES = ("cict", "cint", "nint", "adam-cint", "adam-nint", "adam")  # nucmass.train.regimes
LOSSES = ("mae", "mse")  # nucmass.train.losses.LOSSES
STRATEGIES = ("auto", "sequential", "vectorized")  # nucmass.train.fit.STRATEGIES
CONN_ABLATIONS = ("full", "macroscopic", "no-pairing", "no-grid", "no-embeddings",
                  "no-product", "no-wigner")  # nucmass.models.conn.ABLATIONS  # fmt: skip
CONN_EPOCHS = 20000  # nucmass.train.config.default_training(CoNNConfig()).epochs
CONN_PRESETS = ("conn", "conn-paper", "conn-issue5", "conn-tiny")  # CoNN names of nucmass.presets
FEATURE_SETS = ("none", "shell")  # nucmass.data.features.FEATURE_SETS
CARVES = ("random", "edge")  # nucmass.train.validation.CARVES
SAMPLING_METHODS = ("exact", "conditional", "naive")  # nucmass.theory.sampling.METHODS
THEORY_ACTIVATIONS = ("relu", "tanh", "softplus", "shifted_softplus", "gelu", "silu",
                      "linear")  # nucmass.theory.activations.ACTIVATIONS  # fmt: skip
