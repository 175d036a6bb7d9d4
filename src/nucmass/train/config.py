"""Training recipes, apart from the architectures they train: :class:`Adam` and
:class:`Regime` (paper 000's regimes). Execution settings (worker processes, strategy,
chunking) are arguments of :func:`nucmass.fit`, never fields here.

A recipe provides ``optimizer(model, steps_per_epoch)`` (an optax transformation),
``variances(model)`` (the initialization variances (C_b, C_W) of a feed-forward network,
None for other families), ``epochs``, ``batch_size`` and ``loss``.
"""

import dataclasses
from dataclasses import dataclass

import optax

from nucmass.errors import NucmassError
from nucmass.train.losses import LOSSES
from nucmass.train.regimes import DEFAULT_BATCH_SIZE, REGIMES, initialization

__all__ = ["SCHEDULES", "Adam", "Regime", "default_training", "training_from_dict"]

SCHEDULES = ("constant", "exponential", "cosine")


def _check_common(recipe) -> None:
    """Check epochs, batch size and loss; ``batch_size="full"`` is stored as None."""
    if recipe.batch_size == "full":
        object.__setattr__(recipe, "batch_size", None)
    epochs, batch_size = recipe.epochs, recipe.batch_size
    if not isinstance(epochs, int) or epochs < 1:
        raise NucmassError(f"epochs must be an integer >= 1, not {epochs!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise NucmassError(f"batch_size must be an integer >= 1 or 'full', not {batch_size!r}")
    loss = recipe.loss
    if loss not in LOSSES:
        raise NucmassError(f"unknown loss {loss!r}; choose from {', '.join(LOSSES)}")


class _Recipe:
    """Shared helpers of the recipes (frozen dataclasses)."""

    def replace(self, **changes):
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """JSON-serialisable fields plus ``"recipe"`` (the class name)."""
        return {"recipe": type(self).__name__.lower(), **dataclasses.asdict(self)}

    def check(self, model) -> None:
        """Raise ``NucmassError`` if this recipe cannot train ``model`` (all can, here)."""

    def variances(self, model):
        """(C_b, C_W) for a feed-forward network: its critical point unless it sets them."""
        if model.family != "fnn":
            return None
        return initialization("adam", model.activation, model.c_b, model.c_w)


@dataclass(frozen=True)
class Adam(_Recipe):
    """Adam (decay constants 0.9, 0.999) with a constant or decaying step size.

    Attributes
    ----------
    epochs : int
        Passes over the training data (one optimizer step each for full batch).
    learning_rate : float
        Initial step size.
    schedule : str
        ``constant``; ``exponential``: learning_rate * (final / learning_rate)^(t / T);
        ``cosine``: cosine decay to final_learning_rate; T = all optimizer steps.
    final_learning_rate : float
        End of the decay (exponential needs > 0; cosine may be 0).
    loss : str
        mse or mae (of the scaled target; the family's penalty is added).
    batch_size : int or None
        Mini-batch size (shuffled every epoch, remainder dropped); None for full batch.
    """

    epochs: int = 20000
    learning_rate: float = 1e-3
    schedule: str = "constant"
    final_learning_rate: float = 0.0
    loss: str = "mse"
    batch_size: "int | None" = None

    def __post_init__(self):
        _check_common(self)
        if self.schedule not in SCHEDULES:
            raise NucmassError(f"schedule must be one of {', '.join(SCHEDULES)}")
        if not self.learning_rate > 0 or not self.final_learning_rate >= 0:
            raise NucmassError("Adam needs learning_rate > 0 and final_learning_rate >= 0")
        if self.schedule == "exponential" and not self.final_learning_rate > 0:
            raise NucmassError("the exponential schedule needs final_learning_rate > 0")

    def optimizer(self, model, steps_per_epoch: int = 1) -> optax.GradientTransformation:
        steps = self.epochs * steps_per_epoch
        if self.schedule == "exponential":
            decay = self.final_learning_rate / self.learning_rate
            return optax.adam(optax.exponential_decay(self.learning_rate, steps, decay))
        if self.schedule == "cosine":
            alpha = self.final_learning_rate / self.learning_rate
            return optax.adam(optax.cosine_decay_schedule(self.learning_rate, steps, alpha))
        return optax.adam(self.learning_rate)


@dataclass(frozen=True)
class Regime(_Recipe):
    """A training regime of paper 000 Sec. IV for feed-forward networks.

    Attributes
    ----------
    regime : str
        cict, cint, nint, adam-cint, adam-nint or adam (``nucmass.train.regimes``); it
        fixes the initialization (critical or not) and the rates (per layer or global).
    epochs, switch_epoch : int
        Total epochs; the second (fine) phase of rates starts at ``switch_epoch``.
    raw_rates, raw_rates_fine : (float, float) or None
        Raw rates (lambda~_b, lambda~_W) of the two phases; None takes the activation's
        ``nucmass.train.regimes.DEFAULT_RAW_RATES``.
    adam_lr : float
        Step size of the plain ``adam`` regime (Zeng et al.: 1e-4).
    loss : str
        mae (paper 000) or mse.
    batch_size : int, "full" or None
        Mini-batch size (every nucleus once per epoch, reshuffled each epoch); None or
        "full" for full batch. Default: ``nucmass.train.regimes.DEFAULT_BATCH_SIZE``.
    """

    regime: str = "cict"
    epochs: int = 20000
    switch_epoch: int = 5000
    raw_rates: "tuple[float, float] | None" = None
    raw_rates_fine: "tuple[float, float] | None" = None
    adam_lr: float = 1e-4
    loss: str = "mae"
    batch_size: "int | str | None" = DEFAULT_BATCH_SIZE

    def __post_init__(self):
        _check_common(self)
        if self.regime not in REGIMES:
            raise NucmassError(f"unknown regime {self.regime!r}; choose from {', '.join(REGIMES)}")
        for name in ("raw_rates", "raw_rates_fine"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(float(v) for v in value))

    def check(self, model) -> None:
        """The paper-000 regimes are defined for feed-forward networks only."""
        if model.family != "fnn":
            raise NucmassError("the paper-000 regimes train feed-forward networks (fnn) only")

    def variances(self, model):
        self.check(model)
        return initialization(self.regime, model.activation, model.c_b, model.c_w)

    def optimizer(self, model, steps_per_epoch: int = 1) -> optax.GradientTransformation:
        from nucmass.train.setup import regime_optimizer

        return regime_optimizer(self, model, steps_per_epoch)


_RECIPES = {"adam": Adam, "regime": Regime}


def training_from_dict(data: dict):
    """The recipe of a ``to_dict()`` (key ``"recipe"``: adam or regime)."""
    data = dict(data)
    recipe = data.pop("recipe", None)
    if recipe not in _RECIPES:
        raise NucmassError(f"unknown training recipe {recipe!r}; choose from adam, regime")
    names = {f.name for f in dataclasses.fields(_RECIPES[recipe])}
    unknown = set(data) - names
    if unknown:
        raise NucmassError(f"unknown {recipe} settings: {', '.join(sorted(unknown))}")
    return _RECIPES[recipe](**data)


def default_training(model):
    """The recipe :func:`nucmass.fit` uses for ``model`` when given none (None: the
    family is solved in closed form)."""
    if model.closed_form:
        return None
    if model.family == "fnn":
        return Regime()
    if model.family == "conn":
        return Adam(learning_rate=1e-2, schedule="exponential", final_learning_rate=1e-5)
    return Adam()
