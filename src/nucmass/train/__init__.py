"""Training: compiled epoch loops, per-layer SGD and Adam, criticality regimes, ensembles.

Public entry points: ``TrainConfig`` and ``train_ensemble`` (feed-forward ensembles) and
the model-agnostic pieces ``make_runner`` (compiled loop), ``phased_sgd``, ``phased_adam``.
"""

from nucmass.train.config import TrainConfig
from nucmass.train.engine import EnsembleResult, train_ensemble
from nucmass.train.loop import make_runner
from nucmass.train.optim import phased_adam, phased_sgd

__all__ = [
    "EnsembleResult",
    "TrainConfig",
    "make_runner",
    "phased_adam",
    "phased_sgd",
    "train_ensemble",
]
