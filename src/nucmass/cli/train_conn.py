"""``nucmass train conn``: the Cooperative Neural Network of paper 001.

    nucmass train conn [--seeds K] [--epochs E] [--ablate NAME] [--split NAME]
                       [--split-seed S] [--workers W] [--no-figures] [--baseline NAME]
                       [--data-dir DIR] [--out DIR]

Trains K members (seeds 0..K-1, full-batch Adam, E steps) on the training part of the
split, prints the RMSD table (member mean +- std, ensemble mean), and writes into DIR the
model (usable as ``nucmass predict --model DIR``), predictions.csv, conn_metrics.csv,
conn_summary.csv and the figures. With ``--baseline NAME`` the members learn the residual
B_exp - B_theory on that theory table and the saved model (kind "residual") predicts
B_theory + correction; nuclei the table lacks are left out and listed in missing.csv.
Thin caller of ``nucmass.experiments.conn_*``.
"""

import json
from pathlib import Path

from nucmass.cli.output import print_table
from nucmass.data.splits import SPLIT_NAMES
from nucmass.experiments.conn_accuracy import predictions
from nucmass.experiments.conn_common import (
    ensemble_metrics,
    headline,
    summarise,
    train_on_split,
    write_tables,
)
from nucmass.experiments.conn_figures import write_figures
from nucmass.models.conn import ABLATIONS
from nucmass.models.residual import ResidualModel
from nucmass.train.conn import TrainConfig

__all__ = ["register"]


def register(subparsers) -> None:
    """Add ``conn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("conn", help="cooperative neural network (paper 001)")
    p.add_argument("--seeds", type=int, default=10, help="ensemble members (seeds 0..K-1)")
    p.add_argument(
        "--epochs",
        type=int,
        default=TrainConfig().steps,
        help=f"full-batch Adam steps (default {TrainConfig().steps})",
    )
    p.add_argument("--ablate", choices=list(ABLATIONS), default="full", help="modules to keep")
    p.add_argument("--split", choices=SPLIT_NAMES, default="conn", help="named split")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the random split")
    p.add_argument("--workers", type=int, default=1, help="processes, one thread each")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory (RIPL baselines; FRDM2012 in Fig. 3)")
    p.add_argument("--out", default="runs/conn", help="output directory (default runs/conn)")
    p.set_defaults(func=_train)


def _train(args) -> int:
    settings = {
        "train": {"steps": args.epochs},
        "seeds": list(range(args.seeds)),
        "workers": args.workers,
        "ablate": args.ablate,
    }
    out = Path(args.out)

    def report(seed, history):
        cpu = history.get("cpu_seconds", "?")
        print(
            f"member {seed}: loss {history['final_loss']:.4f} MeV^2, "
            f"{history['seconds']} s wall, {cpu} s CPU",
            flush=True,
        )

    ensemble, table = train_on_split(
        args.split, args.split_seed, settings, report, args.baseline, args.data_dir
    )
    model, scored = ensemble, table
    if args.baseline:
        model = ResidualModel(args.baseline, ensemble, args.data_dir)
        scored = table.assign(binding_energy=table.binding_energy_exp)
    model.save(out)
    if args.baseline:
        table.attrs["missing"].to_csv(out / "missing.csv", index=False)
        print(
            f"baseline {args.baseline}: {len(table.attrs['missing'])} nuclei lack it (missing.csv)"
        )
    predictions(model, scored).to_csv(out / "predictions.csv", index=False, float_format="%.4f")
    metrics = ensemble_metrics(ensemble, table)
    summary = summarise(metrics)
    write_tables(out, "conn", metrics, summary)
    print(
        f"CoNN ({args.ablate}), {args.seeds} members, split {args.split} seed "
        f"{args.split_seed}"
        + (f", on top of {args.baseline}" if args.baseline else "")
        + ": RMSD (MeV) member mean, std and ensemble mean"
    )
    print_table(headline(summary))
    if not args.no_figures and args.ablate == "full" and not args.baseline:
        numbers = write_figures(ensemble, out, args.data_dir)
        (out / "figures.json").write_text(json.dumps(numbers, indent=2, default=str) + "\n")
    print(f"wrote {out}/: model (config.json, members.eqx), predictions.csv, conn_*.csv")
    return 0
