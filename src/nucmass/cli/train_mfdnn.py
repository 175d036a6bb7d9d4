"""``nucmass train mfdnn``: the multi-fidelity network of paper 002 (and residual learning).

    nucmass train mfdnn [--low-fidelity HFB14,FRDM95] [--data ame2003|ame2016|ame2020]
                        [--seeds K] [--features none|shell] [--l2 auto|L|L1,L2,...]
                        [--validation random|edge] [--baseline NAME]
                        [--data-dir DIR] [--out DIR]

Registered under the ``train`` group (``nucmass.cli.train``). Thin caller of
``nucmass.experiments.mfdnn_common``.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.cli.fit import write_fit_outputs
from nucmass.cli.output import print_table
from nucmass.data.features import FEATURE_SETS
from nucmass.data.splits import SPLIT_NAMES
from nucmass.errors import NucmassError
from nucmass.experiments.mfdnn_common import DATA_SPLITS, fit_ensemble, prepare_table, score
from nucmass.train.mfdnn import MFDNNConfig
from nucmass.train.validation import CARVES

__all__ = ["DEFAULT_L2_GRID", "register"]

DEFAULT_L2_GRID = (1e-4, 1e-3, 1e-2)


def register(subparsers) -> None:
    """Add ``mfdnn`` to the sub-commands of ``nucmass train``."""
    p = subparsers.add_parser("mfdnn", help="multi-fidelity network on theory tables (paper 002)")
    p.add_argument("--low-fidelity", default="HFB14,FRDM95", help="theory tables, comma-separated")
    p.add_argument(
        "--data",
        choices=DATA_SPLITS,
        default="ame2020",
        help="sigma < 100 keV measured masses of this AME, 80/20 (default ame2020)",
    )
    p.add_argument("--split", choices=SPLIT_NAMES, help="use this named split instead of --data")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the 80/20 split")
    p.add_argument("--seeds", type=int, default=10, help="ensemble members (seeds 0..K-1)")
    p.add_argument("--epochs", type=int, default=20000, help="full-batch Adam epochs")
    p.add_argument(
        "--l2",
        default="auto",
        help="lambda; a comma-separated grid or 'auto' (1e-4,1e-3,1e-2): by validation",
    )
    p.add_argument(
        "--validation",
        choices=CARVES,
        default="random",
        help="validation part for lambda: random 20%% of train, or the isotopic-chain ends",
    )
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default 1e-3)")
    p.add_argument("--parity", action="store_true", help="add N, Z parities to the inputs")
    p.add_argument(
        "--features",
        choices=FEATURE_SETS,
        default="none",
        help="extra inputs: 'shell' = magic-number distances, valence counts, ... (default none)",
    )
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table")
    p.add_argument("--data-dir", help="RIPL-4 directory (else $NUCMASS_DATA_DIR)")
    p.add_argument("--workers", type=int, default=1, help="processes, one thread each")
    p.add_argument("--out", default="runs/mfdnn", help="output directory (default runs/mfdnn)")
    p.set_defaults(func=_train)


def _l2(text: str) -> tuple[float, "tuple | None"]:
    """(lambda, grid to choose it from by validation, or None for a fixed lambda)."""
    if text == "auto":
        return DEFAULT_L2_GRID[0], DEFAULT_L2_GRID
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise NucmassError(f"--l2 must be numbers or 'auto', not {text!r}") from None
    return values[0], (values if len(values) > 1 else None)


def _train(args) -> int:
    split = args.split or DATA_SPLITS[args.data]
    l2, grid = _l2(args.l2)
    config = MFDNNConfig(
        low_fidelity=tuple(k.strip() for k in args.low_fidelity.split(",") if k.strip()),
        l2=l2,
        learning_rate=args.lr,
        epochs=args.epochs,
        parity=args.parity,
        features=args.features,
        target="binding_energy" if args.baseline else "mass_excess",
        data_dir=args.data_dir,
        workers=args.workers,
    )
    table, missing = prepare_table(split, args.split_seed, args.baseline, args.data_dir)
    model, report = fit_ensemble(
        config, table, range(args.seeds), grid, args.baseline, args.validation
    )
    out = Path(args.out)
    exp = table.assign(binding_energy=table.get("binding_energy_exp", table.binding_energy))
    covered = np.isfinite(model.predict(exp.Z.to_numpy(), exp.N.to_numpy()))
    theories = [*config.low_fidelity, *([args.baseline] if args.baseline else [])]
    scores = score(model, table, "test", dict.fromkeys(theories), args.data_dir)
    title = f"MFDNN ({args.low_fidelity}), residuals (MeV); split {split}"
    metrics = write_fit_outputs(model, exp[covered].reset_index(drop=True), out, title)
    pd.concat([missing, exp.loc[~covered, ["Z", "N"]]]).to_csv(out / "missing.csv", index=False)
    (out / "report.json").write_text(json.dumps({**report, "test": scores}, indent=2))
    _print(split, report, scores, len(missing) + int((~covered).sum()), metrics, out)
    return 0


def _print(split, report, scores, n_missing, metrics, out) -> None:
    print(f"MFDNN ensemble of {len(scores['members'])} on {split}; lambda = {report['l2']:g}")
    print(f"{n_missing} nuclei lack a theory value and are left out (listed in missing.csv)")
    print(
        f"test RMSD (MeV, {scores['n']} nuclei): members {scores['member_mean']:.3f} +- "
        f"{scores['member_std']:.3f}, ensemble mean {scores['ensemble']:.3f}"
    )
    for name in scores.keys() - {
        "part",
        "n",
        "uncovered",
        "member_mean",
        "member_std",
        "ensemble",
        "members",
    }:
        print(f"  {name}: {scores[name]:.3f}")
    print_table(metrics[metrics.subset == "all"])
    print(f"wrote {out}/: config.json, predictions.csv, metrics.json, report.json, missing.csv")
