"""``nucmass data summary | theory-rmsd | split``: the data layer from the command line."""

import pandas as pd

from nucmass.cli.checks import out_file, seed
from nucmass.cli.output import print_json, print_table, write_table
from nucmass.data.ame import AME_FILES, load_ame
from nucmass.data.splits import SPLIT_NAMES, get_split
from nucmass.data.theory import available_theories, load_theory
from nucmass.evaluation import compare_tables

__all__ = ["register", "table_counts", "theory_rmsds"]

SPLIT_PARTS = ("train", "validation", "test", "extrapolation", "total")


def register(subparsers) -> None:
    data = subparsers.add_parser("data", help="mass tables, theory tables and splits")
    commands = data.add_subparsers(dest="data_command", required=True, metavar="SUBCOMMAND")
    summary = commands.add_parser("summary", help="counts per table and filter; split sizes")
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(func=_summary)
    rmsd = commands.add_parser("theory-rmsd", help="RMSD of every theory table")
    rmsd.add_argument("--data-dir", help="RIPL-4 directory (default: $NUCMASS_DATA_DIR)")
    rmsd.add_argument("--json", action="store_true", help="print JSON")
    rmsd.set_defaults(func=_theory_rmsd)
    split = commands.add_parser("split", help="membership of a named split as CSV")
    split.add_argument("name", choices=SPLIT_NAMES)
    split.add_argument("--seed", type=seed, default=0, help="split seed (default 0)")
    split.add_argument(
        "--out", type=out_file(".csv"), help="CSV file (default: stdout); a .sha256 file beside"
    )
    split.set_defaults(func=_split)


def table_counts() -> dict:
    """Counts per AME vintage: all, measured, measured_zn8, sigma100 (keys as in README)."""
    counts = {}
    for vintage in AME_FILES:
        table = load_ame(vintage)
        measured = ~table.is_estimated
        zn8 = measured & (table.Z >= 8) & (table.N >= 8)
        counts[vintage] = {
            "all": len(table),
            "measured": int(measured.sum()),
            "measured_zn8": int(zn8.sum()),
            "sigma100": int((zn8 & (table.mass_excess_unc < 100)).sum()),
        }
    return counts


def _summary(args) -> int:
    splits = {}
    for name in SPLIT_NAMES:
        split = get_split(name)
        splits[name] = {**split.sizes(), "seed": split.seed, "hash": split.hash}
    result = {"tables": table_counts(), "splits": splits}
    if args.json:
        print_json(result)
        return 0
    print("AME tables (measured = no '#'; zn8 = Z, N >= 8; sigma100 = zn8 and unc < 100 keV)")
    print_table(_frame(result["tables"], "table"))
    print("\nNamed splits (seed 0; JSON has the full sha256)")
    rows = [
        {"split": name, **{part: v.get(part, "-") for part in SPLIT_PARTS}, "hash": v["hash"][:12]}
        for name, v in splits.items()
    ]
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


def _frame(nested: dict, key: str) -> pd.DataFrame:
    return pd.DataFrame([{key: name, **values} for name, values in nested.items()])


def theory_rmsds(data_dir=None) -> dict:
    """RMSD (MeV) and set size of every available theory table on every split part.

    The reference set ``measured_zn8`` is the 2457 measured AME2020 nuclei with Z, N >= 8.
    """
    theories = {name: load_theory(name, data_dir) for name in available_theories(data_dir)}
    reference = load_ame("ame2020")  # the tables first: a damaged file fails before any work
    reference = reference[~reference.is_estimated & (reference.Z >= 8) & (reference.N >= 8)]
    splits = [get_split(name) for name in SPLIT_NAMES]
    tables = {split.name: (split.parts, split.table()) for split in splits}
    result = {}
    for theory_name, theory in theories.items():
        splits = {
            split: {part: compare_tables(t[t.part == part], theory) for part in parts}
            for split, (parts, t) in tables.items()
        }
        result[theory_name] = {"measured_zn8": compare_tables(reference, theory), "splits": splits}
    return result


def _theory_rmsd(args) -> int:
    result = theory_rmsds(args.data_dir)
    if args.json:
        print_json(result)
        return 0
    rows = []
    for name, values in result.items():
        sets = {"measured_zn8": values["measured_zn8"]}
        sets.update(
            {f"{s}/{p}": v for s, parts in values["splits"].items() for p, v in parts.items()}
        )
        rows += [
            {**v, "set": k, "n": v["n"] + v["missing"], "theory": name} for k, v in sets.items()
        ]
    frame = pd.DataFrame(rows)
    print("RMSD (MeV) of theory tables against AME; n = nuclei in the set")
    print("(measured_zn8 = the measured AME2020 nuclei with Z, N >= 8)")
    print(_by_theory(frame, "rmsd", list(result)).to_string(float_format="{:.3f}".format))
    print("\nNuclei of each set missing from a table (its RMSD is on the rest)")
    print(_by_theory(frame, "missing", list(result)).astype(int).to_string())
    return 0


def _by_theory(frame: pd.DataFrame, value: str, theories: list) -> pd.DataFrame:
    table = frame.pivot_table(index=["set", "n"], columns="theory", values=value, sort=False)
    return table[theories]


def _split(args) -> int:
    split = get_split(args.name, args.seed)
    if args.out:
        split.save(args.out)
        sizes = ", ".join(f"{k} {v}" for k, v in split.sizes().items())
        print(f"{args.out}: {sizes}; sha256 {split.hash}")
    else:
        write_table(split.membership, None)
    return 0
