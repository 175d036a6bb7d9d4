"""Accuracy of mass predictions: residuals and RMSDs per part and per subset.

Residual = prediction - experiment (MeV). Every RMSD is reported with the size of its set.
Subsets of a part: all, measured (no AME ``#``), estimated, light (A < 16), heavy
(A >= 16), and zn8 (Z, N >= 8, the usual set for theory RMSDs).
"""

import numpy as np
import pandas as pd

from nucmass.errors import NucmassError

__all__ = [
    "HEADLINE",
    "SUBSETS",
    "compare_tables",
    "ensemble_metrics",
    "evaluate",
    "headline",
    "rmsd",
    "subset_masks",
    "summarise",
]

LIGHT_A = 16  # nuclei with A < LIGHT_A are "light"


def rmsd(residual) -> float:
    """Root-mean-square of ``residual`` (NaN for an empty set)."""
    residual = np.asarray(residual, dtype=float)
    return float(np.sqrt(np.mean(residual**2))) if residual.size else float("nan")


def subset_masks(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Boolean masks of the standard subsets of ``table`` (needs Z, N, A, is_estimated)."""
    measured = ~table.is_estimated.to_numpy(dtype=bool)
    light = table.A.to_numpy() < LIGHT_A
    zn8 = (table.Z.to_numpy() >= 8) & (table.N.to_numpy() >= 8)
    everything = np.ones(len(table), dtype=bool)
    return {
        "all": everything,
        "measured": measured,
        "estimated": ~measured,
        "light": light,
        "heavy": ~light,
        "zn8": zn8,
    }


SUBSETS = ("all", "measured", "estimated", "light", "heavy", "zn8")


def evaluate(table: pd.DataFrame, predicted) -> pd.DataFrame:
    """RMSD of ``predicted`` binding energies against ``table`` per part and subset.

    Parameters
    ----------
    table : pandas.DataFrame, length m
        Targets with Z, N, A, is_estimated, binding_energy (MeV) and optionally ``part``
        (e.g. ``Split.table()``); without ``part`` everything is one part ``"all"``.
    predicted : array_like, shape (m,)
        Predicted binding energies (MeV), aligned with ``table``.

    Returns
    -------
    pandas.DataFrame
        One row per (part, subset) with n, rmsd, mean (bias) and max_abs residual (MeV);
        the row part ``"all"`` covers every nucleus of the table; empty subsets are left out.
        Nuclei without a prediction (NaN: a theory table the model needs lacks them) are
        not scored; ``n`` counts the scored ones.
    """
    predicted = np.asarray(predicted, dtype=float)
    if predicted.shape != (len(table),):
        raise NucmassError(f"{predicted.shape[0]} predictions for {len(table)} nuclei")
    covered = np.isfinite(predicted)
    if not covered.all():
        table, predicted = table[covered], predicted[covered]
    residual = predicted - table.binding_energy.to_numpy(dtype=float)
    parts = table.part.to_numpy() if "part" in table else np.full(len(table), "all")
    names = list(dict.fromkeys(parts)) + ([] if "part" not in table else ["all"])
    rows = []
    for part in names:
        in_part = np.ones(len(table), dtype=bool) if part == "all" else parts == part
        for subset, mask in subset_masks(table).items():
            r = residual[in_part & mask]
            max_abs = float(np.abs(r).max()) if r.size else float("nan")
            rows.append(
                (
                    part,
                    subset,
                    r.size,
                    rmsd(r),
                    float(np.mean(r)) if r.size else float("nan"),
                    max_abs,
                )
            )
    frame = pd.DataFrame(rows, columns=["part", "subset", "n", "rmsd", "mean", "max_abs"])
    return frame[frame.n > 0].reset_index(drop=True)


def compare_tables(targets: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    """RMSD of a predicted table against targets on the nuclei both contain.

    Parameters
    ----------
    targets, predicted : pandas.DataFrame
        Both with Z, N, binding_energy (MeV); e.g. a split part and a theory table.

    Returns
    -------
    dict
        ``n`` (nuclei compared), ``rmsd`` (MeV), ``missing`` (target nuclei absent from
        ``predicted``, reported rather than silently dropped).
    """
    joined = targets[["Z", "N", "binding_energy"]].merge(
        predicted[["Z", "N", "binding_energy"]], on=["Z", "N"], suffixes=("", "_pred")
    )
    residual = joined.binding_energy_pred - joined.binding_energy
    return {"n": len(joined), "rmsd": rmsd(residual), "missing": len(targets) - len(joined)}


# (part, subset) pairs reported first; part "all" = every nucleus of the table.
HEADLINE = (
    ("all", "all"),
    ("train", "all"),
    ("validation", "all"),
    ("validation", "zn8"),
    ("validation", "light"),
    ("extrapolation", "all"),
    ("test", "all"),
    ("test", "zn8"),
    ("all", "measured"),
    ("all", "estimated"),
    ("all", "zn8"),
    ("all", "light"),
)


def ensemble_metrics(model, table: pd.DataFrame) -> pd.DataFrame:
    """RMSD (MeV) per part and subset of every member and of the ensemble mean.

    ``model`` is an :class:`~nucmass.models.ensemble.Ensemble`. Every member is scored,
    failed ones included (column ``status``: ok, diverged or collapsed); the ensemble mean
    is that of the good members and is absent when none is good. Columns: model
    (``"member-<seed>"`` or ``"ensemble"``), status, part, subset, n, rmsd, mean, max_abs
    (see :func:`evaluate`).
    """
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    members = model.predict_members(z, n, include_failed=True)
    frames = [
        evaluate(table, prediction).assign(model=f"member-{seed}", status=status)
        for seed, status, prediction in zip(model.seeds, model.status, members, strict=True)
    ]
    if model.ok.any():
        mean = members[model.ok].mean(axis=0)
        frames.append(evaluate(table, mean).assign(model="ensemble", status="ok"))
    return pd.concat(frames, ignore_index=True)


def summarise(metrics: pd.DataFrame, group: str = "model") -> pd.DataFrame:
    """Mean and std (ddof = 1) of the good members' RMSDs per (part, subset).

    Returns one row per (part, subset) with n, mean_rmsd, std_rmsd (MeV) and, when the
    metrics contain an ``"ensemble"`` row, ensemble_rmsd. Rows of members whose
    ``status`` is not ``ok`` are left out.
    """
    members = metrics[metrics[group] != "ensemble"]
    if "status" in members:
        members = members[members.status == "ok"]
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
