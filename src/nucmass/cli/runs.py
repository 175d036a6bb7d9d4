"""``nucmass runs list|show|export REGISTRY``: inspect a sweep registry, export results.

REGISTRY is a registry file or a sweep output directory (holding ``registry.sqlite``).
"""

from pathlib import Path

from nucmass.cli.checks import TABLE_SUFFIXES, out_file
from nucmass.cli.output import print_json, print_table, write_table
from nucmass.errors import NucmassError
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import REGISTRY_NAME

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("runs", help="inspect a sweep registry and export results")
    actions = parser.add_subparsers(dest="runs_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the sweeps of a registry with cell counts")
    show = actions.add_parser("show", help="the cells of one sweep: status, time, error")
    export = actions.add_parser("export", help="one row per (cell, seed) as CSV or Parquet")
    for sub in (listing, show, export):
        sub.add_argument("registry", help=f"registry file or output directory ({REGISTRY_NAME})")
        sub.add_argument("--json", action="store_true", help="print JSON")
    for sub in (show, export):
        sub.add_argument("--sweep", help="sweep name or hash prefix (default: the latest)")
    export.add_argument(
        "--out", type=out_file(*TABLE_SUFFIXES),
        help="output .csv or .parquet file (default: CSV on stdout)",
    )  # fmt: skip
    listing.set_defaults(func=_list)
    show.set_defaults(func=_show)
    export.set_defaults(func=_export)


def _open(path: str) -> Registry:
    path = Path(path)
    return Registry(path / REGISTRY_NAME if path.is_dir() else path, readonly=True)


def _sweep_hash(registry: Registry, reference: "str | None") -> str:
    if reference:
        return registry.find_sweep(reference)
    sweeps = registry.sweeps()
    if sweeps.empty:
        raise NucmassError(f"{registry.path} holds no sweep")
    return sweeps.sweep_hash.iloc[-1]


def _list(args) -> int:
    with _open(args.registry) as registry:
        frame = registry.sweeps()
    frame["sweep_hash"] = frame.sweep_hash.str[:12]
    if args.json:
        print_json(frame.to_dict(orient="records"))
    else:
        print_table(frame)
    return 0


def _show(args) -> int:
    with _open(args.registry) as registry:
        cells = registry.cells(_sweep_hash(registry, args.sweep))
    cells["cell_hash"] = cells.cell_hash.str[:12]
    cells["error"] = cells.error.fillna("").str.split("\n").str[0]
    hidden = ["family", "submitted", "started", "finished", "out_dir"]
    frame = cells.drop(columns=hidden)
    if args.json:
        print_json(frame.to_dict(orient="records"))
        return 0
    counts = frame.status.value_counts().to_dict()
    print(", ".join(f"{n} {status}" for status, n in counts.items()) + f" of {len(frame)} cells")
    print_table(frame)
    return 0


def _export(args) -> int:
    with _open(args.registry) as registry:
        frame = registry.results(_sweep_hash(registry, args.sweep))
    if args.json:
        print_json(frame.to_dict(orient="records"))
    else:
        write_table(frame, args.out)
    return 0
