"""Cell runner ``fnn``: a feed-forward ensemble through the training engine.

Settings: ``split`` (a split name, required), ``split_seed`` (seed of the split's random
part, default 0) and any field of ``nucmass.train.TrainConfig`` except ``workers`` (the
sweep's executor provides the parallelism). The cell's seeds are the ensemble members
(the engine's K axis); each seed initializes one member, so a member is the same whichever
cell or executor trains it. Per cell it saves the ensemble (``ensemble/``, loadable by
``nucmass predict``); per seed ``seed-S.npz`` with the loss history (epochs,) and reports
the binding-energy RMSD (MeV) of every part and the final training loss (NaN for a
diverged member, which the sweep records as failed).
"""

from pathlib import Path

import numpy as np

from nucmass.errors import NucmassError

__all__ = ["run_cell", "train_config", "validate"]

SPLIT_KEYS = ("split", "split_seed")


def train_config(settings: dict):
    """The ``TrainConfig`` of ``settings`` (without the split keys)."""
    from nucmass.train.config import TrainConfig

    if "workers" in settings:
        raise NucmassError("fnn cells run one per worker: do not set 'workers' in a sweep")
    return TrainConfig.from_dict({k: v for k, v in settings.items() if k not in SPLIT_KEYS})


def validate(settings: dict) -> None:
    """Raise ``NucmassError`` unless ``settings`` are valid fnn settings."""
    from nucmass.data.splits import SPLIT_NAMES

    if settings.get("split") not in SPLIT_NAMES:
        raise NucmassError(f"fnn needs split = one of {', '.join(SPLIT_NAMES)}")
    seed = settings.get("split_seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise NucmassError("split_seed must be an integer >= 0")
    try:
        train_config(settings)
    except TypeError as error:
        raise NucmassError(f"bad fnn setting: {error}") from None


def run_cell(settings: dict, seeds: list[int], out_dir: Path) -> dict:
    """Train the seeds as one ensemble (see the module docstring)."""
    from nucmass.data.splits import get_split
    from nucmass.models.ensemble import FNNEnsemble
    from nucmass.train.engine import train_ensemble

    config, out_dir = train_config(settings), Path(out_dir)
    split = get_split(settings["split"], settings.get("split_seed", 0))
    result = train_ensemble(config, seeds, split.table())
    info = {"train_config": config.to_dict(), "seeds": [int(s) for s in seeds],
            "split": split.name, "split_seed": split.seed, "split_hash": split.hash}  # fmt: skip
    model = FNNEnsemble(result.final, result.scaler, config.inputs, result.failed, info)
    model_dir = model.save(out_dir / "ensemble")
    results = {}
    for i, seed in enumerate(seeds):
        metrics = {f"rmsd_{part}": float(values[i]) for part, values in result.rmsd.items()}
        metrics["final_loss"] = float(result.losses[i, -1]) if not result.failed[i] else np.nan
        arrays = out_dir / f"seed-{seed}.npz"
        np.savez(arrays, losses=result.losses[i])
        results[seed] = {"metrics": metrics, "arrays": arrays.name, "model": model_dir.name}
    return results
