"""Gradient-boosted trees on the MFDNN's inputs: a library comparison baseline.

scikit-learn's ``HistGradientBoostingRegressor`` learns the same target as an MFDNN
residual model (B_exp - B_theory, MeV, a ``residual_table``) from (N, Z) and a named
feature set (``nucmass.data.features.FEATURE_SETS``), as the LightGBM-on-WS4 studies do.
Its learning rate and tree size are chosen on the validation part carved out of ``train``
(``carve_validation``: random 20%, seed 0, or the chain edges, as ``select_l2``); the
chosen regressor is then refit on all of ``train``. It is a documented comparison for
the experiments, not a package model kind.
"""

import itertools

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

from nucmass.data.features import feature_columns
from nucmass.evaluation import rmsd
from nucmass.train.validation import carve_validation

__all__ = ["BOOSTING_GRID", "boosting_inputs", "fit_boosting"]

# Validation grid; fixed: 1000 boosting iterations, L2 regularization 1, no early stopping.
BOOSTING_GRID = {"learning_rate": (0.05, 0.1), "max_leaf_nodes": (15, 31)}
_FIXED = {"max_iter": 1000, "l2_regularization": 1.0, "early_stopping": False}


def boosting_inputs(table: pd.DataFrame, features: str) -> np.ndarray:
    """Inputs (m, 2 + k): N, Z and the columns of feature set ``features``."""
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    return np.column_stack([n, z, feature_columns(z, n, features)]).astype(float)


def _fit(rows: pd.DataFrame, features: str, seed: int, **params):
    regressor = HistGradientBoostingRegressor(random_state=seed, **_FIXED, **params)
    return regressor.fit(boosting_inputs(rows, features), rows.binding_energy.to_numpy())


def fit_boosting(
    table: pd.DataFrame, features: str, grid=None, seed: int = 0, carve: str = "random"
) -> tuple:
    """Choose the hyperparameters by validation, refit on ``train``; (regressor, scores).

    ``table`` has Z, N, binding_energy (the target, MeV) and a ``part`` column; the
    validation part is ``carve`` (``carve_validation``); ``scores`` lists every grid point
    with its validation RMSD (MeV).
    """
    grid = grid or BOOSTING_GRID
    carved = carve_validation(table, seed, how=carve)
    fit_rows, validation = carved[carved.part == "train"], carved[carved.part == "validation"]
    records = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(grid, values, strict=True))
        predicted = _fit(fit_rows, features, seed, **params).predict(
            boosting_inputs(validation, features)
        )
        records.append({**params, "validation_rmsd": rmsd(predicted - validation.binding_energy)})
    scores = pd.DataFrame(records)
    best = scores.loc[scores.validation_rmsd.idxmin(), list(grid)].to_dict()
    best = {k: type(grid[k][0])(v) for k, v in best.items()}
    return _fit(table[table.part == "train"], features, seed, **best), scores
