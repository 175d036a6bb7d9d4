"""One comparison table: every model family and theory table on the same held-out nuclei
(issue 15).

For each held-out kind (random: the ``measured`` split's 20 % test, 491 nuclei; temporal:
``measured-since-2016``, trained on AME2016 and tested on the nuclei measured since;
regional: ``chain-ends``, the three outermost measured isotopes of every long chain) each
model of ``MODELS`` is trained on the split's training part with its family's defaults
and scored by :func:`nucmass.masstable.compare` with the six vendored theory tables on the
nuclei every one of them covers (the same nuclei in every column), for the binding energy
and S_2n; the residual of every table at every such nucleus is written too
(``residuals.csv``). The published anchors (:data:`nucmass.published.ACCURACY_ANCHORS`) are written
beside the table. Every fitted model is saved under ``out/models/NAME_SPLIT`` as it
finishes (a rerun into the same directory loads it instead of refitting), so any column
can be rechecked with ``nucmass compare out/models/*_SPLIT --theory all --split SPLIT``.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from nucmass.analysis.recipes import configure
from nucmass.data.splits import get_split
from nucmass.data.theory import load_theory, theory_binding_energy
from nucmass.masstable import compare
from nucmass.models.average import VENDORED_BASELINES
from nucmass.models.saved import load_model
from nucmass.presets import TINY_CONN
from nucmass.published import ACCURACY_ANCHORS
from nucmass.train.fit import fit

__all__ = ["DESCRIPTION", "MODELS", "SCALES", "run"]

DESCRIPTION = "Every model and theory table on the same random/temporal/regional held-out nuclei"
# column name -> (family, baseline theory table or None); the names are also file names
MODELS = {
    "average": ("average", None),
    "krr+WS3": ("krr", "WS32011"),
    "conn": ("conn", None),
    "conn+WS3": ("conn", "WS32011"),
    "mfdnn": ("mfdnn", None),
}
KINDS = {"measured": "random", "measured-since-2016": "temporal", "chain-ends": "regional"}
QUANTITIES = ("binding_energy", "S_2n")
_TINY = {"conn": {"model": TINY_CONN.to_dict(), "training": {"epochs": 40}},
         "mfdnn": {"model": {"width": 8, "depth": 2}, "training": {"epochs": 30}},
         "krr": {"model": {"lengths": (3.0,), "odd_even": (0.5,), "alphas": (0.03,)}},
         "average": {"model": {"baselines": ("WS32011", "DUZU"), "lengths": (3.0,),
                               "odd_even": (0.5,), "alphas": (0.03,)}}}  # fmt: skip
_CLOSED = {"average": 20, "krr": 1}  # members of the closed-form families (krr's are equal)
SCALES = {
    "smoke": {"models": ["average", "mfdnn"], "splits": ["measured"], "seeds": [0, 1],
              "closed_form_seeds": {"average": 4, "krr": 1}, "settings": _TINY, "workers": 1},
    "cpu": {"models": list(MODELS), "splits": list(KINDS), "seeds": [0, 1, 2, 3],
            "closed_form_seeds": _CLOSED, "settings": {}, "workers": 2},
    "paper": {"models": list(MODELS), "splits": list(KINDS), "seeds": list(range(10)),
              "closed_form_seeds": _CLOSED, "settings": {}, "workers": 2},
}  # fmt: skip


def _fitted(name: str, split, settings: dict, models_dir: Path):
    """Model ``name`` trained on ``split``: loaded if saved by an earlier run."""
    path = models_dir / f"{name}_{split.name}"
    if (path / "config.json").exists():
        return load_model(path)
    family, baseline = MODELS[name]
    model, training = configure(family, settings["settings"].get(family, {}))
    seeds = range(settings["closed_form_seeds"].get(family, 0)) or settings["seeds"]
    ensemble = fit(model, split, training, seeds=list(seeds),
                   workers=settings["workers"], progress=False, baseline=baseline)  # fmt: skip
    ensemble.save(path)
    return ensemble


def _residuals(split_name: str, test: pd.DataFrame, models: dict, theories: dict):
    """Residuals B_table - B_exp (MeV) of every table on the ``test`` nuclei all of them
    cover: a data frame with columns split, Z, N, then one per table."""
    z, n = test.Z.to_numpy(), test.N.to_numpy()
    predicted = {name: model.predict(z, n) for name, model in models.items()}
    predicted |= {name: theory_binding_energy(z, n, name) for name in theories}
    frame = pd.DataFrame(predicted).sub(test.binding_energy.to_numpy(), axis=0)
    frame.insert(0, "N", n)
    frame.insert(0, "Z", z)
    frame.insert(0, "split", split_name)
    return frame[np.isfinite(frame[list(predicted)]).all(axis=1)]


def _split_rows(split_name: str, settings: dict, models_dir: Path) -> tuple:
    """Long rows (split, kind, quantity, n, table, rmsd) of the split's test part, and the
    residuals of its binding energies (:func:`_residuals`)."""
    split = get_split(split_name)
    models = {name: _fitted(name, split, settings, models_dir) for name in settings["models"]}
    theories = {name: load_theory(name) for name in VENDORED_BASELINES}
    frame = compare(models, theories, split_name)
    frame = frame[(frame.part == "test") & frame.quantity.isin(QUANTITIES)]
    tables = [*models, *theories]
    long = frame.melt(id_vars=["quantity", "n"], value_vars=tables, var_name="table",
                      value_name="rmsd")  # fmt: skip
    kind = ["model" if t in models else "theory" for t in long.table]
    long = long.assign(split=split_name, held_out=KINDS[split_name], source=kind)
    test = split.table().query("part == 'test'")
    return long, _residuals(split_name, test, models, theories)


def _wide(rows: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """Tables x splits RMSD of one quantity, with each split's n in the column name."""
    rows = rows[rows.quantity == quantity]
    columns = {s: f"{KINDS[s]}: {s} ({int(g.n.iloc[0])})" for s, g in rows.groupby("split")}
    wide = rows.pivot(index="table", columns="split", values="rmsd").rename(columns=columns)
    order = list(dict.fromkeys(rows.table))
    return wide.reindex(order)[[columns[s] for s in dict.fromkeys(rows.split)]]


def _figure(rows: pd.DataFrame, path: Path) -> None:
    masses = rows[rows.quantity == "binding_energy"]
    splits = list(dict.fromkeys(masses.split))
    figure = Figure(figsize=(5.2 * len(splits), 5.0), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(splits), sharey=True))
    for split, ax in zip(splits, axes, strict=True):
        group = masses[masses.split == split]
        colors = ["tab:red" if s == "model" else "0.65" for s in group.source]
        ax.barh(group.table, group.rmsd, color=colors)
        for k, value in enumerate(group.rmsd):
            ax.text(value, k, f" {value:.3f}", va="center", fontsize=7)
        for anchor, color in zip(_anchors(KINDS[split]), _ANCHOR_COLORS, strict=False):
            ax.axvline(anchor["rmsd"], color=color, ls="--", lw=1, label=anchor["label"])
        ax.set_xlim(0, 1.18 * group.rmsd.max())
        ax.set_xlabel("RMSD of B (MeV)")
        ax.set_title(f"{KINDS[split]}: {split} ({int(group.n.iloc[0])} nuclei)", fontsize=9)
        if _anchors(KINDS[split]):
            ax.legend(fontsize=7, title="published anchors (own nuclei)", title_fontsize=7,
                      loc="upper center", bbox_to_anchor=(0.5, -0.14))  # fmt: skip
    axes[0].invert_yaxis()
    figure.suptitle("Held-out RMSD of the binding energy: models (red) trained on each "
                    "split's training part, theory tables (grey)", fontsize=10)  # fmt: skip
    figure.savefig(path, dpi=110)


_ANCHOR_COLORS = ("k", "tab:blue", "tab:green", "tab:purple", "tab:brown")


def _anchors(held_out: str) -> list[dict]:
    """The published anchors of one held-out kind, with a short label each."""
    found = [a for a in ACCURACY_ANCHORS if a["held_out"] == held_out]
    return [{**a, "label": f"{a['model']} {a['rmsd']:.3f}"} for a in found]


def run(settings: dict, out: Path) -> dict:
    out = Path(out)
    models_dir = out / "models"
    models_dir.mkdir(exist_ok=True)
    results = [_split_rows(s, settings, models_dir) for s in settings["splits"]]
    rows = pd.concat([r[0] for r in results])
    rows.to_csv(out / "accuracy_comparison.csv", index=False, float_format="%.4f")
    residuals = pd.concat([r[1] for r in results])
    residuals.to_csv(out / "residuals.csv", index=False, float_format="%.4f")
    for quantity in QUANTITIES:
        _wide(rows, quantity).to_csv(out / f"table_{quantity}.csv", float_format="%.4f")
    pd.DataFrame(ACCURACY_ANCHORS).to_csv(out / "anchors.csv", index=False)
    _figure(rows, out / "accuracy_comparison.png")
    masses = rows[rows.quantity == "binding_energy"]
    return {
        "rmsd": {f"{r.split}: {r.table}": round(r.rmsd, 4) for r in masses.itertuples()},
        "n": {split: int(g.n.iloc[0]) for split, g in masses.groupby("split")},
    }
