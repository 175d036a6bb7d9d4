"""``nucmass train fnn``: an ensemble of feed-forward networks (paper 000, Sec. IV).

    nucmass train fnn --width N --depth L --activation relu|tanh|gelu|softplus
                      --regime cict|cint|nint|adam-cint|adam-nint|adam --epochs E --seeds K
                      [--inputs 2|4] [--split NAME] [--baseline NAME [--data-dir DIR]]
                      [--out DIR] [--json]

Prints one row per seed (final loss, failed, RMSD per part) and writes the ensemble
(``config.json`` + ``members.eqx``, loadable by ``nucmass predict --model DIR``) and the
loss histories (``losses.npz``) into ``--out``. With ``--baseline NAME`` the networks learn
B_exp - B_theory on that theory table and the saved model (kind "residual") predicts
B_theory + correction; nuclei the table lacks are left out and listed in missing.csv.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.cli.output import print_table
from nucmass.data.ame import load_ame
from nucmass.data.splits import get_split
from nucmass.models.ensemble import FNNEnsemble
from nucmass.models.mlp import ACTIVATIONS
from nucmass.models.residual import ResidualModel, residual_table
from nucmass.train import TrainConfig, train_ensemble
from nucmass.train.config import STRATEGIES, TARGET_SCALINGS
from nucmass.train.losses import LOSSES
from nucmass.train.regimes import REGIMES

__all__ = ["member_table", "register", "save_result"]

DEFAULTS = TrainConfig()


def register(subparsers) -> None:
    """Add ``fnn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("fnn", help="feed-forward network ensemble (paper 000)")
    p.add_argument("--width", type=int, default=DEFAULTS.width, help="hidden units n")
    p.add_argument("--depth", type=int, default=DEFAULTS.depth, help="hidden layers L")
    p.add_argument("--activation", choices=tuple(ACTIVATIONS), default="relu")
    p.add_argument("--regime", choices=tuple(REGIMES), default="cict")
    p.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    p.add_argument("--seeds", type=int, default=1, help="ensemble members K (seeds 0..K-1)")
    p.add_argument("--first-seed", type=int, default=0)
    p.add_argument("--inputs", type=int, choices=(2, 4), default=2)
    p.add_argument("--split", help="named split (e.g. zeng); default all of AME2020")
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table (e.g. WS4)")
    p.add_argument("--data-dir", help="RIPL-4 directory for RIPL baselines (or NUCMASS_DATA_DIR)")
    p.add_argument("--switch-epoch", type=int, default=DEFAULTS.switch_epoch)
    p.add_argument(
        "--raw-rates",
        type=float,
        nargs=2,
        default=None,
        metavar=("B", "W"),
        help="phase-1 raw rates lambda~_b lambda~_W (default: per activation)",
    )
    p.add_argument(
        "--fine-rates",
        type=float,
        nargs=2,
        default=None,
        metavar=("B", "W"),
        help="phase-2 raw rates (default: per activation)",
    )
    p.add_argument("--adam-lr", type=float, default=DEFAULTS.adam_lr)
    p.add_argument("--c-b", type=float, help="bias variance C_b (default: from regime)")
    p.add_argument("--c-w", type=float, help="weight variance C_W (default: from regime)")
    p.add_argument("--loss", choices=tuple(LOSSES), default="mae")
    p.add_argument("--batch-size", type=int, help="mini-batch size (default full batch)")
    p.add_argument("--strategy", choices=STRATEGIES, default="auto")
    p.add_argument(
        "--target-scaling",
        choices=TARGET_SCALINGS,
        default="none",
        help="standard: learn (B - mean) / std (default none: B in MeV, paper 000)",
    )
    p.add_argument("--workers", type=int, default=1, help="processes, one per core")
    p.add_argument("--out", help="output directory (default runs/fnn-wN-dL-ACT-REGIME)")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.set_defaults(func=_train)  # fmt: skip


def _config(args) -> TrainConfig:
    return TrainConfig(
        width=args.width, depth=args.depth, activation=args.activation, regime=args.regime,
        inputs=args.inputs, epochs=args.epochs, switch_epoch=args.switch_epoch,
        raw_rates=args.raw_rates, raw_rates_fine=args.fine_rates,
        adam_lr=args.adam_lr, loss=args.loss, batch_size=args.batch_size, c_b=args.c_b,
        c_w=args.c_w, strategy=args.strategy, workers=args.workers,
        target_scaling=args.target_scaling,
    )  # fmt: skip


def member_table(result) -> pd.DataFrame:
    """One row per member: seed, failed, final loss and RMSD (MeV) per part."""
    frame = pd.DataFrame(
        {"seed": result.seeds, "failed": result.failed, "final_loss": result.losses[:, -1]}
    )
    for part, values in result.rmsd.items():
        frame[f"rmsd_{part}_MeV"] = values
    return frame


def save_result(result, directory, split_name=None, baseline=None, data_dir=None) -> Path:
    """Save the ensemble of ``result`` and its loss histories into ``directory``.

    With a ``baseline`` theory table the ensemble (trained on B_exp - B_theory) is saved as
    the inner model of a :class:`~nucmass.models.residual.ResidualModel`.
    """
    info = {
        "training": result.config.to_dict(),
        "seeds": result.seeds.tolist(),
        "split": split_name,
        "baseline": baseline,
        "rmsd_MeV": {k: v.tolist() for k, v in result.rmsd.items()},
        "sizes": result.sizes,
    }
    model = FNNEnsemble.from_result(result, info)
    if baseline:
        model = ResidualModel(baseline, model, data_dir)
    directory = model.save(directory)
    np.savez(directory / "losses.npz", losses=result.losses, seeds=result.seeds)
    return directory


def _table(args) -> pd.DataFrame:
    """The training table: a named split or all of AME2020, as residuals on a baseline."""
    table = get_split(args.split).table() if args.split else load_ame("ame2020")
    if not args.baseline:
        return table
    table, missing = residual_table(table, args.baseline, args.data_dir, on_missing="drop")
    table.attrs["missing"] = missing
    return table


def _train(args) -> int:
    config = _config(args)
    table = _table(args)
    seeds = np.arange(args.first_seed, args.first_seed + args.seeds)
    result = train_ensemble(config, seeds, table)
    default = f"runs/fnn-w{config.width}-d{config.depth}-{config.activation}-{config.regime}"
    out = save_result(result, args.out or default, args.split, args.baseline, args.data_dir)
    if args.baseline:
        table.attrs["missing"].to_csv(out / "missing.csv", index=False)
    frame = member_table(result)
    if args.json:
        print(
            json.dumps(
                {
                    "out": str(out),
                    "sizes": result.sizes,
                    "members": frame.to_dict(orient="records"),
                },
                default=str,
            )
        )
    else:
        sizes = ", ".join(f"{k} {v}" for k, v in result.sizes.items())
        print(f"{len(seeds)} members, {result.seconds:.1f} s ({result.strategy}); nuclei: {sizes}")
        print_table(frame)
        if args.baseline:
            lacking = len(table.attrs["missing"])
            print(f"on top of {args.baseline} ({lacking} nuclei lack it, see missing.csv)")
        print(f"saved to {out}")
    return 0
