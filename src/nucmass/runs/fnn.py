"""Cell runner ``fnn``: a feed-forward ensemble through the training engine.

Settings: ``data`` (required: an AME vintage ``ame2020`` / ``ame2016`` / ``ame2003``, whose
whole table is the training set as in paper 000, or a split name, trained on its ``train``
part), ``split_seed`` (seed of a split's random part, default 0) and any field of
``nucmass.train.TrainConfig`` except ``workers`` (the sweep's executor provides the
parallelism). The cell's seeds are the ensemble members (the engine's K axis); each seed
initializes one member, so a member is the same whichever cell or executor trains it.

Per cell it saves the ensemble (``ensemble/``, loadable by ``nucmass predict``); per seed
``seed-S.npz`` with the loss history (epochs,). The metrics of a seed are the engine's
``member_rows``: binding-energy RMSD (MeV) per part, final training loss, parameter
changes and Frobenius norms, and ``failed`` (1.0 for a diverged member, whose final loss
is NaN, so the sweep records the seed as failed).
"""

from pathlib import Path

import numpy as np

from nucmass.errors import NucmassError

__all__ = ["VINTAGES", "load_training_table", "run_cell", "train_config", "validate"]

DATA_KEYS = ("data", "split_seed")
VINTAGES = ("ame2020", "ame2016", "ame2003")


def train_config(settings: dict):
    """The ``TrainConfig`` of ``settings`` (without the data keys)."""
    from nucmass.train.config import TrainConfig

    if "workers" in settings:
        raise NucmassError("fnn cells run one per worker: do not set 'workers' in a sweep")
    return TrainConfig.from_dict({k: v for k, v in settings.items() if k not in DATA_KEYS})


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
        train_config(settings)
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
    from nucmass.models.ensemble import FNNEnsemble
    from nucmass.train.engine import train_ensemble
    from nucmass.train.studies import member_rows

    config, out_dir = train_config(settings), Path(out_dir)
    table, info = load_training_table(settings)
    result = train_ensemble(config, seeds, table)
    info |= {"train_config": config.to_dict(), "seeds": [int(s) for s in seeds]}
    model = FNNEnsemble.from_result(result, info)
    model_dir = model.save(out_dir / "ensemble")
    rows = member_rows(result).drop(columns="seed").astype(float)
    results = {}
    for seed, (_, row) in zip(seeds, rows.iterrows(), strict=True):
        arrays = out_dir / f"seed-{seed}.npz"
        np.savez(arrays, losses=result.losses[list(seeds).index(seed)])
        results[seed] = {"metrics": row.to_dict(), "arrays": arrays.name, "model": model_dir.name}
    return results
