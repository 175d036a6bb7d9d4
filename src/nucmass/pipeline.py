"""The training pipeline (:func:`run`): split -> baseline -> choice on a validation carve -> fit ->
metrics -> save. ``nucmass train fnn|conn|mfdnn`` and the experiments call it.

- The data is a split (a name, a CSV of Z, N, part, or a :class:`Split`) or a table.
- An optional theory ``baseline`` makes every model a residual model (``fit``).
- ``candidates`` (name -> ``{"model": {...}, "training": {...}}`` overrides) are compared
  by one member (seed ``choice_seed``) trained on the training part minus a validation
  carve (:func:`nucmass.train.validation.carve_validation`: random 20 %, or the chain
  ends for extrapolation splits) and scored there; the winner is trained on the whole
  training part. Test nuclei are never looked at before the final scoring.
- Optionally (``calibrated=True``) the calibrated uncertainty, fitted on a carve of the
  training part (:mod:`nucmass.uncertainty.heldout`) and saved with the model.
- Metrics: every member and the ensemble mean on every part and subset
  (:func:`nucmass.evaluation.ensemble_metrics`).
"""

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.atomic import atomic_directory
from nucmass.data.splits import Split, get_split
from nucmass.errors import NucmassError
from nucmass.evaluation import ensemble_metrics, rmsd, summarise
from nucmass.models.ensemble import Ensemble
from nucmass.models.files import write_ensemble
from nucmass.parallel import map_in_processes
from nucmass.train.config import default_training
from nucmass.train.fit import fit
from nucmass.train.problem import covered_rows
from nucmass.train.validation import carve_validation
from nucmass.uncertainty.heldout import calibrate

__all__ = [
    "EXTRAPOLATION_SPLITS",
    "Trained",
    "choose",
    "default_carve",
    "predictions_table",
    "run",
    "save_trained",
    "with_overrides",
]

# Splits whose test nuclei lie beyond the training data: choices use the chain ends.
EXTRAPOLATION_SPLITS = ("measured-since-2016", "zeng")


def default_carve(split: "str | None") -> str:
    """``edge`` for splits that test extrapolation (``EXTRAPOLATION_SPLITS``), else random."""
    return "edge" if split in EXTRAPOLATION_SPLITS else "random"


def with_overrides(model, training, candidate: dict) -> tuple:
    """(model, training) with a candidate's ``{"model": {...}, "training": {...}}`` applied."""
    unknown = set(candidate) - {"model", "training"}
    if unknown:
        raise NucmassError(f"a candidate has 'model' and 'training' overrides, not {unknown}")
    model = model.replace(**candidate.get("model", {}))
    if candidate.get("training"):
        training = training.replace(**candidate["training"])
    return model, training


def _validation_score(model, training, carved, seed, baseline, data_dir) -> tuple[float, int]:
    """(RMSD in MeV, nuclei scored) of one member on the carved validation rows."""
    ensemble = fit(model, carved, training, seeds=[seed], progress=False, baseline=baseline,
                   data_dir=data_dir)  # fmt: skip
    rows = carved[carved.part == "validation"]
    predicted = ensemble.predict_members(rows.Z, rows.N, include_failed=True)[0]
    covered = np.isfinite(predicted)
    return rmsd(predicted[covered] - rows.binding_energy.to_numpy()[covered]), int(covered.sum())


def choose(model, training, table, candidates: dict, *, carve="random", seed=0, baseline=None,
           data_dir=None, workers=1) -> tuple[str, pd.DataFrame]:  # fmt: skip
    """The candidate with the lowest validation RMSD, and every candidate's score.

    ``table`` is a split table: its ``train`` rows that the model (and the baseline) can
    take are carved. Returns (name, DataFrame with columns candidate, validation_rmsd
    (MeV), n_validation, carve).
    """
    table = table[covered_rows(model, table, baseline, data_dir)]
    carved = carve_validation(table, seed, how=carve)
    arguments = [
        (*with_overrides(model, training, overrides), carved, seed, baseline, data_dir)
        for overrides in candidates.values()
    ]
    scores = map_in_processes(_validation_score, arguments, workers)
    frame = pd.DataFrame(
        {
            "candidate": list(candidates),
            "validation_rmsd": [s[0] for s in scores],
            "n_validation": [s[1] for s in scores],
            "carve": carve,
        }
    )
    return str(frame.candidate[frame.validation_rmsd.idxmin()]), frame


@dataclass
class Trained:
    """A trained ensemble with its data and scores.

    Attributes
    ----------
    ensemble : Ensemble
    table : pandas.DataFrame
        The split table (experimental binding energies of every part).
    metrics, summary : pandas.DataFrame
        ``ensemble_metrics`` and ``summarise`` of the ensemble on ``table``.
    choice : pandas.DataFrame or None
        The validation scores of the candidates, when there were any.
    """

    ensemble: Ensemble
    table: pd.DataFrame
    metrics: pd.DataFrame
    summary: pd.DataFrame
    choice: "pd.DataFrame | None" = None

    @property
    def chosen(self) -> "str | None":
        """The winning candidate's name (None without candidates)."""
        if self.choice is None:
            return None
        return str(self.choice.candidate[self.choice.validation_rmsd.idxmin()])


def _table(data, split_seed: int) -> tuple[pd.DataFrame, "Split | None"]:
    if isinstance(data, pd.DataFrame):
        return data.reset_index(drop=True), None
    split = data if isinstance(data, Split) else get_split(str(data), seed=split_seed)
    return split.table(), split


def run(model, data, training=None, *, seeds=(0,), split_seed=0, baseline=None,
          data_dir=None, candidates=None, carve=None, choice_seed=0, workers=1,
          progress=True, strategy="auto", calibrated=False) -> Trained:  # fmt: skip
    """Run the pipeline (see the module docstring) and return the :class:`Trained`.

    ``data``: a split name or CSV path (with ``split_seed``), a ``Split`` or a table;
    ``carve``: ``random`` or ``edge`` (default: :func:`default_carve` of the split);
    ``calibrated``: also fit the calibrated uncertainty the model is saved with
    (:func:`nucmass.uncertainty.heldout.calibrate`, on a carve of the training part; it
    trains one more ensemble of the same size).
    """
    training = training if training is not None else default_training(model)
    table, split = _table(data, split_seed)
    choice = None
    if candidates:
        carve = carve or default_carve(split.name if split else None)
        best, choice = choose(model, training, table, candidates, carve=carve, seed=choice_seed,
                              baseline=baseline, data_dir=data_dir, workers=workers)  # fmt: skip
        model, training = with_overrides(model, training, candidates[best])
    ensemble = fit(model, split if split is not None else table, training, seeds=seeds,
                   workers=workers, progress=progress, baseline=baseline,
                   data_dir=data_dir, strategy=strategy)  # fmt: skip
    if choice is not None:
        ensemble = _with_info(ensemble, choice=choice.to_dict(orient="records"))
    if calibrated:
        ensemble = calibrate(ensemble, table, training, workers=workers)
    metrics = ensemble_metrics(ensemble, table)
    return Trained(ensemble, table, metrics, summarise(metrics), choice)


def _with_info(ensemble: Ensemble, **entries) -> Ensemble:
    return dataclasses.replace(ensemble, info={**ensemble.info, **entries})


def predictions_table(ensemble: Ensemble, table: pd.DataFrame) -> pd.DataFrame:
    """The split table's nuclei with the ensemble mean, member spread (ddof = 1) and
    residual = predicted - experiment (MeV); NaN where the model has no prediction (and
    everywhere when every member failed)."""
    if not ensemble.ok.any():
        members = np.full((1, len(table)), np.nan)
    else:
        members = ensemble.predict_members(table.Z.to_numpy(), table.N.to_numpy())
    spread = members.std(axis=0, ddof=1) if len(members) > 1 else np.zeros(len(table))
    columns = [c for c in ("Z", "N", "A", "nuclide", "part", "is_estimated") if c in table]
    return table[columns].assign(
        binding_energy=table.binding_energy.to_numpy(),
        predicted=members.mean(axis=0),
        predicted_std=spread,
        residual=members.mean(axis=0) - table.binding_energy.to_numpy(),
    )


def save_trained(trained: Trained, out, overwrite: bool = False, figures=None) -> Path:
    """Write the model and its tables into the directory ``out`` (atomically).

    Files: the saved model (``config.json``, ``ensemble.eqx``, ``losses.npz``),
    ``predictions.csv``, ``metrics.csv``, ``summary.csv``, ``choice.csv`` (with
    candidates), ``missing.csv`` (split nuclei the model cannot predict) and
    ``figures`` (file name -> matplotlib figure, saved as PNG at 150 dpi).
    """
    predictions = predictions_table(trained.ensemble, trained.table)
    tables = {"predictions": predictions, "metrics": trained.metrics, "summary": trained.summary}
    if trained.choice is not None:
        tables["choice"] = trained.choice
    tables["missing"] = predictions.loc[predictions.predicted.isna(), ["Z", "N"]]
    with atomic_directory(out, overwrite) as directory:
        write_ensemble(trained.ensemble, directory)
        for name, frame in tables.items():
            frame.to_csv(directory / f"{name}.csv", index=False, float_format="%.6f")
        for name, figure in (figures or {}).items():
            figure.savefig(directory / name, dpi=150, bbox_inches="tight")
    return Path(out)
