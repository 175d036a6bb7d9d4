"""The shipped ``best`` model: stacked kernel ridge residuals on the vendored baselines.

:func:`train_best` fits an :class:`~nucmass.models.average.AverageConfig` (kernel ridge
on the residuals of WS3, DUZU, HFB26, KTUY05, FRDM95 and HFB14, stacked) on every
measured AME2020 nucleus with Z, N >= 8 (2457, the pool of the ``measured`` split) and
calibrates its uncertainty on carves of those nuclei (:func:`calibrate_closed_form`).
Only vendored tables are read. ``nucmass reproduce residual_averaging --scale cpu``
writes it into ``<out>/best``; copying that directory to
``src/nucmass/models/pretrained/best`` ships it (see that directory's README).
"""

import dataclasses

import numpy as np
import pandas as pd

from nucmass.data.splits import get_split
from nucmass.models.average import AverageConfig
from nucmass.train.fit import fit
from nucmass.train.problem import covered_rows
from nucmass.uncertainty.calibration import (
    MIN_HELDOUT,
    Calibration,
    fit_sigma_model,
    sigma_features,
)
from nucmass.uncertainty.heldout import heldout_residuals

__all__ = ["BEST_SEEDS", "best_training_table", "calibrate_closed_form", "train_best"]

BEST_SEEDS = tuple(range(20))  # member slots of the shipped average


def best_training_table() -> pd.DataFrame:
    """Every measured AME2020 nucleus with Z, N >= 8 (2457), all in part ``train``."""
    table = get_split("measured").table()
    return table.assign(part="train")


def calibrate_closed_form(ensemble, table: pd.DataFrame, *, seed=0, fraction=0.2, depth=2):
    """``ensemble`` (a closed-form family: ``krr``, ``average``, ``ldm``) with the
    calibration of :func:`nucmass.uncertainty.heldout.calibrate`, fitted the same way:
    held-out residuals of the ``random`` and ``ends`` carves of ``table``'s training part
    (test nuclei never read), one sigma model per quantity with enough of them.

    ``calibrate`` itself needs a training recipe, which closed-form families have not.
    """
    rows = heldout_residuals(
        ensemble.config, None, table, seeds=ensemble.seeds, baseline=ensemble.baseline,
        data_dir=ensemble.data_dir, seed=seed, fraction=fraction, depth=depth,
    )  # fmt: skip
    models = {}
    for name, group in rows.groupby("quantity", sort=False):
        if len(group) >= 2 * MIN_HELDOUT:
            features = sigma_features(group.Z, group.N, group.spread, group.steps)
            models[name] = fit_sigma_model(group.residual, features, seed)
    train = table[table.part == "train"] if "part" in table else table
    train = train[covered_rows(ensemble.config, train, ensemble.baseline, ensemble.data_dir)]
    record = {"seeds": list(ensemble.seeds), "fraction": fraction, "depth": depth, "seed": seed}
    record["heldout"] = rows.groupby("quantity", sort=False).size().to_dict()
    result = Calibration(models, tuple(train.Z.tolist()), tuple(train.N.tolist()), record)
    return dataclasses.replace(ensemble, calibration=result.to_dict())


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
    return calibrate_closed_form(model, table) if calibrated else model


def member_baselines(model) -> np.ndarray:
    """Index of the baseline each good member of an ``average`` ensemble corrects."""
    return np.asarray(model.members.select, dtype=float)[model.ok].argmax(axis=1)
