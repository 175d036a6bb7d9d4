"""``nucmass train conn``: the Cooperative Neural Network of paper 001.

    nucmass train conn [--preset NAME] [--seeds K] [--epochs E] [--ablate NAME] [--split NAME]
                       [--split-seed S] [--workers W] [--no-figures] [--baseline NAME]
                       [--data-dir DIR] [--out DIR] [--overwrite]

Trains K members of the preset's CoNN (``nucmass.presets``; default ``conn``, the default
``CoNNConfig``; ``conn-paper``: the four modules of paper 001; ``conn-issue5``: the design
before the light-nucleus terms) (seeds 0..K-1, full-batch Adam, E epochs, the step size decaying
exponentially from 1e-2 to 1e-5) on the training part of the split, prints the RMSD table
(member mean +- std, ensemble mean) and writes into DIR the model (usable as ``nucmass
predict --model DIR``), predictions.csv, metrics.csv, summary.csv, missing.csv and, for
the full model without a baseline, the figures and their numbers (figures.json). With
``--baseline NAME`` the members learn the residual B_exp - B_theory on that theory table
and the model predicts B_theory + correction; nuclei the table lacks are left out of
training and listed in missing.csv. Thin caller of :func:`nucmass.pipeline.run`.
"""

import json

from nucmass.atomic import check_new_directory, write_text
from nucmass.cli import checks
from nucmass.cli.names import CONN_ABLATIONS, CONN_EPOCHS, CONN_PRESETS
from nucmass.limits import MAX_EPOCHS, MAX_MEMBERS

__all__ = ["register"]


def register(subparsers) -> None:
    """Add ``conn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("conn", help="cooperative neural network (paper 001)")
    p.add_argument("--preset", choices=CONN_PRESETS, default="conn", help="CoNN configuration")
    p.add_argument("--seeds", type=checks.integer(1, MAX_MEMBERS), default=10,
                   help="ensemble members (seeds 0..K-1)")  # fmt: skip
    p.add_argument("--epochs", type=checks.integer(1, MAX_EPOCHS), default=CONN_EPOCHS,
                   help=f"full-batch Adam epochs (default {CONN_EPOCHS})")  # fmt: skip
    p.add_argument("--ablate", choices=CONN_ABLATIONS, default="full", help="modules to keep")
    p.add_argument("--split", default="conn", help="split name or CSV file (Z, N, part)")
    p.add_argument("--split-seed", type=checks.seed, default=0, help="seed of the random split")
    p.add_argument("--workers", type=checks.workers, default=1, help="processes, one thread each")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory (RIPL baselines; FRDM2012 in Fig. 3)")
    p.add_argument("--out", type=checks.out_directory, default="runs/conn",
                   help="output directory (default runs/conn)")  # fmt: skip
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.set_defaults(func=_train)


def _check(args):
    """The split, with --out and --baseline checked, before any heavy import."""
    from nucmass.data.splits import get_split
    from nucmass.data.theory import load_theory

    check_new_directory(args.out, args.overwrite)
    split = get_split(args.split, args.split_seed)
    if args.baseline:
        load_theory(args.baseline, args.data_dir)
    return split


def _print_members(ensemble) -> None:
    info = ensemble.info
    for seed, status, loss in zip(info["seeds"], ensemble.status, info["final_loss"], strict=True):
        print(f"member {seed}: {status}, final loss {loss:.4f} MeV^2")
    left_out = f" ({info['missing']} left out: no baseline value)" if info["missing"] else ""
    print(f"trained in {info['seconds']} s on {info['n_train']} nuclei{left_out}")


def _train(args) -> int:
    split = _check(args)
    from nucmass.cli.output import print_table
    from nucmass.evaluation import headline
    from nucmass.pipeline import run, save_trained
    from nucmass.plotting.conn import conn_figures
    from nucmass.presets import conn_preset

    model, training = conn_preset(args.preset)
    model, training = model.ablate(args.ablate), training.replace(epochs=args.epochs)
    trained = run(model, split, training, seeds=range(args.seeds), baseline=args.baseline,
                  data_dir=args.data_dir, workers=args.workers)  # fmt: skip
    figures, numbers = {}, None
    if not args.no_figures and args.ablate == "full" and not args.baseline:
        figures, numbers = conn_figures(trained.ensemble, args.data_dir)
    out = save_trained(trained, args.out, overwrite=args.overwrite, figures=figures)
    if numbers is not None:
        write_text(out / "figures.json", json.dumps(numbers, indent=2, default=str) + "\n")
    _print_members(trained.ensemble)
    on_top = f", on top of {args.baseline}" if args.baseline else ""
    print(f"CoNN {args.preset} ({args.ablate}), {args.seeds} members, split {args.split} seed "
          f"{args.split_seed}{on_top}: RMSD (MeV) member mean, std and ensemble mean")  # fmt: skip
    print_table(headline(trained.summary))
    extra = ", figures (*.png, figures.json)" if figures else ""
    print(f"wrote {out}/: model (config.json, ensemble.eqx), predictions.csv, metrics.csv, "
          f"summary.csv, missing.csv{extra}")  # fmt: skip
    return 0
