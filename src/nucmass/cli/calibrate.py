"""``nucmass calibrate MODEL [--split NAME|FILE.csv] [--seed S] [--workers W] [--out DIR]
[--overwrite]``: fit a saved model's calibrated uncertainty and save the calibrated model.

The calibration retrains the model's own family, recipe and seeds on two carves of the
training part of its split (:mod:`nucmass.uncertainty.heldout`; test nuclei are never
read), so it costs two trainings of the ensemble. ``--out`` defaults to
``<model name>-calibrated`` in the working directory.
"""

from pathlib import Path

from nucmass.atomic import check_new_directory
from nucmass.cli import checks

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("calibrate", help="fit a model's calibrated uncertainty")
    parser.add_argument("model", metavar="MODEL", help="saved model directory or shipped name")
    parser.add_argument("--split", help="split name or CSV (default: the model's own split)")
    parser.add_argument("--seed", type=checks.seed, help="split seed (default: the model's)")
    parser.add_argument("--workers", type=checks.workers, default=1,
                        help="processes, one thread each")  # fmt: skip
    parser.add_argument("--out", type=checks.out_directory,
                        help="output directory (default <model name>-calibrated)")  # fmt: skip
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    parser.set_defaults(func=_calibrate)


def _split(args, info: dict):
    from nucmass.data.splits import get_split
    from nucmass.errors import NucmassError

    name = args.split or info.get("split")
    if not name:
        raise NucmassError("the model does not record its split: give --split")
    seed = args.seed if args.seed is not None else int(info.get("split_seed") or 0)
    return get_split(name, seed)


def _calibrate(args) -> int:
    out = check_new_directory(args.out or f"{Path(args.model).name}-calibrated", args.overwrite)
    if args.split:  # a bad name or file fails before the model (and JAX) is loaded
        _split(args, {})
    from nucmass.models.saved import load_model

    model = load_model(args.model)
    from nucmass.uncertainty.heldout import calibrate

    split = _split(args, model.info)
    calibrated = calibrate(model, split, workers=args.workers)
    calibrated.save(out, overwrite=args.overwrite)
    _report(calibrated, split, out)
    return 0


def _report(model, split, out: Path) -> None:
    record = model.calibration["record"]
    print(f"calibrated on carves of {split.name} (seed {split.seed})'s training part; "
          f"held-out values per quantity: {record['heldout']}")  # fmt: skip
    print("quantity         alpha   beta  gamma  scale (interp, extrap)  q95 (interp, extrap)")
    for name, fit in model.calibration["models"].items():
        scale, q95 = fit["scale"], fit["q95"]
        columns = f"{fit['alpha']:7.3f} {fit['beta']:6.3f} {fit['gamma']:6.3f}"
        print(f"{name:14s} {columns}   {scale[0]:5.2f}, {scale[1]:5.2f}"
              f"            {q95[0]:5.2f}, {q95[1]:5.2f}")  # fmt: skip
    print(f"saved to {out} (nucmass predict --model {out} writes sigma and 68/95 % intervals)")
