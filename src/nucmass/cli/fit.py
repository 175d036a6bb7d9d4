"""``nucmass fit ldm [--split NAME] [--seed S] [--out DIR]``: the liquid-drop baseline."""

import json
from pathlib import Path

import matplotlib.pyplot as plt

from nucmass.cli.output import print_table, write_table
from nucmass.data.splits import SPLIT_NAMES, get_split
from nucmass.evaluation import evaluate
from nucmass.models.ldm import fit_liquid_drop
from nucmass.plotting.chart import plot_chart

__all__ = ["register", "write_fit_outputs"]


def register(subparsers) -> None:
    fit = subparsers.add_parser("fit", help="fit a closed-form model (liquid drop)")
    models = fit.add_subparsers(dest="fit_model", required=True, metavar="MODEL")
    ldm = models.add_parser("ldm", help="5-term liquid drop with pairing, least squares")
    ldm.add_argument("--split", choices=SPLIT_NAMES, default="measured")
    ldm.add_argument("--seed", type=int, default=0, help="split seed (default 0)")
    ldm.add_argument("--out", default="runs/ldm", help="output directory (default runs/ldm)")
    ldm.set_defaults(func=_fit_ldm)


def write_fit_outputs(model, table, out: Path, title: str):
    """Save ``model`` into ``out`` with predictions.csv, metrics.json, residual_chart.png.

    ``table`` is a split table (Z, N, A, part, binding_energy, is_estimated); returns the
    metrics DataFrame (part x subset RMSDs).
    """
    out.mkdir(parents=True, exist_ok=True)
    model.save(out)
    predicted = model.predict(table.Z.to_numpy(), table.N.to_numpy())
    frame = table[["Z", "N", "A", "nuclide", "part", "is_estimated"]].assign(
        binding_energy_exp=table.binding_energy, binding_energy=predicted
    )
    frame["residual"] = frame.binding_energy - frame.binding_energy_exp
    write_table(frame, out / "predictions.csv")
    metrics = evaluate(table, predicted)
    (out / "metrics.json").write_text(json.dumps(metrics.to_dict(orient="records"), indent=2))
    ax = plot_chart(frame.Z, frame.N, frame.residual, title=title)
    ax.figure.savefig(out / "residual_chart.png", dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    return metrics


def _fit_ldm(args) -> int:
    split = get_split(args.split, args.seed)
    table = split.table()
    train = table[table.part == "train"]
    model = fit_liquid_drop(train.Z, train.N, train.binding_energy)
    title = f"Liquid drop, residuals (MeV); split {split.name} (seed {split.seed})"
    metrics = write_fit_outputs(model, table, Path(args.out), title)
    print(f"Liquid drop fitted on {len(train)} nuclei ({split.name}/train); coefficients (MeV):")
    print("  " + ", ".join(f"{k} {v:.4f}" for k, v in model.coefficients.items()))
    print(f"RMSD (MeV), residual = prediction - experiment; split hash {split.hash[:12]}")
    print_table(metrics)
    print(f"wrote {args.out}/: config.json, predictions.csv, metrics.json, residual_chart.png")
    return 0
