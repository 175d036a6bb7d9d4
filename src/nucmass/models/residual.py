"""Residual learning on a theory baseline: B(Z, N) = B_theory(Z, N) + correction(Z, N).

Any model family learns the correction: train it on :func:`residual_table` (a split
table whose ``binding_energy`` column is replaced by the residual B_exp - B_theory, MeV),
then wrap it in :class:`ResidualModel`, which adds the named theory table back at
prediction time. Saved as kind ``"residual"``: ``config.json`` holds the baseline name and
RIPL-4 directory, and the inner model is saved in the subdirectory ``inner/`` (any kind).

Nuclei the baseline table lacks are never dropped silently: :func:`residual_table`
raises or returns them as a report, and predictions for them are NaN.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.lowfidelity import ON_MISSING
from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError
from nucmass.models.base import load_model, read_config, save_config

__all__ = ["INNER_DIR", "ResidualModel", "baseline_binding_energy", "load", "residual_table"]

INNER_DIR = "inner"


def baseline_binding_energy(z, n, baseline: str, data_dir=None) -> np.ndarray:
    """B_theory (MeV), shape (m,), of table ``baseline`` for nuclei (z, n); NaN if absent."""
    table = load_theory(baseline, data_dir).set_index(["Z", "N"]).binding_energy
    keys = pd.MultiIndex.from_arrays(
        [np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)], names=["Z", "N"]
    )
    return table.reindex(keys).to_numpy(dtype=float)


def residual_table(
    table: pd.DataFrame, baseline: str, data_dir=None, on_missing: str = "error"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn a split table into residual targets on ``baseline``.

    Parameters
    ----------
    table : pandas.DataFrame
        Z, N, binding_energy (MeV) and any other columns (e.g. ``Split.table()``).
    baseline : str
        Theory table name (``load_theory``).
    on_missing : {"error", "drop"}
        Nuclei the baseline lacks: raise, or leave out and report.

    Returns
    -------
    table : pandas.DataFrame
        Covered rows; ``binding_energy`` = B_exp - B_theory (MeV), plus the columns
        ``binding_energy_exp`` and ``binding_energy_baseline`` (MeV).
    missing : pandas.DataFrame
        Z, N, table of the nuclei the baseline lacks.
    """
    if on_missing not in ON_MISSING:
        raise NucmassError(f"on_missing must be one of {', '.join(ON_MISSING)}, not {on_missing!r}")
    theory = baseline_binding_energy(table.Z, table.N, baseline, data_dir)
    covered = np.isfinite(theory)
    missing = table.loc[~covered, ["Z", "N"]].reset_index(drop=True).assign(table=baseline)
    if len(missing) and on_missing == "error":
        raise NucmassError(
            f"{len(missing)} nuclei are missing from the baseline {baseline} "
            f"(e.g. Z={missing.Z.iloc[0]}, N={missing.N.iloc[0]}); use on_missing='drop'"
        )
    out = table.reset_index(drop=True).assign(
        binding_energy_exp=table.binding_energy.to_numpy(),
        binding_energy_baseline=theory,
        binding_energy=table.binding_energy.to_numpy() - theory,
    )
    return out[covered].reset_index(drop=True), missing


class ResidualModel:
    """Theory baseline + learned correction; a ``MassModel`` of kind ``"residual"``.

    Parameters
    ----------
    baseline : str
        Theory table name.
    inner : MassModel
        Predicts the correction B - B_theory (MeV) from (z, n).
    data_dir : str, optional
        RIPL-4 directory (for RIPL baselines such as WS4).
    """

    kind = "residual"

    def __init__(self, baseline: str, inner, data_dir: "str | None" = None):
        self.baseline, self.inner = baseline, inner
        self.data_dir = None if data_dir is None else str(data_dir)

    def _baseline(self, z, n) -> np.ndarray:
        return baseline_binding_energy(z, n, self.baseline, self.data_dir)

    def predict_members(self, z, n) -> np.ndarray:
        """B_theory + each member's correction (MeV), shape (K, m); K = 1 for single models."""
        if hasattr(self.inner, "predict_members"):
            correction = np.asarray(self.inner.predict_members(z, n), dtype=float)
        else:
            correction = np.asarray(self.inner.predict(z, n), dtype=float)[None]
        return self._baseline(z, n)[None] + correction

    def predict(self, z, n) -> np.ndarray:
        """B_theory + correction (MeV), shape (m,); NaN where the baseline lacks a nucleus."""
        return self._baseline(z, n) + np.asarray(self.inner.predict(z, n), dtype=float)

    def save(self, directory: "str | Path") -> Path:
        """Write ``config.json`` and the inner model into ``directory/inner``."""
        directory = save_config(
            directory,
            {
                "kind": self.kind,
                "baseline": self.baseline,
                "data_dir": self.data_dir,
                "inner": INNER_DIR,
            },
        )
        self.inner.save(directory / INNER_DIR)
        return directory


def load(directory: "str | Path") -> ResidualModel:
    """Load a model saved by :meth:`ResidualModel.save` (the inner model by its own kind)."""
    config = read_config(directory)
    inner = load_model(Path(directory) / config.get("inner", INNER_DIR))
    return ResidualModel(config["baseline"], inner, config.get("data_dir"))
