"""Kernel ridge residuals on theory baselines and their stacked average (issue 15).

For each split (``measured``: random 20 % test, 491 nuclei; ``measured-since-2016``:
trained on AME2016 measured masses, tested on the nuclei first measured since, those
every baseline covers) and each vendored baseline (WS3, DUZU, HFB26, KTUY05, FRDM95,
HFB14): the bare baseline, a ``krr`` model on its residuals (one member, kernel settings
chosen on a validation carve of the training part), the equal-weight mean of those
models and the ``average`` family (stacking weights learned on the same kind of carve),
all scored on the same test nuclei; the average's calibrated sigma and intervals
(calibrated on carves of the training part) are scored on the test part too
(``coverage.csv``). For WS3 the kernel settings of ``selection`` are scored on a random
and a chain-end carve of the training part and on the test part (``kernel_selection.csv``):
whether choosing on chain ends would extrapolate better. At ``cpu`` scale it also trains
and calibrates the shipped ``best`` model (:func:`nucmass.analysis.best.train_best`) into
``out/best``.
"""

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.analysis.best import train_best
from nucmass.data.splits import get_split
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import rmsd
from nucmass.models.average import VENDORED_BASELINES, AverageConfig, weights
from nucmass.models.krr import KRRConfig, fit_kernel, kernel_features
from nucmass.train.fit import fit
from nucmass.uncertainty.evaluate import coverage_table
from nucmass.uncertainty.heldout import CARVES, calibrate, calibration_carve

__all__ = ["DESCRIPTION", "SCALES", "TARGETS", "run"]

DESCRIPTION = "Kernel ridge on theory residuals, stacked over baselines (measured, since-2016)"
TARGETS = {"measured": 0.150, "measured-since-2016": 0.200}  # issue 15, MeV
_ONE = {"lengths": [3.0], "odd_even": [0.5], "alphas": [0.03]}
_SPLITS = ["measured", "measured-since-2016"]
# kernel settings scored on the random and the chain-end carve and on the test (WS3)
_SELECTION = {"lengths": [2.0, 3.0, 4.0, 6.0], "odd_even": [0.5], "alphas": [0.01, 0.03, 0.1, 0.3]}
SCALES = {
    "smoke": {"splits": ["measured"], "baselines": ["WS32011", "DUZU"], "kernel": _ONE,
              "seeds": 4, "best": False, "selection": _ONE},
    "cpu": {"splits": _SPLITS, "baselines": list(VENDORED_BASELINES), "kernel": {},
            "seeds": 20, "best": True, "selection": _SELECTION},
    "paper": {"splits": _SPLITS, "baselines": list(VENDORED_BASELINES), "kernel": {},
              "seeds": 40, "best": True, "selection": _SELECTION},
}  # fmt: skip


def _kernel(settings: dict) -> dict:
    return {k: tuple(v) for k, v in settings["kernel"].items()}


def _scored(table: pd.DataFrame, baselines) -> pd.DataFrame:
    """The test rows every baseline covers (the same nuclei for every model)."""
    test = table[table.part == "test"]
    theory = [theory_binding_energy(test.Z, test.N, b) for b in baselines]
    return test[np.isfinite(np.column_stack(theory)).all(axis=1)]


def _row(split, model, kind, predicted, test, weight=np.nan) -> dict:
    residual = np.asarray(predicted) - test.binding_energy.to_numpy()
    return {"split": split, "model": model, "kind": kind, "n": len(test),
            "rmsd": rmsd(residual), "weight": weight}  # fmt: skip


def _single(split, settings: dict, test: pd.DataFrame) -> tuple[list, list]:
    """Rows of the bare baselines and of one ``krr`` model per baseline; the predictions."""
    z, n = test.Z.to_numpy(), test.N.to_numpy()
    rows, predictions = [], []
    for name in settings["baselines"]:
        rows.append(_row(split.name, name, "bare", theory_binding_energy(z, n, name), test))
        model = fit(KRRConfig(**_kernel(settings)), split, seeds=[0], baseline=name,
                    progress=False)  # fmt: skip
        predictions.append(model.predict(z, n))
        rows.append(_row(split.name, f"krr+{name}", "krr", predictions[-1], test))
    return rows, predictions


def _coverage(model, table: pd.DataFrame, split_name: str) -> pd.DataFrame:
    """Coverage of the average's calibrated sigma and intervals on the split's test part,
    calibrated on carves of its training part (:func:`nucmass.uncertainty.heldout.calibrate`)."""
    calibrated = calibrate(model, table)
    return coverage_table(calibrated, table).assign(split=split_name)


def _ws3_residuals(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Kernel inputs (m, 4) and residuals B_exp - B_WS3 (m,) in MeV of ``frame``'s rows."""
    theory = theory_binding_energy(frame.Z, frame.N, "WS32011")
    return kernel_features(frame.Z, frame.N), (frame.binding_energy - theory).to_numpy()


def _fit_and_score(fitted: pd.DataFrame, scored: pd.DataFrame, settings: tuple) -> float:
    """RMSD (MeV) on ``scored`` of a krr member on WS3 residuals fitted on ``fitted``."""
    member = fit_kernel(*_ws3_residuals(fitted), *settings)
    x, y = _ws3_residuals(scored)
    return rmsd(member(x) - y)


def _kernel_selection(split_name: str, table: pd.DataFrame, grid: dict) -> pd.DataFrame:
    """For every kernel setting of ``grid`` (on WS3 residuals): the RMSD on the random and
    on the chain-end carve of the training part (fitted on the rest), and on the test part
    (fitted on the whole training part): what each carve would choose, next to the test."""
    table = table[np.isfinite(theory_binding_energy(table.Z, table.N, "WS32011"))]
    carves = {how: calibration_carve(table, how) for how in CARVES}
    rows = []
    for settings in itertools.product(grid["lengths"], grid["odd_even"], grid["alphas"]):
        scores = {
            f"{how}_rmsd": _fit_and_score(c[c.part == "train"], c[c.part == "validation"], settings)
            for how, c in carves.items()
        }
        test = _fit_and_score(table[table.part == "train"], table[table.part == "test"], settings)
        rows.append({"split": split_name, "length": settings[0], "odd_even": settings[1],
                     "alpha": settings[2], **scores, "test_rmsd": test})  # fmt: skip
    return pd.DataFrame(rows)


def _split_rows(split_name: str, settings: dict) -> tuple[list, pd.DataFrame, pd.DataFrame]:
    """Result rows, coverage table and kernel-selection table of one split."""
    split = get_split(split_name)
    table = split.table()
    test = _scored(table, settings["baselines"])
    rows, predictions = _single(split, settings, test)
    rows.append(_row(split_name, "krr mean", "mean", np.mean(predictions, axis=0), test))
    config = AverageConfig(baselines=tuple(settings["baselines"]), **_kernel(settings))
    model = fit(config, split, seeds=list(range(settings["seeds"])), progress=False)
    z, n = test.Z.to_numpy(), test.N.to_numpy()
    rows.append(_row(split_name, "stacked average", "average", model.predict(z, n), test))
    for name, weight in weights(model).items():
        rows.append({"split": split_name, "model": f"weight {name}", "kind": "weight",
                     "n": len(test), "rmsd": np.nan, "weight": weight})  # fmt: skip
    selection = _kernel_selection(split_name, table, settings["selection"])
    return rows, _coverage(model, table, split_name), selection


def _figure(table: pd.DataFrame, path: Path) -> None:
    splits = list(dict.fromkeys(table.split))
    figure = Figure(figsize=(10, 3.6 * len(splits)), layout="constrained")
    axes = figure.subplots(len(splits), 2, squeeze=False)
    colors = {"bare": "0.7", "krr": "tab:blue", "mean": "tab:orange", "average": "tab:red"}
    for split, (left, right) in zip(splits, axes, strict=True):
        rows = table[(table.split == split) & (table.kind != "weight")]
        left.barh(rows.model, rows.rmsd, color=[colors[k] for k in rows.kind])
        left.axvline(TARGETS.get(split, np.nan), color="k", ls="--", lw=1, label="target")
        for k, value in enumerate(rows.rmsd):
            left.text(value, k, f" {value:.3f}", va="center", fontsize=7)
        left.set_xlabel("RMSD (MeV)")
        left.set_title(f"{split}: test nuclei ({int(rows.n.iloc[0])})", fontsize=9)
        left.invert_yaxis()
        left.legend(fontsize=8)
        share = table[(table.split == split) & (table.kind == "weight")]
        right.bar(share.model.str.removeprefix("weight "), share.weight, color="tab:red")
        right.set_ylabel("stacking weight")
        right.set_title(f"{split}: stacking weights (carve of train)", fontsize=9)
        right.tick_params(axis="x", labelsize=8)
    figure.savefig(path, dpi=110)


def _headline(coverage: pd.DataFrame) -> list:
    columns = ["split", "quantity", "n", "within_1sigma", "within_2sigma", "covered_68",
               "covered_95", "width_95", "rmsd"]  # fmt: skip
    rows = coverage[(coverage.subset == "all") & coverage.quantity.isin(["binding_energy", "S_2n"])]
    return rows[columns].round(3).to_dict(orient="records")


def _chosen(selection: pd.DataFrame) -> dict:
    """Per split: the test RMSD of the setting each carve chooses, and the grid's lowest
    test RMSD (found by looking at the test: a bound, not a choice)."""
    found = {}
    for split, group in selection.groupby("split"):
        picks = {how: group.loc[group[f"{how}_rmsd"].idxmin()] for how in CARVES}
        found[split] = {f"{how} carve picks": {"length": row.length, "alpha": row.alpha,
                                                "test_rmsd": round(row.test_rmsd, 4)}
                        for how, row in picks.items()}  # fmt: skip
        found[split]["lowest test_rmsd on the grid"] = round(group.test_rmsd.min(), 4)
    return found


def _ship(settings: dict, out: Path) -> dict:
    """Train and calibrate the ``best`` model into ``out/best``; its record."""
    config = AverageConfig(baselines=tuple(settings["baselines"]), **_kernel(settings))
    model = train_best(config, seeds=range(settings["seeds"]))
    path = model.save(out / "best")
    size = sum(p.stat().st_size for p in path.iterdir())
    return {"members": model.size, "weights": weights(model), "bytes": size,
            "heldout": model.calibration["record"]["heldout"]}  # fmt: skip


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    results = [_split_rows(split, settings) for split in settings["splits"]]
    table = pd.DataFrame([row for rows, *_ in results for row in rows])
    table.to_csv(out / "residual_averaging.csv", index=False, float_format="%.4f")
    coverage = pd.concat([r[1] for r in results], ignore_index=True)
    coverage.to_csv(out / "coverage.csv", index=False, float_format="%.4f")
    selection = pd.concat([r[2] for r in results], ignore_index=True)
    selection.to_csv(out / "kernel_selection.csv", index=False, float_format="%.4f")
    _figure(table, out / "residual_averaging.png")
    scored = table[table.kind != "weight"]
    summary = {
        "rmsd": {f"{r.split}: {r.model}": round(r.rmsd, 4) for r in scored.itertuples()},
        "n": {split: int(group.n.iloc[0]) for split, group in scored.groupby("split")},
        "coverage": _headline(coverage),
        "kernel_selection": _chosen(selection),
    }
    if settings["best"]:
        summary["best"] = _ship(settings, out)
    return summary
