"""Studies of feed-forward ensembles (paper 000 Sec. IV): member rows, sweeps, Table I.

:func:`sweep` fits one ensemble (:func:`nucmass.fit`) per point of a grid over fields of
an ``FNNConfig`` or a ``Regime`` and returns one row per member (:func:`member_rows`):
binding-energy RMSD (MeV) per part of the data, the parameter changes of training
(``history.initial`` against ``members``) and the hidden-layer Frobenius norms. Failed
members keep a row: a diverged member's parameters are frozen at their last finite
values, so its RMSD is that of those parameters, and ``failed`` marks it. A member whose
training predictions collapsed to a constant (status ``collapsed``) is not failed here:
Table I counts every run by its RMSD (the cut removes the bad ones), whatever it learned.

The statistics are the paper's: the Table I cut (RMSD > 100 MeV, NaN or diverged runs
excluded from mean and std but counted, :func:`table1_statistics`), the interquartile
exclusion of Figs. 10-12 (:func:`parameter_study`) and the loss curves per depth and
regime of Figs. 8-9 (:func:`regime_losses`). The cost model of a sweep is in
:mod:`nucmass.train.cost`.
"""

import dataclasses
import itertools

import numpy as np
import pandas as pd

from nucmass.data.ame import load_ame
from nucmass.data.splits import Split
from nucmass.errors import NucmassError
from nucmass.models.fnn import FNNConfig
from nucmass.train.config import Regime
from nucmass.train.fit import fit
from nucmass.train.metrics import frobenius_norms, parameter_deltas

__all__ = [
    "PAPER000_TARGET",
    "TABLE1_PAPER",
    "TABLE1_TARGETS",
    "TARGET_UNITS",
    "configure",
    "data_parts",
    "interquartile_mean",
    "mean_loss",
    "member_rmsd",
    "member_rows",
    "member_table",
    "parameter_study",
    "regime_losses",
    "regime_summary",
    "rmsd_statistics",
    "split_settings",
    "sweep",
    "table1_data",
    "table1_statistics",
]

# Paper 000 Table I: width -> (mean RMSD MeV, std MeV, number of runs), l_out = 4.
TABLE1_PAPER = {
    1: (71.9549, 0.0, 100), 4: (68.9716, 11.2120, 100), 10: (55.9824, 25.3620, 99),
    20: (35.2627, 31.6383, 99), 30: (14.9702, 24.1069, 98), 40: (6.0500, 12.0067, 99),
    50: (3.0745, 1.0921, 100), 60: (2.9027, 0.3699, 100), 70: (2.8203, 0.3005, 100),
    80: (2.7189, 0.3137, 100), 90: (2.6223, 0.2980, 100), 115: (2.5392, 0.2326, 100),
    120: (2.5250, 0.2221, 100), 180: (2.5964, 0.1523, 100), 240: (2.7347, 0.1328, 100),
    500: (3.1506, 0.1641, 100), 1000: (3.6029, 0.1780, 100), 2000: (4.0420, 0.1850, 84),
}  # fmt: skip

# What Table I's networks learn: "B" (B in MeV on all 3558 AME2020 nuclei, the paper as
# written) or "B/A" (binding energy per nucleon on the 3456 with Z, N >= 8, what the
# paper's 72 MeV mode shows: docs/results/paper000-training.md, table1_failure_mode),
# each with the unit of its MAE loss.
TARGET_UNITS = {"B": "MeV", "B/A": "MeV per nucleon"}
TABLE1_TARGETS = tuple(TARGET_UNITS)
# The target of the paper-000 training experiments (Figs. 8-14, Table I, Adam).
PAPER000_TARGET = "B/A"


def table1_data(target: str) -> tuple[pd.DataFrame, dict]:
    """(AME2020 nuclei, ``FNNConfig`` fields) of Table I's ``target`` (``TABLE1_TARGETS``)."""
    if target not in TABLE1_TARGETS:
        raise NucmassError(f"Table I target must be one of {', '.join(TABLE1_TARGETS)}")
    table = load_ame("ame2020")
    if target == "B":
        return table, {}
    heavy = table[(table.Z >= 8) & (table.N >= 8)].reset_index(drop=True)
    return heavy, {"target": "binding_per_nucleon"}


_MODEL_FIELDS = tuple(f.name for f in dataclasses.fields(FNNConfig))
_TRAINING_FIELDS = tuple(f.name for f in dataclasses.fields(Regime))


def split_settings(settings: dict) -> tuple[dict, dict]:
    """(``FNNConfig`` fields, ``Regime`` fields) of flat settings; other keys are an error."""
    unknown = set(settings) - set(_MODEL_FIELDS) - set(_TRAINING_FIELDS)
    if unknown:
        raise NucmassError(f"unknown fnn settings: {', '.join(sorted(unknown))}")
    model = {k: v for k, v in settings.items() if k in _MODEL_FIELDS}
    return model, {k: v for k, v in settings.items() if k in _TRAINING_FIELDS}


def configure(model: FNNConfig, training: Regime, changes: dict) -> tuple[FNNConfig, Regime]:
    """(model, training) with ``changes`` applied to the fields they name."""
    model_changes, training_changes = split_settings(changes)
    return model.replace(**model_changes), training.replace(**training_changes)


def data_parts(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rows per part, ``train`` first, the others in order of appearance; a table without a
    ``part`` column is all ``train`` (as :func:`nucmass.fit` trains on it)."""
    if "part" not in table:
        return {"train": table}
    parts = dict(tuple(table.groupby("part", sort=False)))
    return {"train": parts.pop("train"), **parts} if "train" in parts else parts


def member_rmsd(ensemble, table: pd.DataFrame) -> tuple[dict, dict]:
    """Binding-energy RMSD (MeV) of every member, failed ones included, per part.

    Returns ``rmsd`` (part -> (K,) array) and ``sizes`` (part -> nuclei scored: those the
    model predicts, i.e. all of them unless a theory baseline lacks some).
    """
    rmsd, sizes = {}, {}
    for part, rows in data_parts(table).items():
        z, n = rows.Z.to_numpy(), rows.N.to_numpy()
        members = ensemble.predict_members(z, n, include_failed=True)
        scored = ~np.isnan(members).all(axis=0)
        residual = members[:, scored] - rows.binding_energy.to_numpy(dtype=float)[scored]
        rmsd[part], sizes[part] = np.sqrt(np.mean(residual**2, axis=1)), int(scored.sum())
    return rmsd, sizes


def member_table(ensemble, table: pd.DataFrame) -> pd.DataFrame:
    """One row per member of a freshly fitted ensemble: ``seed``, ``status``, ``failed``
    (diverged), ``final_loss`` (MeV for MAE, MeV^2 for MSE; NaN once diverged) and
    ``rmsd_<part>`` (MeV) for every part of ``table``."""
    rmsd, _ = member_rmsd(ensemble, table)
    frame = pd.DataFrame(
        {
            "seed": ensemble.seeds,
            "status": list(ensemble.status),
            "failed": np.asarray(ensemble.status) == "diverged",
            "final_loss": ensemble.history.losses[:, -1],
        }
    )
    return frame.assign(**{f"rmsd_{part}": values for part, values in rmsd.items()})


def member_rows(ensemble, table: pd.DataFrame) -> pd.DataFrame:
    """:func:`member_table` plus the parameter changes of training per member
    (:func:`~nucmass.train.metrics.parameter_deltas`) and the Frobenius norms
    (``frob_before``, ``frob_after``, ``frob_difference``, ``frob_relative``)."""
    initial, final = ensemble.history.initial, ensemble.members
    norms = frobenius_norms(initial, final)
    changes = parameter_deltas(initial, final) | {f"frob_{k}": v for k, v in norms.items()}
    return member_table(ensemble, table).assign(**changes)


def mean_loss(ensemble) -> np.ndarray:
    """Member-mean training loss per epoch, shape (epochs,), ignoring diverged members."""
    return np.nanmean(ensemble.history.losses, axis=0)


def sweep(model, training, grid: dict, seeds, data, *, workers=1, progress=True) -> tuple:
    """Fit ``model`` with ``training`` at every point of ``grid``.

    Parameters
    ----------
    model : FNNConfig
    training : Regime
    grid : dict
        Field name (of ``FNNConfig`` or ``Regime``) -> values; every combination is fitted.
    seeds : sequence of int
        The members of every ensemble.
    data : Split or pandas.DataFrame
        As for :func:`nucmass.fit`; RMSDs are reported for each of its parts.
    workers : int
        Processes per fit.
    progress : bool
        Progress bars of the fits.

    Returns
    -------
    rows : pandas.DataFrame
        :func:`member_rows` of every ensemble, with a column per grid field.
    ensembles : dict
        Grid point (tuple of values, in the order of ``grid``) -> fitted ensemble.
    """
    table = data.table() if isinstance(data, Split) else data
    frames, ensembles = [], {}
    for point in itertools.product(*grid.values()):
        changes = dict(zip(grid, point, strict=True))
        point_model, point_training = configure(model, training, changes)
        ensemble = fit(point_model, data, point_training, seeds=seeds, workers=workers,
                       progress=progress)  # fmt: skip
        ensembles[point] = ensemble
        frames.append(member_rows(ensemble, table).assign(**changes))
    return pd.concat(frames, ignore_index=True), ensembles


def parameter_study(model, training, field, values, seeds, data, columns, *, workers=1) -> tuple:
    """Interquartile means (:func:`interquartile_mean`) of ``columns`` of
    :func:`member_rows` per value of ``field`` (paper 000 Figs. 10-12), diverged members
    left out.

    Returns
    -------
    rows : pandas.DataFrame
        The member rows of the sweep (diverged members dropped).
    means : pandas.DataFrame
        Indexed by the values of ``field``, one column per entry of ``columns``.
    """
    rows, _ = sweep(model, training, {field: values}, seeds, data, workers=workers)
    rows = rows[~rows.failed]
    return rows, rows.groupby(field).agg({column: interquartile_mean for column in columns})


def rmsd_statistics(rmsd, failed=None, cutoff: float = 100.0) -> dict:
    """Table I statistics: runs with RMSD > ``cutoff`` MeV, NaN, or failed are excluded.

    Returns mean, std (population, as numpy's default), the number of runs used and the
    number excluded.
    """
    rmsd = np.asarray(rmsd, dtype=float)
    bad = ~np.isfinite(rmsd) | (rmsd > cutoff)
    if failed is not None:
        bad |= np.asarray(failed, dtype=bool)
    kept = rmsd[~bad]
    return {
        "mean": float(kept.mean()) if kept.size else float("nan"),
        "std": float(kept.std()) if kept.size else float("nan"),
        "runs": int(kept.size),
        "excluded": int(bad.sum()),
    }


def interquartile_mean(values) -> float:
    """Mean of the finite values inside the interquartile fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR].

    Paper 000 Figs. 11-12: "outliers outside of the interquartile range of the distribution
    of each norm being excluded"; we read this as Tukey's fences (the literal [Q1, Q3] would
    leave nothing for two runs).
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return float("nan")
    q1, q3 = np.percentile(values, [25, 75])
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    return float(values[(values >= low) & (values <= high)].mean())


def table1_statistics(rows: pd.DataFrame, l_out: int, cutoff: float = 100.0) -> pd.DataFrame:
    """Our Table I statistics per width (:func:`rmsd_statistics` of ``rmsd_train``) next
    to the paper's (``TABLE1_PAPER``), with r = ``l_out`` / width and the number of runs
    near the 72 MeV failure mode (60-85 MeV)."""
    records = []
    for width, group in rows.groupby("width"):
        ours = rmsd_statistics(group.rmsd_train, group.failed, cutoff)
        paper = TABLE1_PAPER.get(int(width), (np.nan, np.nan, np.nan))
        near_72 = int(((group.rmsd_train > 60) & (group.rmsd_train < 85)).sum())
        records.append({"width": int(width), "r": l_out / width, "mean_MeV": ours["mean"],
                        "std_MeV": ours["std"], "runs": ours["runs"],
                        "excluded": ours["excluded"], "failed": int(group.failed.sum()),
                        "runs_60_85_MeV": near_72, "paper_mean_MeV": paper[0],
                        "paper_std_MeV": paper[1], "paper_runs": paper[2]})  # fmt: skip
    return pd.DataFrame(records)


def regime_losses(model, training, depths, regimes, seeds, data, *, workers=1) -> tuple:
    """Loss curves per (depth, regime) of paper 000 Figs. 8-9 and one row per member.

    Returns
    -------
    curves : pandas.DataFrame
        ``epoch`` (1-based) and the member-mean loss (MeV) ``d{depth}_{regime}`` per epoch.
    members : pandas.DataFrame
        depth, regime, seed, failed, final_loss_MeV, min_loss_MeV and rmsd_MeV (training
        part) per member.
    """
    grid = {"depth": list(depths), "regime": list(regimes)}
    rows, ensembles = sweep(model, training, grid, seeds, data, workers=workers)
    curves = pd.DataFrame({f"d{d}_{r}": mean_loss(e) for (d, r), e in ensembles.items()})
    curves.insert(0, "epoch", np.arange(1, len(curves) + 1))
    minima = [np.nanmin(e.history.losses, axis=1) for e in ensembles.values()]
    members = rows[["depth", "regime", "seed", "failed"]].assign(
        final_loss_MeV=rows.final_loss, min_loss_MeV=np.concatenate(minima),
        rmsd_MeV=rows.rmsd_train,
    )  # fmt: skip
    return curves, members


def regime_summary(members: pd.DataFrame) -> dict:
    """Mean final loss (MeV) per depth and regime of :func:`regime_losses` members, and
    the depths at which CICT ends lowest."""
    table = members.groupby(["depth", "regime"]).final_loss_MeV.mean().unstack()
    return {
        "final_loss_MeV": {f"depth {d}": row.round(3).to_dict() for d, row in table.iterrows()},
        "cict_lowest_at_depths": [int(d) for d, row in table.iterrows()
                                  if row.idxmin() == "cict"],
    }  # fmt: skip
