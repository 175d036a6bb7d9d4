"""The shipped ``best`` model: stacked kernel ridge residuals on the vendored baselines.

:func:`train_best` fits an :class:`~nucmass.models.average.AverageConfig` (kernel ridge
on the residuals of WS3, DUZU, HFB26, KTUY05, FRDM95 and HFB14, stacked) on every
measured AME2020 nucleus with Z, N >= 8 (2457, the pool of the ``measured`` split) and
calibrates its uncertainty on carves of those nuclei
(:func:`nucmass.uncertainty.heldout.calibrate`).
Only vendored tables are read. ``nucmass reproduce residual_averaging --scale cpu``
writes it into ``<out>/best``; copying that directory to
``src/nucmass/models/pretrained/best`` ships it (see that directory's README).
"""

import dataclasses

import pandas as pd

from nucmass.data.splits import get_split
from nucmass.models.average import AverageConfig
from nucmass.train.fit import fit
from nucmass.uncertainty.heldout import calibrate

__all__ = ["BEST_SEEDS", "best_training_table", "train_best"]

BEST_SEEDS = tuple(range(20))  # member slots of the shipped average


def best_training_table() -> pd.DataFrame:
    """Every measured AME2020 nucleus with Z, N >= 8 (2457), all in part ``train``."""
    table = get_split("measured").table()
    return table.assign(part="train")


def train_best(config: "AverageConfig | None" = None, seeds=BEST_SEEDS, calibrated=True):
    """The ``best`` model: ``config`` (default :class:`AverageConfig`) fitted on
    :func:`best_training_table`, calibrated on its carves, with the recipe in ``info``."""
    config = config or AverageConfig()
    table = best_training_table()
    model = fit(config, table, seeds=list(seeds), progress=False)
    record = {
        "data": "measured AME2020 nuclei with Z, N >= 8 (the measured split's pool)",
        "command": "nucmass reproduce residual_averaging --scale cpu",
        "n_nuclei": len(table),
    }
    model = dataclasses.replace(model, info={**model.info, "best": record})
    return calibrate(model, table) if calibrated else model
