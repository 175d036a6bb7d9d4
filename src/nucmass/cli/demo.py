"""``nucmass demo [--out DIR]``: the main job on the shipped CoNN ensemble.

Writes the mass table of the whole domain between the model's drip lines (masses,
member spread, S_n ... Q_beta-), the self-contained HTML report and its PNGs, and prints
the headline RMSDs on the ``conn`` split next to paper 001's. Nothing is trained.
"""

from pathlib import Path

from nucmass.cli.checks import out_directory

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="mass table and report of the shipped CoNN")
    parser.add_argument(
        "--out",
        type=out_directory,
        default="runs/demo",
        help="output directory (default runs/demo)",
    )
    parser.set_defaults(func=_demo)


def _headline(metrics):
    from nucmass.published import CONN_RMSD

    rows = metrics[(metrics.subset == "all") & metrics.part.isin(list(CONN_RMSD))]
    rows = rows.set_index("part").loc[list(CONN_RMSD), ["n", "rmsd"]]
    return rows.assign(paper_001=[CONN_RMSD[p] for p in rows.index]).reset_index()


def _demo(args) -> int:
    from nucmass.atomic import atomic_directory
    from nucmass.cli.output import print_table
    from nucmass.models.saved import load_model
    from nucmass.report import build_report

    model = load_model("conn")
    out = Path(args.out)
    with atomic_directory(out, overwrite=True) as directory:
        data, _, pngs = build_report(model, "conn", directory / "report.html", "conn")
        data.domain.to_csv(directory / "mass_table.csv", index=False, float_format="%.6f")
    print(f"Shipped CoNN ensemble ({model.size} members, trained on the conn split's train part)")
    print("RMSD (MeV) of the ensemble mean on AME2020, next to paper 001:")
    print_table(_headline(data.metrics))
    print(
        f"mass table: {out / 'mass_table.csv'} ({len(data.domain)} nuclei between the drip lines)"
    )
    print(f"report:     {out / 'report.html'} (open in a browser) and {out / pngs[0].parent.name}/")
    return 0
