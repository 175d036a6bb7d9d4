"""``nucmass compare MODEL_DIR... [--theory FRDM95,HFB14] [--split NAME] [--coverage]
[--anchors] [--json|--markdown]``: models and theory tables on the same nuclei, RMSD of masses and
observables per split part; with ``--coverage``, the coverage, width and proper scores of
the calibrated models' uncertainties on the held-out parts
(:func:`nucmass.uncertainty.evaluate.coverage_table`); with ``--anchors``, the published
accuracy anchors (:data:`nucmass.published.ACCURACY_ANCHORS`) below the table.
"""

import sys
from pathlib import Path

import pandas as pd

from nucmass.cli.checks import seed
from nucmass.cli.output import print_json
from nucmass.data.splits import get_split
from nucmass.data.theory import load_theory, theory_names
from nucmass.errors import NucmassError
from nucmass.published import ACCURACY_ANCHORS

__all__ = ["markdown_table", "model_names", "register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("compare", help="models and theory tables on the same nuclei")
    parser.add_argument("models", nargs="*", metavar="MODEL_DIR", help="saved models")
    parser.add_argument("--theory", help='comma-separated theory tables, or "all"')
    parser.add_argument("--data-dir", help="RIPL-4 directory (default: $NUCMASS_DATA_DIR)")
    parser.add_argument("--split", default="measured", help="split name or CSV (Z, N, part)")
    parser.add_argument("--seed", type=seed, default=0, help="split seed (default 0)")
    parser.add_argument(
        "--coverage", action="store_true", help="coverage of the models' calibrated intervals"
    )
    parser.add_argument(
        "--anchors", action="store_true", help="also print the published accuracy anchors"
    )
    style = parser.add_mutually_exclusive_group()
    style.add_argument("--json", action="store_true", help="print JSON")
    style.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.set_defaults(func=_compare)


def model_names(paths: list[str]) -> list[str]:
    """Short unique names for model paths: the directory name, the full path if repeated."""
    short = [Path(p).name or p for p in paths]
    return [s if short.count(s) == 1 else p for s, p in zip(short, paths, strict=True)]


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub Markdown table of ``frame`` (floats with 3 decimals, NaN as "-")."""
    cells = [
        [("-" if v != v else f"{v:.3f}") if isinstance(v, float) else str(v) for v in row]
        for row in frame.itertuples(index=False)
    ]
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def _as_json(frame: pd.DataFrame, split, names: list[str]) -> dict:
    parts = {}
    for row in frame.to_dict(orient="records"):
        entry = {"n": row["n"], "n_part": row["n_part"], "rmsd": {k: row[k] for k in names}}
        parts.setdefault(row["part"], {})[row["quantity"]] = entry
    return {"split": split.name, "seed": split.seed, "hash": split.hash, "parts": parts}


COVERAGE_COLUMNS = [
    "model", "part", "quantity", "subset", "n", "within_1sigma", "within_2sigma",
    "covered_68", "covered_95", "width_68", "width_95", "nll", "crps", "rmsd",
]  # fmt: skip


def _coverage(args, models: dict) -> int:
    from nucmass.uncertainty.evaluate import coverage_table

    if not models:
        raise NucmassError("--coverage needs model directories")
    split = get_split(args.split, args.seed)
    table = split.table()
    frames = [coverage_table(model, table).assign(model=name) for name, model in models.items()]
    frame = pd.concat(frames, ignore_index=True)[COVERAGE_COLUMNS]
    if args.json:
        print_json({"split": split.name, "seed": split.seed, "hash": split.hash,
                    "rows": frame.to_dict(orient="records")})  # fmt: skip
    elif args.markdown:
        print(markdown_table(frame))
    else:
        print(f"Coverage on split {split.name} (seed {split.seed}): fraction within 1 and 2 "
              "sigma, coverage and mean width (MeV) of the 68 % and 95 % intervals, NLL, "
              "CRPS (MeV); measured held-out nuclei")  # fmt: skip
        print(frame.to_string(index=False, float_format="{:.3f}".format))
    return 0


def _print_anchors(markdown: bool) -> None:
    """The published accuracy anchors, as a Markdown or a plain table."""
    anchors = pd.DataFrame(ACCURACY_ANCHORS)
    print("\nPublished anchors (RMSD of B in MeV, each on its own nuclei):\n")
    print(markdown_table(anchors) if markdown else anchors.to_string(index=False))


def _note_trained(models: dict, split) -> None:
    """One stderr line per model that was trained on nuclei of the split's held-out parts
    (its RMSD there is not a held-out number)."""
    from nucmass.uncertainty.apply import trained_on

    table = split.table()
    held_out = table[table.part != "train"]
    for name, model in models.items():
        seen = trained_on(model, held_out.Z, held_out.N)
        if seen is not None and seen.any():
            print(f"note: {name} was trained on {seen.sum()} of the {len(held_out)} nuclei of "
                  f"this split's held-out parts: its RMSD there is not held out",
                  file=sys.stderr)  # fmt: skip


def _compare(args) -> int:
    split = get_split(args.split, args.seed)  # a bad split fails before JAX is loaded
    theories = {t: load_theory(t, args.data_dir) for t in theory_names(args.theory, args.data_dir)}
    from nucmass.masstable import compare
    from nucmass.models.saved import load_model

    names = model_names(args.models)
    models = {name: load_model(path) for name, path in zip(names, args.models, strict=True)}
    if args.coverage:
        return _coverage(args, models)
    if not models and not theories:
        raise NucmassError("nothing to compare: give model directories and/or --theory")
    frame = compare(models, theories, args.split, args.seed)
    _note_trained(models, split)
    if args.json:
        print_json({**_as_json(frame, split, [*models, *theories]),
                    **({"anchors": ACCURACY_ANCHORS} if args.anchors else {})})  # fmt: skip
    elif args.markdown:
        print(markdown_table(frame))
    else:
        print(
            f"RMSD (MeV) against AME on split {split.name} (seed {split.seed}, hash "
            f"{split.hash[:12]}); n = nuclei compared, the same for every column"
        )
        print(frame.to_string(index=False, float_format="{:.3f}".format))
    if args.anchors and not args.json:
        _print_anchors(args.markdown)
    return 0
