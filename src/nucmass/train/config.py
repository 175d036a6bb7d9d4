"""The training configuration of a feed-forward ensemble, round-tripping to JSON."""

import dataclasses
import json
from dataclasses import dataclass

from nucmass.errors import NucmassError
from nucmass.models.mlp import ACTIVATIONS
from nucmass.train.losses import LOSSES
from nucmass.train.regimes import REGIMES

__all__ = ["STRATEGIES", "TARGET_SCALINGS", "TrainConfig"]

STRATEGIES = ("auto", "vectorized", "sequential")
TARGET_SCALINGS = ("none", "standard")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines one ensemble training (the seeds come separately).

    Attributes
    ----------
    width, depth : int
        Hidden units per layer n and number of hidden layers L (l_out = L + 1).
    activation : str
        relu, tanh, gelu or softplus.
    regime : str
        cict, cint, nint, adam-cint, adam-nint or adam (see ``nucmass.train.regimes``).
    inputs : int
        2 (scaled N, Z) or 4 (plus the unscaled parities N_0, Z_0).
    epochs : int
        Total epochs.
    switch_epoch : int
        Epoch where the second (fine) phase of rates starts (paper 000: 5000).
    raw_rates, raw_rates_fine : (float, float) or None
        Raw rates (lambda~_b, lambda~_W) of the first and second phase (SGD and adam-*);
        None takes ``nucmass.train.regimes.DEFAULT_RAW_RATES`` of the activation.
    adam_lr : float
        Learning rate of the plain ``adam`` regime (Zeng et al.: 1e-4), both phases.
    loss : str
        mae (paper 000) or mse.
    batch_size : int or None
        None for full batch.
    c_b, c_w : float or None
        Initialization variances; None takes them from the regime.
    train_part : str
        Part of a split table to train on (ignored when the table has no ``part``).
    strategy : str
        auto, vectorized or sequential.
    workers : int
        Worker processes (one thread each); members are split among them.
    chunk_epochs : int
        Epochs per compiled call.
    target_scaling : str
        none (paper 000: the network outputs B in MeV) or standard: the network learns
        (B - mean) / std of the training targets and the saved model maps its output
        back to MeV (``TARGET_SCALINGS``).
    """

    width: int = 100
    depth: int = 4
    activation: str = "relu"
    regime: str = "cict"
    inputs: int = 2
    epochs: int = 20000
    switch_epoch: int = 5000
    raw_rates: "tuple[float, float] | None" = None
    raw_rates_fine: "tuple[float, float] | None" = None
    adam_lr: float = 1e-4
    loss: str = "mae"
    batch_size: "int | None" = None
    c_b: "float | None" = None
    c_w: "float | None" = None
    train_part: str = "train"
    strategy: str = "auto"
    workers: int = 1
    chunk_epochs: int = 1000
    target_scaling: str = "none"

    def __post_init__(self):
        checks = [
            (self.activation in ACTIVATIONS, f"unknown activation {self.activation!r}"),
            (self.regime in REGIMES, f"unknown regime {self.regime!r}"),
            (self.loss in LOSSES, f"unknown loss {self.loss!r}"),
            (self.strategy in STRATEGIES, f"unknown strategy {self.strategy!r}"),
            (
                self.target_scaling in TARGET_SCALINGS,
                f"unknown target scaling {self.target_scaling}",
            ),
            (self.inputs in (2, 4), f"inputs must be 2 or 4, not {self.inputs}"),
            (self.width >= 1 and self.depth >= 1, "width and depth must be >= 1"),
            (self.epochs >= 1 and self.chunk_epochs >= 1, "epochs must be >= 1"),
            (self.workers >= 1, "workers must be >= 1"),
            (self.batch_size is None or self.batch_size >= 1, "batch_size must be >= 1"),
        ]
        for ok, message in checks:
            if not ok:
                raise NucmassError(message)
        for name in ("raw_rates", "raw_rates_fine"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(float(v) for v in value))

    def replace(self, **changes) -> "TrainConfig":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        names = {field.name for field in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise NucmassError(f"unknown training config keys: {', '.join(sorted(unknown))}")
        rates = {k: tuple(data[k]) for k in ("raw_rates", "raw_rates_fine") if data.get(k)}
        return cls(**(data | rates))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "TrainConfig":
        return cls.from_dict(json.loads(text))
