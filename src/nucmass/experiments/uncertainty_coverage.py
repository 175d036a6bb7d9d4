"""Calibrated uncertainties on random, temporal and regional held-out nuclei (issue 14).

For each model family (CoNN, MFDNN, a CoNN on WS3 residuals) and held-out kind (random:
``measured`` 20 % and, for the CoNN, paper 001's ``conn`` validation; temporal:
``measured-since-2016``; regional: ``chain-ends``) an ensemble is trained on the split's
training part and calibrated on carves of that part only
(:func:`nucmass.uncertainty.heldout.calibrate`), then scored once on the held-out part:
1- and 2-sigma coverage, coverage and mean width of the 68 % and 95 % intervals, NLL and
CRPS, for the binding energy and every observable, by steps beyond the training data.
Each (family, split) job is saved under ``out/jobs/`` as it finishes; a rerun into the
same directory skips finished jobs.
"""

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from nucmass.analysis.recipes import configure
from nucmass.atomic import write_text
from nucmass.data.splits import get_split
from nucmass.plotting.report import plot_coverage, plot_reliability
from nucmass.presets import TINY_CONN
from nucmass.train.fit import fit
from nucmass.uncertainty import reliability
from nucmass.uncertainty.evaluate import coverage_table, scored_predictions
from nucmass.uncertainty.heldout import calibrate

__all__ = ["DESCRIPTION", "FAMILIES", "SCALES", "run"]

DESCRIPTION = "Calibrated sigma and conformal intervals: coverage on random/temporal/regional"
# family name -> (model family, baseline theory table or None)
FAMILIES = {"conn": ("conn", None), "mfdnn": ("mfdnn", None), "conn+WS3": ("conn", "WS32011")}
_SPLITS = ["measured", "measured-since-2016", "chain-ends"]
_TINY = {"conn": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}},
         "mfdnn": {"model": {"width": 8, "depth": 2}, "training": {"epochs": 30}}}  # fmt: skip
SCALES = {
    "smoke": {"families": ["mfdnn"], "splits": ["measured"], "seeds": [0, 1],
              "settings": _TINY, "workers": 1},
    "cpu": {"families": list(FAMILIES), "splits": _SPLITS, "extra": {"conn": ["conn"]},
            "seeds": [0, 1, 2, 3], "settings": {}, "workers": 2},
    "paper": {"families": list(FAMILIES), "splits": _SPLITS, "extra": {"conn": ["conn"]},
              "seeds": list(range(10)), "settings": {}, "workers": 2},
}  # fmt: skip


def _calibrated_model(name: str, split, settings: dict):
    family, baseline = FAMILIES[name]
    model, training = configure(family, settings["settings"].get(family, {}))
    kwargs = {"workers": settings["workers"], "baseline": baseline, "progress": False}
    ensemble = fit(model, split, training, seeds=settings["seeds"], **kwargs)
    return calibrate(ensemble, split, training, workers=settings["workers"])


def _score(name: str, split_name: str, settings: dict, jobs: Path) -> tuple:
    """(coverage rows, reliability rows) of one family on one split, saved in ``jobs``
    as it finishes and read back by a rerun."""
    paths = [jobs / f"{name}_{split_name}_{kind}.csv" for kind in ("coverage", "reliability")]
    if all(path.exists() for path in paths):
        return tuple(pd.read_csv(path) for path in paths)
    split = get_split(split_name)
    model = _calibrated_model(name, split, settings)
    table = split.table()
    coverage = coverage_table(model, table).assign(family=name, split=split_name)
    held_out = [p for p in dict.fromkeys(table.part) if p != "train"]
    scored = pd.concat([scored_predictions(model, table, part) for part in held_out])
    masses = scored[scored.quantity == "binding_energy"]
    curve = reliability(masses.residual, masses.sigma).assign(family=name, split=split_name)
    for frame, path in zip((coverage, curve), paths, strict=True):
        write_text(path, frame.to_csv(index=False))
    return coverage, curve


def _figure(coverage: pd.DataFrame, curves: pd.DataFrame, path: Path) -> None:
    pairs = list(dict.fromkeys(zip(curves.family, curves.split, strict=True)))
    figure = Figure(figsize=(8, 3.2 * len(pairs)), layout="constrained")
    axes = figure.subplots(len(pairs), 2, squeeze=False)
    for (family, split), (left, right) in zip(pairs, axes, strict=True):
        plot_reliability(curves[(curves.family == family) & (curves.split == split)], left)
        plot_coverage(coverage[(coverage.family == family) & (coverage.split == split)], right)
        left.set_title(f"{family}, {split}: reliability (held-out B)", fontsize=9)
        right.set_title(f"{family}, {split}: coverage by steps", fontsize=9)
    figure.savefig(path, dpi=110)


def _headline(coverage: pd.DataFrame) -> list:
    columns = ["family", "split", "part", "quantity", "n", "within_1sigma", "within_2sigma",
               "covered_68", "covered_95", "width_95", "crps", "rmsd"]  # fmt: skip
    rows = coverage[(coverage.subset == "all") & coverage.quantity.isin(["binding_energy", "S_2n"])]
    return rows[columns].round(3).to_dict(orient="records")


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    jobs_dir = out / "jobs"
    jobs_dir.mkdir(exist_ok=True)
    jobs = [(f, s) for f, splits in settings.get("extra", {}).items() for s in splits]
    jobs += [(f, s) for s in settings["splits"] for f in settings["families"]]
    results = [_score(family, split, settings, jobs_dir) for family, split in jobs]
    coverage = pd.concat([r[0] for r in results], ignore_index=True)
    curves = pd.concat([r[1] for r in results], ignore_index=True)
    coverage.to_csv(out / "coverage.csv", index=False, float_format="%.4f")
    curves.to_csv(out / "reliability.csv", index=False, float_format="%.4f")
    _figure(coverage, curves, out / "uncertainty_coverage.png")
    return {"headline": _headline(coverage)}
