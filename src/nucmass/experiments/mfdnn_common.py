"""The MFDNN pipeline shared by ``nucmass train mfdnn`` and the mfdnn_* experiments.

split table -> (optional) residuals on a theory baseline -> lambda chosen on a validation
part carved from ``train`` (random, or the chain edges for extrapolation test sets) ->
ensemble trained on all of ``train`` -> RMSDs of members, ensemble mean and the theory
tables on the same held-out nuclei. Nuclei a table lacks are left out of training and
scoring, and counted in the returned report.
"""

import numpy as np
import pandas as pd

from nucmass.data.splits import get_split
from nucmass.evaluation import rmsd
from nucmass.models.residual import ResidualModel, baseline_binding_energy, residual_table
from nucmass.train.mfdnn import MFDNNConfig, select_l2, train_mfdnn

__all__ = [
    "DATA_SPLITS",
    "EXTRAPOLATION_SPLITS",
    "fit_ensemble",
    "heldout_residuals",
    "prepare_table",
    "score",
    "validation_carve",
]

# --data of ``nucmass train mfdnn``: the paper's data selection (sigma < 100 keV) per AME.
DATA_SPLITS = {
    "ame2003": "sigma100-ame2003",
    "ame2016": "sigma100-ame2016",
    "ame2020": "sigma100",
}
# Settings that shrink any MFDNN experiment to a seconds-long smoke run.
SMOKE = {"seeds": 2, "epochs": 30, "l2_grid": [1e-3], "workers": 1, "width": 8, "depth": 2}
MAX_UNC_KEV = 100.0  # paper 002: experimental masses with error < 100 keV
# Splits whose test nuclei lie beyond the training data (validated on chain edges).
EXTRAPOLATION_SPLITS = ("measured-since-2016",)


def prepare_table(split: str, seed: int, baseline=None, data_dir=None, max_unc_kev=None):
    """The split's table (train rows with uncertainty >= ``max_unc_kev`` keV removed).

    With a ``baseline``, ``binding_energy`` becomes B_exp - B_theory (``residual_table``);
    returns (table, nuclei missing from the baseline).
    """
    table = get_split(split, seed).table()
    if max_unc_kev is not None:
        table = table[(table.part != "train") | (table.mass_excess_unc < max_unc_kev)]
    if baseline is None:
        return table.reset_index(drop=True), pd.DataFrame(columns=["Z", "N", "table"])
    return residual_table(table, baseline, data_dir, on_missing="drop")


def validation_carve(split: str) -> str:
    """How lambda's validation part is carved from the training part of ``split``.

    ``edge`` (the chain ends, ``carve_validation``) for splits whose test nuclei lie beyond
    the training data (``measured-since-2016``), else a ``random`` 20%, like the test part.
    """
    return "edge" if split in EXTRAPOLATION_SPLITS else "random"


def fit_ensemble(
    config: MFDNNConfig, table, seeds, l2_grid=None, baseline=None, carve="random"
) -> tuple:
    """Choose lambda (when ``l2_grid`` is given) and train the ensemble on ``train``.

    lambda is chosen on the validation part ``carve`` (``select_l2``). Returns (model,
    report) with the model wrapped in ``ResidualModel`` for a baseline; the report holds
    the lambda scores, the carve, the chosen lambda, training time and missing counts.
    """
    report = {}
    if l2_grid:
        best, scores = select_l2(config, table, l2_grid, seed=0, on_missing="drop", carve=carve)
        config = config.replace(l2=best)
        report.update(l2_scores=scores.to_dict(orient="records"), validation=carve)
    result = train_mfdnn(config, seeds, table, on_missing="drop")
    report.update(l2=config.l2, seconds=round(result.seconds, 1))
    info = result.model.info
    report.update(n_train=info["n_train"], missing_train=info["missing_train"])
    model = result.model
    if baseline is not None:
        model = ResidualModel(baseline, model, config.data_dir)
    return model, report


def heldout_residuals(model, table: pd.DataFrame, part: str, theories=(), data_dir=None):
    """Per-nucleus residuals (MeV) on ``part``: ensemble mean and each theory table.

    Returns (DataFrame with Z, N, A, ensemble, <theory>..., for covered nuclei; member
    residuals (K, m_covered); number of uncovered nuclei). Experimental B comes from
    ``binding_energy_exp`` (residual tables) or ``binding_energy``.
    """
    rows = table[table.part == part]
    column = "binding_energy_exp" if "binding_energy_exp" in rows else "binding_energy"
    z, n, b = rows.Z.to_numpy(), rows.N.to_numpy(), rows[column].to_numpy()
    members = np.asarray(model.predict_members(z, n))
    covered = np.isfinite(members).all(axis=0)
    residual = members[:, covered] - b[covered]
    frame = rows.loc[covered, ["Z", "N", "A"]].assign(ensemble=residual.mean(axis=0))
    for name in theories:
        frame[name] = baseline_binding_energy(z[covered], n[covered], name, data_dir) - b[covered]
    return frame.reset_index(drop=True), residual, int((~covered).sum())


def score(model, table: pd.DataFrame, part: str, theories=(), data_dir=None) -> dict:
    """RMSDs (MeV) on ``part``: each member, the ensemble mean, each theory table.

    Also the median |residual| of the ensemble and of each table (robust to a few
    far-off nuclei). Scored on the nuclei the model covers (see :func:`heldout_residuals`).
    """
    frame, residual, uncovered = heldout_residuals(model, table, part, theories, data_dir)
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
