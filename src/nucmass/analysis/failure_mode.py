"""Which simple function has paper 000's "72 MeV" RMSD (Table I, width 1: 71.9549 MeV,
sigma 0.0000 over 100 runs)?

A standard deviation of 0.0000 over 100 independently initialized networks means every
run computes the same function: a deterministic end point, not a partly trained network.
:func:`failure_mode_candidates` scores the functions a network of one unit per layer can
end at, each the optimum of a loss, on the data sets paper 000 could have used:

- a constant B (every ReLU path dead; MAE -> the median of B, MSE -> the mean);
- a constant B/A, i.e. B_hat = c A (the same dead network when it learns B/A, the
  binding energy per nucleon that AME's mass table lists; MAE -> median, MSE -> mean);
- a plane a + b N + c Z and a line a + b A (every ReLU alive; L1 and least squares).

RMSDs are of B (MeV) over the data set the predictor is fitted on, as Table I's are.
"""

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

__all__ = ["PAPER_FAILURE_RMSD", "data_sets", "failure_mode_candidates", "l1_fit"]

PAPER_FAILURE_RMSD = 71.9549  # MeV, paper 000 Table I, width 1 (r = 4)


def l1_fit(design: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-absolute-deviation coefficients (p,) of ``y`` (m,) on ``design`` (m, p).

    The linear program min sum t_i subject to -t <= y - X beta <= t (HiGHS).
    """
    m, p = design.shape
    eye = sparse.identity(m, format="csr")
    bounds = sparse.vstack([sparse.hstack([design, -eye]), sparse.hstack([-design, -eye])])
    cost = np.r_[np.zeros(p), np.ones(m)]
    limits = [(None, None)] * p + [(0, None)] * m
    result = linprog(cost, A_ub=bounds, b_ub=np.r_[y, -y], bounds=limits, method="highs")
    return result.x[:p]


def data_sets(ame2020: pd.DataFrame, ame2016: pd.DataFrame) -> dict:
    """Name -> table: AME2020 and AME2016, all nuclei or Z, N >= 8, measured or not."""
    sets = {}
    for vintage, table in (("AME2020", ame2020), ("AME2016", ame2016)):
        heavy = (table.Z >= 8) & (table.N >= 8)
        measured = ~table.is_estimated
        sets[f"{vintage} all"] = table
        sets[f"{vintage} Z,N>=8"] = table[heavy]
        sets[f"{vintage} measured"] = table[measured]
        sets[f"{vintage} measured Z,N>=8"] = table[measured & heavy]
    return sets


def _predictors(table: pd.DataFrame) -> dict:
    """Predictor name -> B_hat (m,) MeV, each the optimum of its loss on ``table``."""
    b = table.binding_energy.to_numpy(float)
    z, n = table.Z.to_numpy(float), table.N.to_numpy(float)
    a = z + n
    per_nucleon = b / a
    plane = np.column_stack([np.ones_like(b), n, z])
    line = np.column_stack([np.ones_like(b), a])
    return {
        "constant B, MAE (median)": np.full_like(b, np.median(b)),
        "constant B, MSE (mean)": np.full_like(b, b.mean()),
        "constant B/A, MAE (median)": np.median(per_nucleon) * a,
        "constant B/A, MSE (mean)": per_nucleon.mean() * a,
        "plane in N, Z, L1": plane @ l1_fit(plane, b),
        "plane in N, Z, least squares": plane @ np.linalg.lstsq(plane, b, rcond=None)[0],
        "line in A, L1": line @ l1_fit(line, b),
    }


def failure_mode_candidates(sets: dict, reference: float = PAPER_FAILURE_RMSD) -> pd.DataFrame:
    """RMSD (MeV) of every candidate predictor on every data set, closest first.

    Parameters
    ----------
    sets : dict
        Name -> table with Z, N, binding_energy (MeV) (:func:`data_sets`).
    reference : float
        The RMSD to explain (MeV).

    Returns
    -------
    pandas.DataFrame
        Columns data, nuclei, predictor, rmsd_MeV, minus_reference_MeV.
    """
    rows = []
    for name, table in sets.items():
        b = table.binding_energy.to_numpy(float)
        for predictor, values in _predictors(table).items():
            rmsd = float(np.sqrt(np.mean((b - values) ** 2)))
            rows.append({"data": name, "nuclei": len(table), "predictor": predictor,
                         "rmsd_MeV": rmsd, "minus_reference_MeV": rmsd - reference})  # fmt: skip
    frame = pd.DataFrame(rows)
    order = frame.minus_reference_MeV.abs().sort_values().index
    return frame.loc[order].reset_index(drop=True)
