"""Cell runner ``fnn``: a feed-forward ensemble through :func:`nucmass.fit`.

Settings: ``data`` (required: an AME vintage ``ame2020`` / ``ame2016`` / ``ame2003``, whose
whole table is the training set as in paper 000, or a split name, trained on its ``train``
part), ``split_seed`` (seed of a split's random part, default 0), any field of
``nucmass.models.FNNConfig`` (width, depth, activation, inputs, target_scaling, c_b, c_w)
or of ``nucmass.train.Regime`` (regime, epochs, switch_epoch, raw_rates, raw_rates_fine,
adam_lr, loss, batch_size), and the execution settings ``strategy`` and ``chunk_epochs``
of ``fit``; never ``workers`` (the sweep's executor provides the parallelism). The cell's
seeds are the ensemble members; each seed initializes one member, so a member is the same
whichever cell or executor trains it.

Per cell it saves the ensemble (``ensemble/``, loadable by ``nucmass predict``); per seed
``seed-S.npz`` with the loss history (epochs,). The metrics of a seed are the columns of
:func:`nucmass.train.studies.member_rows`: binding-energy RMSD (MeV) per part
(``rmsd_<part>``), final training loss, parameter changes and Frobenius norms, and
``failed`` (1.0 for a diverged member, whose final loss is NaN, so the sweep records the
seed as failed).
"""

import dataclasses
from pathlib import Path

import numpy as np

from nucmass.errors import NucmassError

__all__ = ["VINTAGES", "fnn_configs", "load_training_table", "run_cell", "validate"]

DATA_KEYS = ("data", "split_seed")
EXECUTION_KEYS = ("strategy", "chunk_epochs")
VINTAGES = ("ame2020", "ame2016", "ame2003")


def fnn_configs(settings: dict) -> tuple:
    """(FNNConfig, Regime, fit options) of ``settings`` (the data keys left aside)."""
    from nucmass.models.fnn import FNNConfig
    from nucmass.train.config import Regime
    from nucmass.train.studies import split_settings

    if "workers" in settings:
        raise NucmassError("fnn cells run one per worker: do not set 'workers' in a sweep")
    fields = {k: v for k, v in settings.items() if k not in DATA_KEYS + EXECUTION_KEYS}
    model, training = split_settings(fields)
    options = {k: settings[k] for k in EXECUTION_KEYS if k in settings}
    return FNNConfig(**model), Regime(**training), options


def validate(settings: dict) -> None:
    """Raise ``NucmassError`` unless ``settings`` are valid fnn settings."""
    from nucmass.data.splits import SPLIT_NAMES

    if settings.get("data") not in VINTAGES + SPLIT_NAMES:
        choices = ", ".join(VINTAGES + SPLIT_NAMES)
        raise NucmassError(f"fnn needs data = an AME vintage or a split: {choices}")
    seed = settings.get("split_seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise NucmassError("split_seed must be an integer >= 0")
    try:
        model, training, _ = fnn_configs(settings)
        training.variances(model)  # an activation without a critical point needs c_b, c_w
    except TypeError as error:
        raise NucmassError(f"bad fnn setting: {error}") from None


def load_training_table(settings: dict):
    """(table, info): the whole AME table of a vintage, or a split's table with parts."""
    from nucmass.data.ame import load_ame
    from nucmass.data.splits import get_split

    if settings["data"] in VINTAGES:
        return load_ame(settings["data"]), {"data": settings["data"]}
    split = get_split(settings["data"], settings.get("split_seed", 0))
    return split.table(), {"data": split.name, "split_seed": split.seed, "split_hash": split.hash}


def run_cell(settings: dict, seeds: list[int], out_dir: Path) -> dict:
    """Train the seeds as one ensemble (see the module docstring)."""
    from nucmass.train.fit import fit
    from nucmass.train.studies import member_rows

    (model, training, options), out_dir = fnn_configs(settings), Path(out_dir)
    table, info = load_training_table(settings)
    ensemble = fit(model, table, training, seeds=seeds, progress=False, **options)
    ensemble = dataclasses.replace(ensemble, info={**ensemble.info, **info})
    model_dir = ensemble.save(out_dir / "ensemble", overwrite=True)
    rows = member_rows(ensemble, table).drop(columns=["seed", "status"]).astype(float)
    results = {}
    for k, seed in enumerate(seeds):
        arrays = out_dir / f"seed-{seed}.npz"
        np.savez(arrays, losses=ensemble.history.losses[k])
        metrics = rows.iloc[k].to_dict()
        results[seed] = {"metrics": metrics, "arrays": arrays.name, "model": model_dir.name}
    return results
