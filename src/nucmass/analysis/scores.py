"""Scores beyond the pipeline's metrics: held-out comparisons with theory tables, headlines.

:func:`compare_with_theories` scores an ensemble and theory tables on the same nuclei of
one part (those the ensemble covers), the way paper 002 compares its MFDNN with HFB14 and
FRDM95. Residual = prediction - experiment (MeV).
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import headline, rmsd

__all__ = [
    "compare_with_theories",
    "headline_records",
    "heldout_residuals",
    "save_scores",
    "trained_report",
]


def heldout_residuals(ensemble, table: pd.DataFrame, part: str = "test", theories=(),
                      data_dir=None) -> tuple[pd.DataFrame, np.ndarray, int]:  # fmt: skip
    """Per-nucleus residuals (MeV) on ``part`` of the ensemble mean and each theory table.

    Parameters
    ----------
    ensemble : Ensemble
    table : pandas.DataFrame
        Split table: Z, N, A, part, binding_energy (experiment, MeV).
    part : str
        The part scored.
    theories : sequence of str
        Theory tables compared on the same nuclei (``load_theory`` names).
    data_dir : path, optional
        RIPL-4 directory for RIPL tables.

    Returns
    -------
    (frame, members, uncovered)
        ``frame``: Z, N, A, ensemble, <theory>... for the m covered nuclei; ``members``:
        member residuals (K, m); ``uncovered``: nuclei of the part without a prediction.
    """
    rows = table[table.part == part]
    z, n, b = rows.Z.to_numpy(), rows.N.to_numpy(), rows.binding_energy.to_numpy(dtype=float)
    members = np.asarray(ensemble.predict_members(z, n))
    covered = np.isfinite(members).all(axis=0)
    residual = members[:, covered] - b[covered]
    frame = rows.loc[covered, ["Z", "N", "A"]].assign(ensemble=residual.mean(axis=0))
    for name in theories:
        frame[name] = theory_binding_energy(z[covered], n[covered], name, data_dir) - b[covered]
    return frame.reset_index(drop=True), residual, int((~covered).sum())


def compare_with_theories(ensemble, table: pd.DataFrame, part: str = "test", theories=(),
                          data_dir=None) -> dict:  # fmt: skip
    """RMSDs (MeV) on ``part`` of every member, the ensemble mean and each theory table.

    Returns a dict with ``part``, ``n`` (nuclei scored), ``uncovered``, ``member_mean``,
    ``member_std`` (ddof = 1), ``ensemble``, ``members`` (list), one entry per theory, and
    the median |residual| ``"median_abs <name>"`` of the ensemble and each theory (robust
    to a few far-off nuclei). Arguments as :func:`heldout_residuals`.
    """
    frame, residual, uncovered = heldout_residuals(ensemble, table, part, theories, data_dir)
    member_rmsd = np.sqrt(np.mean(residual**2, axis=1))
    out = {"part": part, "n": len(frame), "uncovered": uncovered}
    out.update(
        member_mean=float(member_rmsd.mean()),
        member_std=float(member_rmsd.std(ddof=1)) if len(member_rmsd) > 1 else 0.0,
        ensemble=rmsd(frame.ensemble),
    )
    out["members"] = member_rmsd.round(4).tolist()
    for name in theories:
        out[name] = rmsd(frame[name])
    for name in ["ensemble", *theories]:
        out[f"median_abs {name}"] = float(np.median(np.abs(frame[name])))
    return out


def trained_report(trained, part: str = "test", theories=(), data_dir=None) -> dict:
    """JSON record of a :class:`nucmass.pipeline.Trained`: the candidates' validation
    scores (``choice``, None without candidates) and the winner (``chosen``), training
    nuclei (``n_train``) and those left out (``missing_train``), training wall time
    (``seconds``), and :func:`compare_with_theories` on ``part``."""
    info = trained.ensemble.info
    choice = None if trained.choice is None else trained.choice.to_dict(orient="records")
    report = {"chosen": trained.chosen, "choice": choice, "n_train": info["n_train"],
              "missing_train": info["missing"], "seconds": info["seconds"]}  # fmt: skip
    scores = compare_with_theories(trained.ensemble, trained.table, part, theories, data_dir)
    return {**report, **scores}


def headline_records(summary: pd.DataFrame) -> list[dict]:
    """The ``evaluation.headline`` rows of a summary as JSON records (MeV, 4 decimals)."""
    rows = headline(summary).round(4).replace({np.nan: None})
    return json.loads(rows.to_json(orient="records"))


def save_scores(out: Path, prefix: str, metrics: pd.DataFrame, summary: pd.DataFrame) -> None:
    """Write ``<prefix>_metrics.csv`` and ``<prefix>_summary.csv`` (MeV, 4 decimals)."""
    metrics.to_csv(Path(out) / f"{prefix}_metrics.csv", index=False, float_format="%.4f")
    summary.to_csv(Path(out) / f"{prefix}_summary.csv", index=False, float_format="%.4f")
