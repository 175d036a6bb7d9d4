"""Shared steps of the CoNN experiments and of ``nucmass train conn`` (paper 001).

Train an ensemble on a named split, evaluate every member and the ensemble mean on every
part and subset, and summarise over members (mean, std). The settings dictionaries of the
experiments name the architecture (``model``: CoNNConfig fields), the optimisation
(``train``: TrainConfig fields), the training seeds and the number of worker processes.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.splits import get_split
from nucmass.evaluation import evaluate
from nucmass.models.conn import CoNNConfig, CoNNEnsemble
from nucmass.models.residual import residual_table
from nucmass.train.conn import TrainConfig, train_ensemble

__all__ = [
    "HEADLINE",
    "configs",
    "ensemble_metrics",
    "headline",
    "summarise",
    "train_on_split",
    "with_overrides",
]

# (part, subset) pairs reported first; "all" part = every nucleus of the split.
HEADLINE = (
    ("all", "all"),
    ("train", "all"),
    ("validation", "all"),
    ("validation", "zn8"),
    ("validation", "light"),
    ("extrapolation", "all"),
    ("all", "measured"),
    ("all", "estimated"),
    ("all", "zn8"),
    ("all", "light"),
    ("test", "all"),
)


def with_overrides(settings: dict, extra: dict) -> dict:
    """``settings`` with a variant's ``{"model": {...}, "train": {...}}`` overrides merged in."""
    return {
        **settings,
        "model": {**settings["model"], **extra.get("model", {})},
        "train": {**settings["train"], **extra.get("train", {})},
    }


def configs(settings: dict) -> tuple[CoNNConfig, TrainConfig]:
    """The model and training configurations named by ``settings``."""
    config = CoNNConfig.from_dict({**CoNNConfig().to_dict(), **settings.get("model", {})})
    if settings.get("ablate"):
        config = config.ablate(settings["ablate"])
    return config, TrainConfig(**settings.get("train", {}))


def train_on_split(
    split_name: str, split_seed: int, settings: dict, on_member=None, baseline=None, data_dir=None
):
    """Train ``settings["seeds"]`` members on the training part of a split.

    Returns (CoNNEnsemble, split table with a ``part`` column). Only the ``train`` part
    enters training; the other parts are never looked at (fixed number of steps). With a
    ``baseline`` theory table the members learn B_exp - B_theory and the returned table holds
    those residual targets (nuclei the baseline lacks are left out: ``table.attrs["missing"]``).
    """
    config, tc = configs(settings)
    split = get_split(split_name, seed=split_seed)
    table = split.table()
    if baseline:
        table, missing = residual_table(table, baseline, data_dir, on_missing="drop")
        table.attrs["missing"] = missing
    train = table[table.part == "train"]
    info = {"split": split_name, "split_seed": split_seed, "split_hash": split.hash}
    ensemble, _ = train_ensemble(
        train.Z.to_numpy(),
        train.N.to_numpy(),
        train.binding_energy.to_numpy(),
        config,
        tc,
        settings["seeds"],
        workers=settings.get("workers", 1),
        info={**info, "baseline": baseline},
        on_member=on_member,
    )
    return ensemble, table


def ensemble_metrics(ensemble: CoNNEnsemble, table: pd.DataFrame) -> pd.DataFrame:
    """RMSD (MeV) per part and subset for each member and for the ensemble mean.

    Columns: model ("member-<seed>" or "ensemble"), part, subset, n, rmsd, mean, max_abs.
    """
    members = ensemble.predict_members(table.Z.to_numpy(), table.N.to_numpy())
    seeds = ensemble.info.get("seeds", list(range(len(members))))
    frames = [
        evaluate(table, prediction).assign(model=f"member-{seed}")
        for seed, prediction in zip(seeds, members, strict=True)
    ]
    frames.append(evaluate(table, members.mean(axis=0)).assign(model="ensemble"))
    return pd.concat(frames, ignore_index=True)


def summarise(metrics: pd.DataFrame, group: str = "model") -> pd.DataFrame:
    """Mean and std of the RMSDs over the rows whose ``group`` is not "ensemble".

    Returns one row per (part, subset) with n, mean_rmsd, std_rmsd (MeV) and, when the
    metrics contain an "ensemble" row, ensemble_rmsd.
    """
    members = metrics[metrics[group] != "ensemble"]
    keys = ["part", "subset"]
    out = members.groupby(keys, sort=False).agg(
        n=("n", "first"), mean_rmsd=("rmsd", "mean"), std_rmsd=("rmsd", "std")
    )
    ensemble = metrics[metrics[group] == "ensemble"].set_index(keys)
    if len(ensemble):
        out["ensemble_rmsd"] = ensemble.rmsd
    return out.reset_index()


def headline(summary: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``summary`` listed in ``HEADLINE``, in that order (missing ones skipped)."""
    index = summary.set_index(["part", "subset"])
    rows = [key for key in HEADLINE if key in index.index]
    return index.loc[rows].reset_index()


def write_tables(out: Path, name: str, metrics: pd.DataFrame, summary: pd.DataFrame) -> dict:
    """Write ``<name>_metrics.csv`` and ``<name>_summary.csv``; return the headline as JSON."""
    metrics.to_csv(out / f"{name}_metrics.csv", index=False, float_format="%.4f")
    summary.to_csv(out / f"{name}_summary.csv", index=False, float_format="%.4f")
    rows = headline(summary).round(4).replace({np.nan: None})
    return json.loads(rows.to_json(orient="records"))
