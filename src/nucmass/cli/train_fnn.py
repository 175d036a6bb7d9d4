"""``nucmass train fnn``: an ensemble of feed-forward networks (paper 000, Sec. IV).

    nucmass train fnn --width N --depth L --activation relu|tanh|gelu|softplus
                      --regime cict|cint|nint|adam-cint|adam-nint|adam --epochs E --seeds K
                      [--inputs 2|4] [--split NAME] [--baseline NAME [--data-dir DIR]]
                      [--workers P] [--strategy S] [--out DIR [--overwrite]] [--json]

Trains through :func:`nucmass.pipeline.run`, prints one row per seed (status, final loss,
RMSD per part in MeV) and writes the ensemble and its tables into ``--out`` with
:func:`nucmass.pipeline.save_trained`. With ``--baseline NAME`` the networks learn
B_exp - B_theory on that theory table and the saved model predicts B_theory + correction;
nuclei the table lacks are left out and listed in missing.csv.
"""

import dataclasses
import json
from pathlib import Path

from nucmass.cli.output import print_table
from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models.fnn import TARGET_SCALINGS, FNNConfig
from nucmass.models.mlp import ACTIVATIONS
from nucmass.pipeline import run, save_trained
from nucmass.train.config import Regime
from nucmass.train.fit import STRATEGIES
from nucmass.train.losses import LOSSES
from nucmass.train.members import choose_strategy
from nucmass.train.regimes import REGIMES
from nucmass.train.studies import member_rmsd, member_table

__all__ = ["register"]

MODEL, TRAINING = FNNConfig(), Regime()


def register(subparsers) -> None:
    """Add ``fnn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("fnn", help="feed-forward network ensemble (paper 000)")
    _model_options(p)
    _training_options(p)
    _run_options(p)
    p.set_defaults(func=_train)


def _model_options(p) -> None:
    p.add_argument("--width", type=int, default=MODEL.width, help="hidden units n")
    p.add_argument("--depth", type=int, default=MODEL.depth, help="hidden layers L")
    p.add_argument("--activation", choices=tuple(ACTIVATIONS), default=MODEL.activation)
    p.add_argument("--inputs", type=int, choices=(2, 4), default=MODEL.inputs)
    p.add_argument("--c-b", type=float, help="bias variance C_b (default: from regime)")
    p.add_argument("--c-w", type=float, help="weight variance C_W (default: from regime)")
    p.add_argument(
        "--target-scaling",
        choices=TARGET_SCALINGS,
        default=MODEL.target_scaling,
        help="standard: learn (B - mean) / std (default none: B in MeV, paper 000)",
    )


def _training_options(p) -> None:
    p.add_argument("--regime", choices=tuple(REGIMES), default=TRAINING.regime)
    p.add_argument("--epochs", type=int, default=TRAINING.epochs)
    p.add_argument("--switch-epoch", type=int, default=TRAINING.switch_epoch)
    p.add_argument(
        "--raw-rates",
        type=float,
        nargs=2,
        metavar=("B", "W"),
        help="phase-1 raw rates lambda~_b lambda~_W (default: per activation)",
    )
    p.add_argument(
        "--fine-rates",
        type=float,
        nargs=2,
        metavar=("B", "W"),
        help="phase-2 raw rates (default: per activation)",
    )
    p.add_argument("--adam-lr", type=float, default=TRAINING.adam_lr)
    p.add_argument("--loss", choices=tuple(LOSSES), default=TRAINING.loss)
    p.add_argument("--batch-size", type=int, help="mini-batch size (default full batch)")


def _run_options(p) -> None:
    p.add_argument("--seeds", type=int, default=1, help="ensemble members K (seeds 0..K-1)")
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--split", help="split name or CSV (Z, N, part); default all of AME2020")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory for RIPL baselines (or NUCMASS_DATA_DIR)")
    p.add_argument("--strategy", choices=STRATEGIES, default="auto")
    p.add_argument("--workers", type=int, default=1, help="processes, one per core")
    p.add_argument("--out", help="output directory (default runs/fnn-wN-dL-ACT-REGIME)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.add_argument("--json", action="store_true", help="print the table as JSON")


def _configs(args) -> tuple[FNNConfig, Regime]:
    model = FNNConfig(
        width=args.width, depth=args.depth, activation=args.activation, inputs=args.inputs,
        target_scaling=args.target_scaling, c_b=args.c_b, c_w=args.c_w,
    )  # fmt: skip
    training = Regime(
        regime=args.regime, epochs=args.epochs, switch_epoch=args.switch_epoch,
        raw_rates=args.raw_rates, raw_rates_fine=args.fine_rates, adam_lr=args.adam_lr,
        loss=args.loss, batch_size=args.batch_size,
    )  # fmt: skip
    training.variances(model)  # an activation without a critical point needs --c-b, --c-w
    return model, training


def _out(args) -> Path:
    """The output directory, refused before training when it exists (no --overwrite)."""
    default = f"runs/fnn-w{args.width}-d{args.depth}-{args.activation}-{args.regime}"
    out = Path(args.out or default)
    if out.exists() and not args.overwrite:
        raise NucmassError(f"{out} exists; choose another --out or pass --overwrite")
    return out


def _train(args) -> int:
    model, training = _configs(args)
    out = _out(args)
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    data = args.split or load_ame("ame2020")
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
