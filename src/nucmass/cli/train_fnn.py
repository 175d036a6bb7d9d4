"""``nucmass train fnn``: an ensemble of feed-forward networks (paper 000, Sec. IV).

    nucmass train fnn [--preset NAME] --width N --depth L --activation relu|tanh|gelu|softplus
                      --regime cict|cint|nint|adam-cint|adam-nint|adam --epochs E --seeds K
                      [--inputs 2|4|6|7] [--split NAME] [--baseline NAME [--data-dir DIR]]
                      [--workers P] [--strategy S] [--out DIR [--overwrite]] [--json]

Trains through :func:`nucmass.pipeline.run`, prints one row per seed (status, final loss,
RMSD per part in MeV) and writes the ensemble and its tables into ``--out`` with
:func:`nucmass.pipeline.save_trained`. Options given override the preset (``--preset``,
:mod:`nucmass.presets`) or the defaults of ``FNNConfig`` and ``Regime``. With
``--baseline NAME`` the networks learn B_exp - B_theory on that theory table and the saved
model predicts B_theory + correction; nuclei the table lacks are left out and listed in
missing.csv. Every value is checked while parsing; the split, baseline and ``--out`` before
JAX is loaded; the members' memory before training.
"""

import argparse
import dataclasses
import json
import sys

from nucmass.atomic import check_new_directory
from nucmass.cli import checks
from nucmass.cli.names import (
    FNN_ACTIVATIONS,
    FNN_INPUTS,
    FNN_TARGETS,
    LOSSES,
    REGIMES,
    STRATEGIES,
    TARGET_SCALINGS,
)
from nucmass.limits import (
    AME_NUCLEI,
    MAX_DEPTH,
    MAX_EPOCHS,
    MAX_MEMBERS,
    MAX_WIDTH,
    check_memory,
    fnn_memory_bytes,
)

__all__ = ["register"]

RATE = checks.number(positive=True)
BATCH_SIZE = checks.integer(1, AME_NUCLEI)
MODEL_OPTIONS = ("width", "depth", "activation", "inputs", "target", "target_scaling", "c_b", "c_w")
TRAINING_OPTIONS = {"regime": "regime", "epochs": "epochs", "switch_epoch": "switch_epoch",
                    "raw_rates": "raw_rates", "fine_rates": "raw_rates_fine",
                    "adam_lr": "adam_lr", "loss": "loss", "batch_size": "batch_size"}  # fmt: skip


def register(subparsers) -> None:
    """Add ``fnn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("fnn", help="feed-forward network ensemble (paper 000)")
    p.add_argument("--preset", help="start from a named configuration (nucmass.presets)")
    _model_options(p)
    _training_options(p)
    _run_options(p)
    p.set_defaults(func=_train)


def _model_options(p) -> None:
    p.add_argument("--width", type=checks.integer(1, MAX_WIDTH), help="hidden units n (100)")
    p.add_argument("--depth", type=checks.integer(1, MAX_DEPTH), help="hidden layers L (4)")
    p.add_argument("--activation", choices=FNN_ACTIVATIONS, help="(default relu)")
    p.add_argument("--inputs", type=int, choices=FNN_INPUTS, help="input columns (default 2)")
    p.add_argument("--c-b", type=checks.number(low=0.0), help="bias variance C_b (from regime)")
    p.add_argument("--c-w", type=RATE, help="weight variance C_W (default: from regime)")
    p.add_argument("--target", choices=FNN_TARGETS,
                   help="what the network learns: B (default) or B/A")  # fmt: skip
    p.add_argument("--target-scaling", choices=TARGET_SCALINGS,
                   help="standard: learn (t - mean) / std (default none: MeV)")  # fmt: skip


def _batch_size(text: str):
    """A mini-batch size 1..3558, or "full"."""
    return text if text == "full" else BATCH_SIZE(text)


def _training_options(p) -> None:
    p.add_argument("--regime", choices=REGIMES, help="(default cict)")
    p.add_argument("--epochs", type=checks.integer(1, MAX_EPOCHS), help="(default 20000)")
    p.add_argument("--switch-epoch", type=checks.integer(0, MAX_EPOCHS), help="(default 5000)")
    p.add_argument("--raw-rates", type=RATE, nargs=2, metavar=("B", "W"),
                   help="phase-1 raw rates of biases and weights (per activation)")  # fmt: skip
    p.add_argument("--fine-rates", type=RATE, nargs=2, metavar=("B", "W"),
                   help="phase-2 raw rates (default: per activation)")  # fmt: skip
    p.add_argument("--adam-lr", type=RATE, help="Adam learning rate (default 1e-4)")
    p.add_argument("--loss", choices=LOSSES, help="(default mae)")
    p.add_argument("--batch-size", type=_batch_size, help="mini-batch size or 'full'")


def _run_options(p) -> None:
    p.add_argument("--seeds", type=checks.integer(1, MAX_MEMBERS), default=1,
                   help="ensemble members K (seeds 0..K-1)")  # fmt: skip
    p.add_argument("--first-seed", type=checks.seed, default=0)
    p.add_argument("--split", help="split name or CSV (Z, N, part); default all of AME2020")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory for RIPL baselines (or NUCMASS_DATA_DIR)")
    p.add_argument("--strategy", choices=STRATEGIES, default="auto")
    p.add_argument("--workers", type=checks.workers, default=1, help="processes, one per core")
    p.add_argument("--out", type=checks.out_directory,
                   help="output directory (default runs/fnn-wN-dL-ACT-REGIME)")  # fmt: skip
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.add_argument("--json", action="store_true", help="print the table as JSON")


def _configs(args: argparse.Namespace) -> tuple:
    """(FNNConfig, Regime): the preset's or the defaults, with the options given."""
    from nucmass.models.fnn import FNNConfig
    from nucmass.presets import fnn_preset
    from nucmass.train.config import Regime

    model, training = fnn_preset(args.preset) if args.preset else (FNNConfig(), Regime())
    given = {k: getattr(args, k) for k in MODEL_OPTIONS if getattr(args, k) is not None}
    model = model.replace(**given)
    recipe = {field: getattr(args, option) for option, field in TRAINING_OPTIONS.items()}
    training = training.replace(**{k: v for k, v in recipe.items() if v is not None})
    training.variances(model)  # an activation without a critical point needs --c-b, --c-w
    memory = fnn_memory_bytes(model.width, model.depth, args.seeds, model.inputs)
    check_memory(f"training {args.seeds} network(s) of width {model.width}", memory)
    return model, training


def _data(args: argparse.Namespace):
    """The split (None: all of AME2020), with --out and --baseline checked, before JAX."""
    from nucmass.data.splits import get_split
    from nucmass.data.theory import load_theory

    if args.out:
        check_new_directory(args.out, args.overwrite)
    split = get_split(args.split) if args.split else None
    if args.baseline:
        load_theory(args.baseline, args.data_dir)
    return split


def _train(args: argparse.Namespace) -> int:
    split = _data(args)
    from nucmass.data.ame import load_ame
    from nucmass.pipeline import run, save_trained
    from nucmass.train.members import choose_strategy
    from nucmass.train.studies import member_rmsd, member_table

    model, training = _configs(args)
    name = f"runs/fnn-w{model.width}-d{model.depth}-{model.activation}-{training.regime}"
    out = check_new_directory(args.out or name, args.overwrite)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    data = split if split is not None else load_ame("ame2020")
    trained = run(model, data, training, seeds=seeds, baseline=args.baseline,
                  data_dir=args.data_dir, workers=args.workers, strategy=args.strategy,
                  progress=not args.json)  # fmt: skip
    members = member_table(trained.ensemble, trained.table)
    members = members.rename(columns=lambda c: f"{c}_MeV" if c.startswith("rmsd_") else c)
    rmsd, sizes = member_rmsd(trained.ensemble, trained.table)
    record = {"rmsd_MeV": {k: v.tolist() for k, v in rmsd.items()}, "sizes": sizes}
    ensemble = dataclasses.replace(trained.ensemble, info={**trained.ensemble.info, **record})
    save_trained(dataclasses.replace(trained, ensemble=ensemble), out, args.overwrite)
    strategy = choose_strategy(model, training, args.strategy)
    _report(args, out, ensemble, members, sizes, strategy, len(trained.table))
    return 0


def _report(args, out, ensemble, members, sizes, strategy, nuclei) -> None:
    from nucmass.cli.output import print_table

    if not ensemble.ok.any():
        print(f"nucmass: warning: every member failed ({', '.join(ensemble.status)}); "
              "predict refuses this model", file=sys.stderr)  # fmt: skip
    if args.json:
        record = {"out": str(out), "sizes": sizes, "members": members.to_dict(orient="records")}
        print(json.dumps(record, default=str))
        return
    parts = ", ".join(f"{k} {v}" for k, v in sizes.items())
    seconds = ensemble.info["seconds"]
    print(f"{ensemble.size} members, {seconds:.1f} s ({strategy}); nuclei: {parts}")
    print_table(members)
    if args.baseline:
        lacking = nuclei - sum(sizes.values())
        print(f"on top of {args.baseline} ({lacking} nuclei lack it, see missing.csv)")
    print(f"saved to {out}")
