"""What a network that failed to learn computes (paper 000 Table I's narrow widths).

Paper 000 finds the runs at r >= 1 "entirely centered around 72 MeV". To say what such a
network computes, each member's predictions B_hat (MeV, on the nuclei of a table) are
compared with simple functions of (N, Z):

- ``constant``: B_hat does not vary (every path through the ReLUs is dead);
- ``plane_r2``: the share of B_hat's variance a least-squares plane a + b N + c Z
  explains (1 for a network that is linear on the whole chart);
- ``flat_fraction``: the share of nuclei at which B_hat sits at its minimum or maximum
  (within 1 keV): the part of the chart a ReLU cuts off;
- ``slope_N``, ``slope_Z``: the plane's coefficients (MeV per nucleon);
- ``per_nucleon_constant``: c (MeV) when B_hat = c A on every nucleus (a network that
  learns B/A and whose paths are all dead), else NaN;

and ``constant_at_init``: whether the member's initial network was already constant (a
ReLU network with C_b = 0 and inputs in [0, 1] is, when one layer has no unit alive on
the data; no gradient then reaches its weights, only the output bias trains).
"""

import dataclasses

import numpy as np
import pandas as pd

__all__ = ["describe_members", "function_summary"]

FLAT_TOLERANCE = 1e-3  # MeV
PER_NUCLEON_TOLERANCE = 1e-5  # MeV per nucleon


def function_summary(prediction, z, n) -> dict:
    """Descriptors of one member's predictions ``prediction`` (m,) at nuclei (z, n)."""
    prediction = np.asarray(prediction, dtype=float)
    design = np.column_stack([np.ones(len(prediction)), n, z]).astype(float)
    spread = prediction.std()
    per_nucleon = prediction / (np.asarray(z, float) + np.asarray(n, float))
    flat_per_nucleon = per_nucleon.std() < PER_NUCLEON_TOLERANCE
    constant_c = {"per_nucleon_constant": float(per_nucleon.mean()) if flat_per_nucleon else np.nan}
    if not np.isfinite(spread) or spread < FLAT_TOLERANCE:
        return {"constant": True, "plane_r2": np.nan, "flat_fraction": 1.0,
                "slope_N": 0.0, "slope_Z": 0.0, **constant_c}  # fmt: skip
    coefficients, *_ = np.linalg.lstsq(design, prediction, rcond=None)
    residual = prediction - design @ coefficients
    flat = (prediction <= prediction.min() + FLAT_TOLERANCE) | (
        prediction >= prediction.max() - FLAT_TOLERANCE
    )
    return {"constant": False, "plane_r2": 1.0 - residual.var() / spread**2,
            "flat_fraction": float(flat.mean()), "slope_N": float(coefficients[1]),
            "slope_Z": float(coefficients[2]), **constant_c}  # fmt: skip


def describe_members(ensemble, table: pd.DataFrame) -> pd.DataFrame:
    """:func:`function_summary` of every member (failed ones included) on ``table``, plus
    ``constant_at_init`` from the ensemble's initial members (None for a loaded model,
    which does not keep them)."""
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    final = ensemble.predict_members(z, n, include_failed=True)
    frame = pd.DataFrame([function_summary(row, z, n) for row in final]).assign(seed=ensemble.seeds)
    if ensemble.history is None:
        return frame.assign(constant_at_init=None)
    initial = dataclasses.replace(ensemble, members=ensemble.history.initial)
    start = initial.predict_members(z, n, include_failed=True)
    return frame.assign(constant_at_init=[function_summary(r, z, n)["constant"] for r in start])
