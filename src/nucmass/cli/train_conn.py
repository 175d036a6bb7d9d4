"""``nucmass train conn``: the Cooperative Neural Network of paper 001.

    nucmass train conn [--seeds K] [--epochs E] [--ablate NAME] [--split NAME]
                       [--split-seed S] [--workers W] [--no-figures] [--baseline NAME]
                       [--data-dir DIR] [--out DIR] [--overwrite]

Trains K members (seeds 0..K-1, full-batch Adam, E epochs, the step size decaying
exponentially from 1e-2 to 1e-5) on the training part of the split, prints the RMSD table
(member mean +- std, ensemble mean) and writes into DIR the model (usable as ``nucmass
predict --model DIR``), predictions.csv, metrics.csv, summary.csv, missing.csv and, for
the full model without a baseline, the figures and their numbers (figures.json). With
``--baseline NAME`` the members learn the residual B_exp - B_theory on that theory table
and the model predicts B_theory + correction; nuclei the table lacks are left out of
training and listed in missing.csv. Thin caller of :func:`nucmass.pipeline.run`.
"""

import json
from pathlib import Path

from nucmass.atomic import write_text
from nucmass.cli.output import print_table
from nucmass.errors import NucmassError
from nucmass.evaluation import headline
from nucmass.models.conn import ABLATIONS, CoNNConfig
from nucmass.pipeline import run, save_trained
from nucmass.plotting.conn import conn_figures
from nucmass.train.config import default_training

__all__ = ["register"]

DEFAULT_TRAINING = default_training(CoNNConfig())


def register(subparsers) -> None:
    """Add ``conn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("conn", help="cooperative neural network (paper 001)")
    p.add_argument("--seeds", type=int, default=10, help="ensemble members (seeds 0..K-1)")
    p.add_argument("--epochs", type=int, default=DEFAULT_TRAINING.epochs,
                   help=f"full-batch Adam epochs (default {DEFAULT_TRAINING.epochs})")  # fmt: skip
    p.add_argument("--ablate", choices=list(ABLATIONS), default="full", help="modules to keep")
    p.add_argument("--split", default="conn", help="split name or CSV file (Z, N, part)")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the random split")
    p.add_argument("--workers", type=int, default=1, help="processes, one thread each")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory (RIPL baselines; FRDM2012 in Fig. 3)")
    p.add_argument("--out", default="runs/conn", help="output directory (default runs/conn)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.set_defaults(func=_train)


def _check(args) -> None:
    """Refuse bad settings before any training (one clear sentence each)."""
    if args.seeds < 1 or args.workers < 1:
        raise NucmassError("--seeds and --workers must be at least 1")
    if Path(args.out).exists() and not args.overwrite:
        raise NucmassError(f"{args.out} exists; choose another --out or pass --overwrite")


def _print_members(ensemble) -> None:
    info = ensemble.info
    for seed, status, loss in zip(info["seeds"], ensemble.status, info["final_loss"], strict=True):
        print(f"member {seed}: {status}, final loss {loss:.4f} MeV^2")
    left_out = f" ({info['missing']} left out: no baseline value)" if info["missing"] else ""
    print(f"trained in {info['seconds']} s on {info['n_train']} nuclei{left_out}")


def _train(args) -> int:
    _check(args)
    model = CoNNConfig().ablate(args.ablate)
    training = DEFAULT_TRAINING.replace(epochs=args.epochs)
    trained = run(model, args.split, training, seeds=range(args.seeds), split_seed=args.split_seed,
                  baseline=args.baseline, data_dir=args.data_dir, workers=args.workers)  # fmt: skip
    figures, numbers = {}, None
    if not args.no_figures and args.ablate == "full" and not args.baseline:
        figures, numbers = conn_figures(trained.ensemble, args.data_dir)
    out = save_trained(trained, args.out, overwrite=args.overwrite, figures=figures)
    if numbers is not None:
        write_text(out / "figures.json", json.dumps(numbers, indent=2, default=str) + "\n")
    _print_members(trained.ensemble)
    on_top = f", on top of {args.baseline}" if args.baseline else ""
    print(f"CoNN ({args.ablate}), {args.seeds} members, split {args.split} seed "
          f"{args.split_seed}{on_top}: RMSD (MeV) member mean, std and ensemble mean")  # fmt: skip
    print_table(headline(trained.summary))
    extra = ", figures (*.png, figures.json)" if figures else ""
    print(f"wrote {out}/: model (config.json, ensemble.eqx), predictions.csv, metrics.csv, "
          f"summary.csv, missing.csv{extra}")  # fmt: skip
    return 0
