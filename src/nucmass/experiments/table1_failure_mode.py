"""Paper 000's 72 MeV failure mode (Table I, r >= 1): what function gives 71.9549 MeV?

Two parts. (1) Closed forms: every function a width-1 ReLU network can end at, each the
optimum of its loss, scored on the data sets the paper could have used
(:func:`nucmass.analysis.failure_mode.failure_mode_candidates`). (2) Training: ReLU CICT
networks of width 1 and 4 (l_out = 4) in three setups, our reading of the paper (B in
MeV on all 3558 AME2020 nuclei) and the closed forms' best match (B/A, raw and
standardized, on the 3456 with Z, N >= 8); each member is described by
:func:`nucmass.train.failures.describe_members` (constant B, or B_hat = c A).
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.analysis.failure_mode import (
    PAPER_FAILURE_RMSD,
    data_sets,
    failure_mode_candidates,
)
from nucmass.data.ame import load_ame
from nucmass.models.fnn import FNNConfig
from nucmass.train.config import Regime
from nucmass.train.failures import describe_members
from nucmass.train.fit import fit
from nucmass.train.setup import recipe_label
from nucmass.train.studies import member_table, table1_data

__all__ = ["DESCRIPTION", "SCALES", "SETUPS", "run"]

DESCRIPTION = "paper 000 Table I: the 72 MeV mode of narrow networks (closed forms + runs)"
# setup -> (Table I target of nucmass.train.studies.table1_data, target scaling)
SETUPS = {
    "B, AME2020 all": ("B", "none"),
    "B/A, AME2020 Z,N>=8": ("B/A", "none"),
    "B/A standardized, AME2020 Z,N>=8": ("B/A", "standard"),
}
SCALES = {
    "smoke": {"widths": [1], "epochs": 20, "switch_epoch": 10, "seeds": 2,
              "batch_size": "full", "workers": 1},
    "cpu": {"widths": [1, 4], "epochs": 20000, "switch_epoch": 5000, "seeds": 8,
            "batch_size": "full", "workers": 2},
    "paper": {"widths": [1, 4], "epochs": 20000, "switch_epoch": 5000, "seeds": 100,
              "batch_size": None, "workers": 2},
}  # fmt: skip


def _members(setup: str, width: int, settings: dict) -> pd.DataFrame:
    """Member rows and function descriptors of one setup at one width."""
    target, scaling = SETUPS[setup]
    table, fields = table1_data(target)
    model = FNNConfig(width=width, depth=3, activation="relu", target_scaling=scaling,
                      **fields)  # fmt: skip
    batch = {} if settings["batch_size"] is None else {"batch_size": settings["batch_size"]}
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"],
                      **batch)  # fmt: skip
    ensemble = fit(model, table, training, seeds=range(settings["seeds"]),
                   workers=settings["workers"], progress=False)  # fmt: skip
    rows = member_table(ensemble, table)[["seed", "status", "rmsd_train"]]
    described = describe_members(ensemble, table).drop(columns="seed")
    recipe = recipe_label(training, "relu")
    return pd.concat([rows, described], axis=1).assign(setup=setup, width=width, recipe=recipe)


def _summary(members: pd.DataFrame) -> pd.DataFrame:
    """Per (setup, width): RMSD mean and std (MeV) and what the members compute."""
    groups = members.groupby(["setup", "width"], sort=False)
    return groups.agg(
        runs=("rmsd_train", "size"),
        mean_MeV=("rmsd_train", "mean"),
        std_MeV=("rmsd_train", "std"),
        constant_B=("constant", "sum"),
        constant_per_nucleon=("per_nucleon_constant", "count"),
        per_nucleon_constant_MeV=("per_nucleon_constant", "mean"),
    ).reset_index()


# closed forms drawn as reference lines: (data set, predictor, line style)
_REFERENCES = (
    ("AME2020 Z,N>=8", "constant B/A, MSE (mean)", ":"),
    ("AME2020 Z,N>=8", "constant B/A, MAE (median)", "-."),
    ("AME2020 all", "constant B, MAE (median)", "--"),
)


def _figure(members: pd.DataFrame, candidates: pd.DataFrame, path: Path) -> None:
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    ax = fig.subplots()
    groups = list(members.groupby(["setup", "width"], sort=False))
    for k, (_, group) in enumerate(groups):
        ax.scatter(k + np.linspace(-0.15, 0.15, len(group)), group.rmsd_train, s=14)
    ax.axhline(PAPER_FAILURE_RMSD, color="black", label="paper Table I, width 1: 71.95")
    rmsd = candidates.set_index(["data", "predictor"]).rmsd_MeV
    for data, predictor, style in _REFERENCES:
        value = rmsd[data, predictor]
        ax.axhline(value, color="gray", ls=style, lw=1,
                   label=f"{predictor} on {data}: {value:.2f}")  # fmt: skip
    labels = [f"{setup.replace(', ', chr(10))}\nwidth {width}" for (setup, width), _ in groups]
    ax.set_xticks(range(len(groups)), labels, fontsize=7)
    ax.set_yscale("log")
    ax.set_ylabel("binding-energy RMSD of each run (MeV)")
    ax.legend(fontsize=7, loc="upper right", bbox_to_anchor=(1.0, 0.9))
    ax.set_title("Table I's 72 MeV mode: narrow ReLU CICT networks (l_out = 4) by target and data",
                 fontsize=9)  # fmt: skip
    fig.savefig(path, dpi=120)


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    sets = data_sets(load_ame("ame2020"), load_ame("ame2016"))
    candidates = failure_mode_candidates(sets)
    candidates.to_csv(out / "candidates.csv", index=False)
    frames = [_members(setup, width, settings)
              for setup in SETUPS for width in settings["widths"]]  # fmt: skip
    members = pd.concat(frames, ignore_index=True)
    members.to_csv(out / "members.csv", index=False)
    summary = _summary(members)
    summary.to_csv(out / "summary.csv", index=False)
    _figure(members, candidates, out / "table1_failure_mode.png")
    return {"paper_MeV": PAPER_FAILURE_RMSD,
            "closest_candidates": candidates.head(5).round(4).to_dict(orient="records"),
            "summary": summary.round(4).to_dict(orient="records"),
            "recipe": members.recipe.iloc[0]}  # fmt: skip
