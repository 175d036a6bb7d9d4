"""From data to a training problem: the rows trained on, scaled inputs and targets.

``data`` is a :class:`~nucmass.data.splits.Split` or a table with Z, N, binding_energy
(MeV) and optionally ``part``. Training uses the ``train`` part (or every row without a
``part`` column). The target is B, B - B_baseline on a theory baseline, B/A for
``target = "binding_per_nucleon"`` or the mass excess for ``target = "mass_excess"``.
Nuclei the family cannot take (a theory table lacks them) are left out of training and
counted in ``record["missing"]``: never dropped silently. Input scaling is fitted on the
training rows (the ``fnn`` family uses the (Z, N) ranges of every row of ``data``: inputs
only, never targets).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nucmass.data.ame import mass_excess_mev
from nucmass.data.splits import Split
from nucmass.data.theory import theory_binding_energy
from nucmass.errors import NucmassError
from nucmass.models.ensemble import Scaling, stack_members

__all__ = ["Problem", "covered_rows", "training_problem", "training_rows"]


def training_rows(data) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(training rows, all rows, record of the data) of a split or a table."""
    record = {}
    if isinstance(data, Split):
        record = {"split": data.name, "split_seed": data.seed, "split_hash": data.hash}
        data = data.table()
    if not isinstance(data, pd.DataFrame):
        raise NucmassError(f"fit needs a split or a table, not {type(data).__name__}")
    missing = {"Z", "N", "binding_energy"} - set(data.columns)
    if missing:
        raise NucmassError(f"the training table lacks columns {', '.join(sorted(missing))}")
    train = data[data.part == "train"] if "part" in data else data
    if train.empty:
        raise NucmassError("no training nuclei (no rows in part 'train')")
    return train.reset_index(drop=True), data.reset_index(drop=True), record


@dataclass
class Problem:
    """Scaled training data of one family.

    Attributes
    ----------
    x, y : (m, d), (m,) float64 scaled inputs and targets; ``x32``, ``y32`` in float32.
    scaling : Scaling fitted on them.
    record : dict for the ensemble's ``info`` (n_train, missing, split name and hash).
    """

    x: np.ndarray
    y: np.ndarray
    scaling: Scaling
    record: dict = field(default_factory=dict)

    @property
    def x32(self) -> np.ndarray:
        return self.x.astype(np.float32)

    @property
    def y32(self) -> np.ndarray:
        return self.y.astype(np.float32)

    def solve(self, model, seeds) -> tuple:
        """(initial, final, failed, losses) of a closed-form family: its members for
        ``seeds`` (``model.solve_members``; one loss value each: the mean squared
        training residual)."""
        members = model.solve_members(self.x, self.y, list(seeds))
        losses = [np.mean((np.asarray(model.apply(m, self.x)) - self.y) ** 2) for m in members]
        stacked = stack_members(members)
        losses = np.asarray(losses, dtype=float)[:, None]
        return stacked, stacked, np.zeros(len(members), dtype=bool), losses


def _targets(model, rows: pd.DataFrame, baseline, data_dir) -> np.ndarray:
    z, n = rows.Z.to_numpy(), rows.N.to_numpy()
    b = rows.binding_energy.to_numpy(dtype=float)
    if baseline is not None:
        if model.target != "binding_energy":
            raise NucmassError(f"a {model.family} on a baseline must learn binding energies")
        b = b - theory_binding_energy(z, n, baseline, data_dir)
    if model.target == "binding_per_nucleon":
        return b / (z + n)
    return mass_excess_mev(z, n, b) if model.target == "mass_excess" else b


def _covered_inputs(model, rows: pd.DataFrame, baseline, data_dir) -> tuple:
    """(raw inputs, targets, mask of the rows the model and its baseline cover)."""
    x, covered = model.raw_inputs(rows.Z.to_numpy(), rows.N.to_numpy(), data_dir)
    y = _targets(model, rows, baseline, data_dir)
    return x, y, covered & np.isfinite(y)


def covered_rows(model, table: pd.DataFrame, baseline=None, data_dir=None) -> np.ndarray:
    """Mask (m,) of the rows of ``table`` that ``model`` (and ``baseline``) can take."""
    return _covered_inputs(model, table, baseline, data_dir)[2]


def training_problem(model, data, baseline=None, data_dir=None) -> Problem:
    """The scaled training problem of ``model`` on ``data`` (see the module docstring)."""
    train, everything, record = training_rows(data)
    x, y, covered = _covered_inputs(model, train, baseline, data_dir)
    lacking = train.loc[~covered, ["Z", "N"]]
    if not covered.any():
        raise NucmassError("no training nucleus is covered by the model's tables")
    x, y = x[covered], y[covered]
    x_all, _ = model.raw_inputs(everything.Z.to_numpy(), everything.N.to_numpy(), data_dir)
    shift, scale = model.fit_input_scaling(x, x_all)
    x_scaled = (x - shift) / scale
    target_shift, target_scale = model.fit_target_scaling(x_scaled, y)
    scaling = Scaling.of(shift, scale, target_shift, target_scale)
    record |= {
        "n_train": len(y),
        "missing": len(lacking),
        "missing_nuclei": lacking.to_numpy().tolist()[:50],
    }
    return Problem(x_scaled, (y - target_shift) / target_scale, scaling, record)
