"""Comparison baselines from outside the package's model families: gradient-boosted trees.

:func:`fit_boosting` fits scikit-learn's ``HistGradientBoostingRegressor`` to the target
of an MFDNN residual model, B_exp - B_theory (MeV) on a theory ``baseline`` (B itself
without one), from N, Z and a named feature set (``nucmass.data.features.FEATURE_SETS``),
as the LightGBM-on-WS4 studies do. Its learning rate and tree size are chosen on the
validation part carved out of ``train`` (``carve_validation``: a random 20 %, or the
chain ends), as the pipeline chooses lambda; the chosen regressor is then refit on all of
``train``. Nuclei the baseline lacks are left out. A documented comparison for the
experiments, not a model family.
"""

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

from nucmass.data.features import feature_columns
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd
from nucmass.train.validation import carve_validation

__all__ = ["BOOSTING_GRID", "MAX_ITER", "Boosting", "boosting_inputs", "fit_boosting"]

# Validation grid; fixed: L2 regularization 1, no early stopping.
BOOSTING_GRID = {"learning_rate": (0.05, 0.1), "max_leaf_nodes": (15, 31)}
MAX_ITER = 1000  # boosting iterations (trees) of the experiments


def boosting_inputs(z, n, features: str) -> np.ndarray:
    """Inputs (m, 2 + k) float64: N, Z and the k columns of feature set ``features``."""
    z, n = np.asarray(z), np.asarray(n)
    return np.column_stack([n, z, feature_columns(z, n, features)]).astype(float)


def _theory(z, n, baseline, data_dir) -> np.ndarray:
    """B_theory (MeV), shape (m,): zeros without a baseline, NaN where it lacks a nucleus."""
    if baseline is None:
        return np.zeros(len(np.asarray(z)))
    return theory_binding_energy(z, n, baseline, data_dir)


@dataclass(frozen=True)
class Boosting:
    """Fitted trees on a baseline: B(Z, N) = B_theory + trees(N, Z, features), in MeV."""

    regressor: HistGradientBoostingRegressor
    features: str
    baseline: "str | None" = None
    data_dir: "str | None" = None

    def predict(self, z, n) -> np.ndarray:
        """Binding energies (MeV), shape (m,); NaN where the baseline lacks a nucleus."""
        correction = self.regressor.predict(boosting_inputs(z, n, self.features))
        return _theory(z, n, self.baseline, self.data_dir) + correction


def _targets(rows: pd.DataFrame, baseline, data_dir) -> pd.DataFrame:
    """The rows the baseline covers, with ``target`` = B - B_theory (MeV)."""
    theory = _theory(rows.Z.to_numpy(), rows.N.to_numpy(), baseline, data_dir)
    rows = rows.assign(target=rows.binding_energy.to_numpy(dtype=float) - theory)
    return rows[np.isfinite(rows.target.to_numpy())]


def _fit(rows: pd.DataFrame, features: str, seed: int, max_iter: int, **params):
    regressor = HistGradientBoostingRegressor(
        max_iter=max_iter, l2_regularization=1.0, early_stopping=False, random_state=seed,
        **params,
    )  # fmt: skip
    return regressor.fit(boosting_inputs(rows.Z, rows.N, features), rows.target.to_numpy())


def _scores(carved: pd.DataFrame, features: str, grid: dict, seed: int, max_iter: int):
    """Validation RMSD (MeV) of every grid point, as a DataFrame (grid columns + score)."""
    fit_rows, validation = carved[carved.part == "train"], carved[carved.part == "validation"]
    x_validation = boosting_inputs(validation.Z, validation.N, features)
    records = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(grid, values, strict=True))
        predicted = _fit(fit_rows, features, seed, max_iter, **params).predict(x_validation)
        records.append({**params, "validation_rmsd": rmsd(predicted - validation.target)})
    return pd.DataFrame(records)


def fit_boosting(
    table: pd.DataFrame, features: str, *, baseline=None, data_dir=None, grid=None,
    seed: int = 0, carve: str = "random", max_iter: int = MAX_ITER,
) -> tuple[Boosting, pd.DataFrame]:  # fmt: skip
    """Choose the hyper-parameters by validation and refit on ``train``.

    Parameters
    ----------
    table : pandas.DataFrame
        Z, N, binding_energy (MeV) and ``part``; only ``train`` rows are used.
    features : str
        Feature set of the inputs (``boosting_inputs``).
    baseline, data_dir : str, optional
        Theory table whose residual the trees learn, and the RIPL-4 directory.
    grid : dict, optional
        Parameter name -> values (default ``BOOSTING_GRID``).
    seed, carve : int, str
        Seed and kind (random, edge) of the validation carve; also the trees' seed.
    max_iter : int
        Boosting iterations of every fit.

    Returns
    -------
    (Boosting, pandas.DataFrame)
        The refit model and every grid point with its validation RMSD (MeV).
    """
    grid = grid or BOOSTING_GRID
    carved = _targets(carve_validation(table, seed, how=carve), baseline, data_dir)
    scores = _scores(carved, features, grid, seed, max_iter)
    best = scores.loc[scores.validation_rmsd.idxmin(), list(grid)].to_dict()
    best = {k: type(grid[k][0])(v) for k, v in best.items()}
    train = _targets(table[table.part == "train"], baseline, data_dir)
    regressor = _fit(train, features, seed, max_iter, **best)
    return Boosting(regressor, features, baseline, data_dir), scores
