"""Training: one ``fit`` for every family, its recipes, and the compiled loop.

``fit(model, data, training, *, seeds, workers)`` returns an
:class:`~nucmass.models.ensemble.Ensemble`; ``Adam`` and ``Regime`` are the recipes;
``make_runner`` is the compiled epoch loop every family trains in.
"""

from nucmass.train.config import Adam, Regime, default_training
from nucmass.train.fit import fit
from nucmass.train.loop import make_runner

__all__ = ["Adam", "Regime", "default_training", "fit", "make_runner"]
