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
from nucmass.limits import (
    AME_NUCLEI,
    MAX_DEPTH,
    MAX_EPOCHS,
    MAX_SEED,
    MAX_WIDTH,
    check_integer,
    check_number,
    fnn_memory_bytes,
)

__all__ = ["VINTAGES", "estimate", "fnn_configs", "load_training_table", "run_cell", "validate"]

DATA_KEYS = ("data", "split_seed")
EXECUTION_KEYS = ("strategy", "chunk_epochs")
VINTAGES = ("ame2020", "ame2016", "ame2003")
# Checked before the configs are built (cheap: no JAX): integer ranges, positive numbers.
INTEGERS = {"width": (1, MAX_WIDTH), "depth": (1, MAX_DEPTH), "epochs": (1, MAX_EPOCHS),
            "switch_epoch": (0, MAX_EPOCHS), "batch_size": (1, AME_NUCLEI),
            "chunk_epochs": (1, MAX_EPOCHS), "split_seed": (0, MAX_SEED)}  # fmt: skip
POSITIVE = ("adam_lr", "c_w")
# Rough cost of one network-epoch on one core: overhead + FLOPs at 80 GFLOP/s (BENCHMARKS.md
# measured 90-120 at large widths; the Table I projection there is 1524 core-hours).
EPOCH_OVERHEAD_SECONDS, FLOPS_PER_SECOND = 5e-5, 8e10
PROCESS_BYTES = 1e9  # a worker with JAX loaded


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


def _check_numbers(settings: dict) -> None:
    """Ranges of the numeric settings (module constants), finite positive rates."""
    for key, (low, high) in INTEGERS.items():
        if key in settings:
            check_integer(key, settings[key], low, high)
    for key in (k for k in POSITIVE if k in settings):
        check_number(key, settings[key], positive=True)
    if "c_b" in settings:
        check_number("c_b", settings["c_b"], low=0.0)
    for key in ("raw_rates", "raw_rates_fine"):
        rates = settings.get(key, [1.0, 1.0])
        if not isinstance(rates, list) or len(rates) != 2:
            raise NucmassError(f"{key} must be two numbers [b, W]")
        for rate in rates:
            check_number(key, rate, positive=True)


def validate(settings: dict) -> None:
    """Raise ``NucmassError`` unless ``settings`` are valid fnn settings."""
    from nucmass.data.splits import SPLIT_NAMES

    if settings.get("data") not in VINTAGES + SPLIT_NAMES:
        choices = ", ".join(VINTAGES + SPLIT_NAMES)
        raise NucmassError(f"fnn needs data = an AME vintage or a split: {choices}")
    _check_numbers(settings)
    try:
        model, training, _ = fnn_configs(settings)
        training.variances(model)  # an activation without a critical point needs c_b, c_w
    except TypeError as error:
        raise NucmassError(f"bad fnn setting: {error}") from None


def estimate(settings: dict, seeds: int) -> tuple[float, float]:
    """(CPU seconds, peak bytes) of one cell of ``seeds`` networks (rough; defaults of
    ``FNNConfig`` and ``Regime`` where a setting is absent)."""
    width, depth = settings.get("width", 100), settings.get("depth", 4)
    inputs, epochs = settings.get("inputs", 2), settings.get("epochs", 20000)
    weights = inputs * width + (depth - 1) * width**2 + width
    seconds_per_epoch = EPOCH_OVERHEAD_SECONDS + 6 * AME_NUCLEI * weights / FLOPS_PER_SECOND
    memory = PROCESS_BYTES + fnn_memory_bytes(width, depth, seeds, inputs)
    return seeds * epochs * seconds_per_epoch, memory


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
