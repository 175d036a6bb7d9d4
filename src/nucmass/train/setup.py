"""From a ``TrainConfig`` to the initialization variances and the optimizer of its regime.

The per-parameter rates are built as pytrees shaped like a ``FeedForward`` (one float per
weight and bias array) so ``phased_sgd`` can check they cover every parameter once.
"""

import optax

from nucmass.models.mlp import FeedForward
from nucmass.train.config import TrainConfig
from nucmass.train.optim import phased_adam, phased_sgd
from nucmass.train.regimes import (
    DEFAULT_RAW_RATES,
    REGIMES,
    critical_rates,
    global_rate,
    initialization,
)

__all__ = ["make_optimizer", "phase_rates", "raw_rate_phases", "regime_init"]


def regime_init(config: TrainConfig) -> tuple[float, float]:
    """(C_b, C_W) used to initialize the members of ``config``."""
    return initialization(config.regime, config.activation, config.c_b, config.c_w)


def phase_rates(config: TrainConfig, raw: tuple[float, float]) -> FeedForward:
    """Per-parameter SGD rates of one phase with raw rates ``raw`` = (lambda~_b, lambda~_W).

    CICT: paper 000 Eqs. 33, 38-39; CINT/NINT and adam-*: the global average rate.
    """
    args = (config.activation, config.inputs, config.width, config.depth, *raw)
    if REGIMES[config.regime][2] == "per-layer":
        rate_b, rate_w = critical_rates(*args)
    else:
        rate = global_rate(*args)
        rate_b = rate_w = [rate] * (config.depth + 1)
    return FeedForward(
        tuple(float(r) for r in rate_w), tuple(float(r) for r in rate_b), config.activation
    )


def raw_rate_phases(config: TrainConfig) -> list[tuple[float, float]]:
    """[(lambda~_b, lambda~_W) of phase 1, of phase 2]: the config's or the defaults."""
    coarse, fine = DEFAULT_RAW_RATES[config.activation]
    return [config.raw_rates or coarse, config.raw_rates_fine or fine]


def make_optimizer(config: TrainConfig, steps_per_epoch: int = 1) -> optax.GradientTransformation:
    """The optimizer of ``config``: phased SGD or Adam, switching at ``switch_epoch``.

    Phases count optimizer steps: the switch happens after ``switch_epoch *
    steps_per_epoch`` steps (1 step per epoch for full batch).
    """
    _, optimizer, rates = REGIMES[config.regime]
    steps = config.switch_epoch * steps_per_epoch
    boundaries = (steps,) if config.switch_epoch < config.epochs else ()
    phases = raw_rate_phases(config)[: len(boundaries) + 1]
    if optimizer == "sgd":
        return phased_sgd([phase_rates(config, raw) for raw in phases], boundaries)
    if rates == "fixed":
        return phased_adam([config.adam_lr])
    learning_rates = [phase_rates(config, raw).weights[0] for raw in phases]
    return phased_adam(learning_rates, boundaries)
