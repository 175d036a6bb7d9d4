"""``nucmass train mfdnn``: the multi-fidelity network of paper 002 (and residual learning).

    nucmass train mfdnn [--low-fidelity HFB14,FRDM95] [--data ame2003|ame2016|ame2020]
                        [--seeds K] [--features none|shell|paper] [--l2 auto|L|L1,L2,...]
                        [--validation random|edge] [--baseline NAME]
                        [--data-dir DIR] [--out DIR] [--overwrite]

Registered under the ``train`` group (``nucmass.cli.train``). Thin caller of
:func:`nucmass.pipeline.run` (a grid of lambda values becomes its candidates, chosen on
the ``--validation`` carve of the training part) and :func:`nucmass.pipeline.save_trained`.
The model is the preset ``mfdnn`` (our best configuration, the defaults of ``MFDNNConfig``)
or, with ``--features paper``, ``mfdnn-paper`` (paper 002's inputs); the options given
override its fields.
"""

import json

from nucmass.atomic import check_new_directory, write_text
from nucmass.cli import checks
from nucmass.cli.names import CARVES, FEATURE_SETS
from nucmass.errors import NucmassError
from nucmass.limits import MAX_EPOCHS, MAX_MEMBERS, check_number

__all__ = ["DATA_SPLITS", "DEFAULT_L2_GRID", "FEATURES", "register"]

DEFAULT_L2_GRID = (1e-4, 1e-3, 1e-2)
MAX_L2_GRID = 100  # candidates of a lambda grid
# --features: a feature set of nucmass.data.features (NNh2 without the theory values), or
# "paper": paper 002's network (preset mfdnn-paper: no extra columns, NNh2 sees them all)
FEATURES = (*FEATURE_SETS, "paper")
# --data: the paper's data selection (measured, sigma < 100 keV) of each AME, 80/20.
DATA_SPLITS = {"ame2003": "sigma100-ame2003", "ame2016": "sigma100-ame2016", "ame2020": "sigma100"}
# report entries _print shows in its own lines (the others: one "name: value" line each)
_SHOWN_APART = {"part", "n", "uncovered", "member_mean", "member_std", "ensemble", "members",
               "chosen", "choice", "n_train", "missing_train", "seconds", "l2"}  # fmt: skip


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
    p.add_argument("--split", help="split name or CSV file (Z, N, part) instead of --data")
    p.add_argument("--split-seed", type=checks.seed, default=0, help="seed of the 80/20 split")
    p.add_argument("--seeds", type=checks.integer(1, MAX_MEMBERS), default=10,
                   help="ensemble members (seeds 0..K-1)")  # fmt: skip
    p.add_argument("--epochs", type=checks.integer(1, MAX_EPOCHS), default=20000,
                   help="full-batch Adam epochs")  # fmt: skip
    p.add_argument(
        "--l2",
        help="lambda (default: the preset's, chosen on chain ends); a comma-separated grid or "
        "'auto' (" + ",".join(f"{v:g}" for v in DEFAULT_L2_GRID) + "): by validation",
    )
    p.add_argument(
        "--validation",
        choices=CARVES,
        default="random",
        help="validation part for lambda: random 20%% of train, or the chain ends",
    )
    p.add_argument("--lr", type=checks.number(positive=True), default=1e-3,
                   help="Adam learning rate (default 1e-3)")  # fmt: skip
    p.add_argument("--parity", action="store_true", help="add N, Z parities to the inputs")
    p.add_argument(
        "--features",
        choices=FEATURES,
        default="none",
        help="extra inputs: 'none' (default), 'shell' = magic-number distances, valence "
        "counts, ...; 'paper' = paper 002's network (N, Z, theories into both branches)",
    )
    p.add_argument("--baseline", help="learn B_exp - B_theory on this theory table")
    p.add_argument("--data-dir", help="RIPL-4 directory (else $NUCMASS_DATA_DIR)")
    p.add_argument("--workers", type=checks.workers, default=1, help="processes, one thread each")
    p.add_argument("--out", type=checks.out_directory, default="runs/mfdnn",
                   help="output directory (default runs/mfdnn)")  # fmt: skip
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.set_defaults(func=_train)  # fmt: skip


def _l2(text: "str | None") -> tuple["float | None", "tuple | None"]:
    """(lambda, grid to choose it from by validation, or None for a fixed lambda); lambda
    None (no ``--l2``): the preset's."""
    if text is None:
        return None, None
    if text == "auto":
        return DEFAULT_L2_GRID[0], DEFAULT_L2_GRID
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise NucmassError(f"--l2 must be numbers or 'auto', not {text!r}") from None
    if len(values) > MAX_L2_GRID:
        raise NucmassError(f"--l2: at most {MAX_L2_GRID} values")
    for value in values:
        check_number("--l2", value, low=0.0)
    return values[0], (values if len(values) > 1 else None)


def _check(args):
    """(lambda, grid or None), with --out, the split and the theory tables checked before
    any heavy import."""
    from nucmass.data.splits import get_split
    from nucmass.data.theory import load_theory, theory_names

    check_new_directory(args.out, args.overwrite)
    l2 = _l2(args.l2)
    get_split(args.split or DATA_SPLITS[args.data], args.split_seed)
    for name in [*theory_names(args.low_fidelity, args.data_dir), args.baseline]:
        if name:
            load_theory(name, args.data_dir)
    return l2


def _configs(args, l2: "float | None", grid) -> tuple:
    """(model, training, candidates or None): the preset with the options given."""
    from nucmass.analysis.recipes import grid_candidates
    from nucmass.presets import preset

    paper = args.features == "paper"
    model, training = preset("mfdnn-paper" if paper else "mfdnn")
    changes = {"low_fidelity": args.low_fidelity, "parity": args.parity,
               "target": "binding_energy" if args.baseline else "mass_excess",
               **({} if paper else {"features": args.features}),
               **({} if l2 is None else {"l2": l2})}  # fmt: skip
    model = model.replace(**changes)
    training = training.replace(epochs=args.epochs, learning_rate=args.lr)
    return model, training, grid_candidates("l2", grid) if grid else None


def _chart(trained, title: str) -> tuple:
    """The residual chart (prediction - experiment, MeV) and the nuclei without a prediction."""
    from matplotlib.figure import Figure

    from nucmass.pipeline import predictions_table
    from nucmass.plotting.chart import plot_chart

    frame = predictions_table(trained.ensemble, trained.table)
    ax = plot_chart(frame.Z, frame.N, frame.residual, Figure(figsize=(9, 5.6)).subplots(),
                    title=title)  # fmt: skip
    return ax.figure, int(frame.predicted.isna().sum())


def _train(args) -> int:
    model, training, candidates = _configs(args, *_check(args))
    from nucmass.analysis.scores import trained_report
    from nucmass.pipeline import run, save_trained

    split = args.split or DATA_SPLITS[args.data]
    trained = run(model, split, training, seeds=range(args.seeds), split_seed=args.split_seed,
                  baseline=args.baseline, data_dir=args.data_dir, candidates=candidates,
                  carve=args.validation, workers=args.workers)  # fmt: skip
    part = "test" if (trained.table.part == "test").any() else "validation"
    theories = [*model.low_fidelity, *([args.baseline] if args.baseline else [])]
    report = trained_report(trained, part, theories, args.data_dir)
    report["l2"] = trained.ensemble.config.l2
    figure, n_missing = _chart(trained, f"MFDNN ({args.low_fidelity}), residuals (MeV); {split}")
    out = save_trained(trained, args.out, args.overwrite, {"residual_chart.png": figure})
    write_text(out / "report.json", json.dumps(report, indent=2) + "\n")
    _print(split, report, n_missing, trained.metrics, out)
    return 0


def _print(split, report, n_missing, metrics, out) -> None:
    from nucmass.cli.output import print_table

    print(f"MFDNN ensemble of {len(report['members'])} on {split}; lambda = {report['l2']:g}")
    print(f"{n_missing} nuclei lack a theory value and are left out (listed in missing.csv)")
    print(f"{report['part']} RMSD (MeV, {report['n']} nuclei): members "
          f"{report['member_mean']:.3f} +- {report['member_std']:.3f}, "
          f"ensemble mean {report['ensemble']:.3f}")  # fmt: skip
    for name in (k for k in report if k not in _SHOWN_APART):
        print(f"  {name}: {report[name]:.3f}")
    rows = metrics[(metrics.model == "ensemble") & (metrics.subset == "all")]
    print_table(rows.drop(columns="model"))
    print(
        f"wrote {out}/: config.json, ensemble.eqx, predictions.csv, metrics.csv, summary.csv, "
        "missing.csv, residual_chart.png, report.json (+ choice.csv with a lambda grid)"
    )
