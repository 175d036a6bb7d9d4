"""The optimizer of a paper-000 regime for one feed-forward architecture.

The per-parameter rates are built as pytrees shaped like a ``FeedForward`` (one float per
weight and bias array) so ``phased_sgd`` can check they cover every parameter once.
"""

import optax

from nucmass.models.mlp import FeedForward
from nucmass.train.optim import phased_adam, phased_sgd
from nucmass.train.regimes import DEFAULT_RAW_RATES, REGIMES, critical_rates, global_rate

__all__ = ["phase_rates", "raw_rate_phases", "recipe_label", "regime_optimizer"]


def phase_rates(regime: str, model, raw: tuple[float, float]) -> FeedForward:
    """Per-parameter SGD rates of one phase with raw rates ``raw`` = (lambda~_b, lambda~_W).

    CICT: paper 000 Eqs. 33, 38-39; CINT/NINT and adam-*: the global average rate.
    ``model`` is an ``FNNConfig`` (its activation and layer sizes).
    """
    args = (model.activation, model.sizes, *raw)
    if REGIMES[regime][2] == "per-layer":
        rate_b, rate_w = critical_rates(*args)
    else:
        rate = global_rate(*args)
        rate_b = rate_w = [rate] * (len(model.sizes) - 1)
    return FeedForward(
        tuple(float(r) for r in rate_w), tuple(float(r) for r in rate_b), model.activation
    )


def raw_rate_phases(training, activation: str) -> list[tuple[float, float]]:
    """[(lambda~_b, lambda~_W) of phase 1, of phase 2]: the recipe's or the defaults."""
    coarse, fine = DEFAULT_RAW_RATES[activation]
    return [training.raw_rates or coarse, training.raw_rates_fine or fine]


def regime_optimizer(training, model, steps_per_epoch: int = 1) -> optax.GradientTransformation:
    """Phased SGD or Adam of ``training`` (a ``Regime``), switching at ``switch_epoch``.

    Phases count optimizer steps: the switch happens after ``switch_epoch *
    steps_per_epoch`` steps (1 step per epoch for full batch).
    """
    _, optimizer, rates = REGIMES[training.regime]
    steps = training.switch_epoch * steps_per_epoch
    boundaries = (steps,) if training.switch_epoch < training.epochs else ()
    phases = raw_rate_phases(training, model.activation)[: len(boundaries) + 1]
    if optimizer == "sgd":
        return phased_sgd([phase_rates(training.regime, model, raw) for raw in phases], boundaries)
    if rates == "fixed":
        return phased_adam([training.adam_lr])
    learning_rates = [phase_rates(training.regime, model, raw).weights[0] for raw in phases]
    return phased_adam(learning_rates, boundaries)


def recipe_label(training, activation: str) -> str:
    """One line naming a ``Regime``'s recipe, e.g. "cict, batch 32, raw rates (5, 1) after
    epoch 5000 (0.5, 0.1)", for figure titles and summaries."""
    batch = "full batch" if training.batch_size is None else f"batch {training.batch_size}"
    if REGIMES[training.regime][2] == "fixed":
        return f"{training.regime}, {batch}, learning rate {training.adam_lr:g}"
    coarse, fine = (f"({b:g}, {w:g})" for b, w in raw_rate_phases(training, activation))
    return (
        f"{training.regime}, {batch}, raw rates {coarse} -> {fine} at epoch {training.switch_epoch}"
    )
