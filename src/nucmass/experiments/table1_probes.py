"""The mini-batch recipe of paper 000's Table I: batch sizes and raw rates probed at the
anchor rows (width 115 = r*, widths 1 and 4) and chosen by the criterion of
:mod:`nucmass.train.recipe`, written down before the search.

The target (``settings["target"]``, :func:`nucmass.train.studies.table1_data`) is B/A on
the 3456 AME2020 nuclei with Z, N >= 8 at every scale (what the paper's 72 MeV mode
shows, ``table1_failure_mode``); ``"B"`` runs the search as first written (all 3558).
Candidates (``CANDIDATES``) are (batch size, phase-1 raw rates, phase-2 raw rates); the
previous default, full batch with (5, 1) -> (0.5, 0.1), is one of them. Stage 1 trains
every candidate at every anchor width with ``seeds`` seeds; stage 2 adds ``extra_seeds``
to the ``finalists`` best and the winner is chosen on all of them. Every (candidate,
width) cell is saved in ``out/cells/`` as it finishes, and a rerun skips finished cells.
"""

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from nucmass.models.fnn import FNNConfig
from nucmass.train.config import Regime
from nucmass.train.fit import fit
from nucmass.train.metrics import dead_units
from nucmass.train.recipe import ANCHOR_WIDTHS, choose_recipe, recipe_scores
from nucmass.train.studies import TABLE1_PAPER, member_rows, table1_data

__all__ = ["CANDIDATES", "DESCRIPTION", "SCALES", "run"]

DESCRIPTION = "paper 000 Table I recipe: batch size, raw rates chosen at r* and widths 1, 4"


def _candidate(batch, coarse, fine) -> dict:
    return {"batch_size": batch, "raw_rates": coarse, "raw_rates_fine": fine}


CANDIDATES = {
    "full (5,1)>(0.5,0.1)": _candidate(None, (5.0, 1.0), (0.5, 0.1)),
    "b32 (5,1)>(0.5,0.1)": _candidate(32, (5.0, 1.0), (0.5, 0.1)),
    "b32 (5,1)>(0.05,0.01)": _candidate(32, (5.0, 1.0), (0.05, 0.01)),
    "b32 (0.5,0.1)>(0.05,0.01)": _candidate(32, (0.5, 0.1), (0.05, 0.01)),
    "b32 (0.05,0.01)>(0.005,0.001)": _candidate(32, (0.05, 0.01), (0.005, 0.001)),
    "b32 (5,0.1)>(0.5,0.01)": _candidate(32, (5.0, 0.1), (0.5, 0.01)),
    "b32 (0.5,0.01)>(0.05,0.001)": _candidate(32, (0.5, 0.01), (0.05, 0.001)),
    "b16 (5,1)>(0.5,0.1)": _candidate(16, (5.0, 1.0), (0.5, 0.1)),
    "b16 (0.5,0.1)>(0.05,0.01)": _candidate(16, (0.5, 0.1), (0.05, 0.01)),
    "b64 (5,1)>(0.5,0.1)": _candidate(64, (5.0, 1.0), (0.5, 0.1)),
    "b64 (0.5,0.1)>(0.05,0.01)": _candidate(64, (0.5, 0.1), (0.05, 0.01)),
}
_CPU = {
    "target": "B/A",
    "widths": list(ANCHOR_WIDTHS),
    "candidates": list(CANDIDATES),
    "epochs": 20000,
    "switch_epoch": 5000,
    "seeds": 2,
    "extra_seeds": 2,
    "finalists": 2,
    "workers": 2,
}
SCALES = {
    "smoke": {**_CPU, "widths": [1, 4], "candidates": list(CANDIDATES)[:3], "epochs": 20,
              "switch_epoch": 10, "seeds": 1, "extra_seeds": 1, "finalists": 1, "workers": 1},
    "cpu": _CPU,
    "paper": {**_CPU, "seeds": 10, "extra_seeds": 10},
}  # fmt: skip


def _cell(label: str, width: int, seeds, settings: dict, data, cells: Path) -> pd.DataFrame:
    """Member rows of one candidate at one width (read back when already computed)."""
    prefix = "" if settings["target"] == "B" else "per_nucleon_"
    name = f"{prefix}{label.replace(' ', '_').replace('>', 'to')}_w{width}_s{seeds[0]}.csv"
    path = cells / name
    if path.exists():
        return pd.read_csv(path)
    table, fields = data
    model = FNNConfig(width=width, depth=3, activation="relu", **fields)
    training = Regime("cict", epochs=settings["epochs"], switch_epoch=settings["switch_epoch"],
                      **CANDIDATES[label])  # fmt: skip
    ensemble = fit(model, table, training, seeds=seeds, workers=settings["workers"])
    rows = member_rows(ensemble, table)
    x, _ = ensemble.inputs(table.Z.to_numpy(), table.N.to_numpy())
    frame = pd.DataFrame({
        "candidate": label, "batch": CANDIDATES[label]["batch_size"], "width": width,
        "seed": rows.seed, "status": rows.status, "failed": rows.failed,
        "final_mae_MeV": rows.final_loss, "rmsd": rows.rmsd_train,
        "dead_unit_fraction": dead_units(ensemble.members, x),
        "hidden_weights_relative_change": rows.weights_relative,
    })  # fmt: skip
    frame.to_csv(path, index=False)
    return frame


def _stage(labels, seeds, settings, data, cells) -> pd.DataFrame:
    frames = [_cell(label, width, seeds, settings, data, cells)
              for label in labels for width in settings["widths"]]  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def _figure(rows: pd.DataFrame, scores: pd.DataFrame, title: str, path: Path) -> None:
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    axes = fig.subplots(1, len(ANCHOR_WIDTHS))
    order = {label: k for k, label in enumerate(scores.index)}
    for ax, width in zip(axes, ANCHOR_WIDTHS, strict=True):
        part = rows[rows.width == width]
        ax.scatter(part.candidate.map(order), part.rmsd, s=12)
        ax.axhline(TABLE1_PAPER[width][0], color="gray", ls="--", label="paper mean")
        ax.set_yscale("log")
        ax.set_xticks(range(len(order)), list(order), rotation=90, fontsize=6)
        ax.set_title(f"width {width} (r = {4 / width:.3g})", fontsize=9)
        ax.set_ylabel("RMSD of each run (MeV)")
        ax.legend(fontsize=7)
    fig.suptitle(f"Table I recipe search: ReLU CICT, l_out = 4, {title}; candidates in order "
                 "of the criterion's score", fontsize=10)  # fmt: skip
    fig.savefig(path, dpi=120)


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    cells = out / "cells"
    cells.mkdir(exist_ok=True)
    data = table1_data(settings["target"])
    seeds = list(range(settings["seeds"]))
    rows = _stage(settings["candidates"], seeds, settings, data, cells)
    finalists = list(recipe_scores(rows).index[: settings["finalists"]])
    extra = list(range(len(seeds), len(seeds) + settings["extra_seeds"]))
    rows = pd.concat([rows, _stage(finalists, extra, settings, data, cells)], ignore_index=True)
    scores = recipe_scores(rows)
    chosen = choose_recipe(scores.loc[finalists])
    rows.to_csv(out / "probes.csv", index=False)
    scores.to_csv(out / "scores.csv")
    title = f"{settings['target']}, AME2020 ({len(data[0])} nuclei)"
    _figure(rows, scores, title, out / "table1_probes.png")
    return {"chosen": chosen, "recipe": CANDIDATES[chosen], "finalists": finalists,
            "scores": scores.round(4).reset_index().to_dict(orient="records"),
            "paper_MeV": {w: TABLE1_PAPER[w][0] for w in ANCHOR_WIDTHS},
            "target": settings["target"], "nuclei": len(data[0])}  # fmt: skip
