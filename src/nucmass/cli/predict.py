"""``nucmass predict --model DIR`` for nuclides, a chain, a rectangle, all of AME2020 or the
model's whole drip-line domain; full mass tables (CSV/Parquet), merged tables, RIPL export.

Every option is checked before the model (and JAX) is loaded, and both outputs are
formatted before either is written, so a bad request fails fast and writes nothing.
"""

import sys

from nucmass.cli import checks
from nucmass.errors import NucmassError

__all__ = ["register"]

MAX_MARGIN = 50.0  # MeV: far beyond any drip line's uncertainty


def register(subparsers) -> None:
    parser = subparsers.add_parser("predict", help="mass tables of a saved model")
    parser.add_argument("--model", required=True, help="saved model directory or packaged name")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--nuclides", help='comma-separated, e.g. "56Fe,208Pb,Sn132"')
    which.add_argument("--all", action="store_true", help="every nucleus of AME2020 (3558)")
    which.add_argument("--chain", help="isotopes Z=50 or isotones N=82 between the drip lines")
    which.add_argument("--rect", help="rectangle of the chart, e.g. Z=40:60,N=50:90")
    which.add_argument(
        "--domain", action="store_true", help="every nucleus between the model's drip lines"
    )
    parser.add_argument(
        "--margin",
        type=checks.number(0.0, MAX_MARGIN),
        default=0.0,
        help="drip lines where S_n or S_p < -MARGIN MeV",
    )
    parser.add_argument(
        "--merged", action="store_true", help="measured AME2020 masses where they exist"
    )
    parser.add_argument(
        "--out",
        type=checks.out_file(*checks.TABLE_SUFFIXES),
        help="output file .csv or .parquet (default: CSV on stdout)",
    )
    parser.add_argument(
        "--ripl",
        type=checks.out_file(".dat"),
        help="also write the table in the RIPL mass-*.dat layout",
    )
    parser.set_defaults(func=_predict)


def _union_measured(z, n) -> tuple:
    import numpy as np

    from nucmass.masstable.build import measured_ame

    measured = measured_ame()
    pairs = np.concatenate([np.column_stack([z, n]), measured[["Z", "N"]].to_numpy()])
    pairs = np.unique(pairs[pairs[:, 0] >= 1], axis=0)
    return pairs[:, 0], pairs[:, 1]


def _domain_note(domain, margin: float) -> str:
    """What the domain covers, and where the model's N range cut it before the drip line."""
    note = f" between the model's drip lines (margin {margin:g} MeV), Z {domain.Z.min()}-"
    note += str(domain.Z.max())
    cut = domain[domain.n_open]
    if len(cut):
        note += (
            f"; for {len(cut)} elements (Z {cut.Z.min()}-{cut.Z.max()}) the neutron drip "
            f"line lies beyond the model's largest N ({cut.N_max.max()}), cut there"
        )
    return note


def _named(text: str) -> tuple:
    """(Z, N) arrays of the comma-separated nuclide names ``text``."""
    import numpy as np

    from nucmass.data.nuclide import parse_nuclide

    names = [name for name in text.split(",") if name.strip()]
    if not names:
        raise NucmassError("--nuclides is empty; give e.g. --nuclides 56Fe,208Pb")
    pairs = np.array([parse_nuclide(name) for name in names])
    return pairs[:, 0], pairs[:, 1]


def _check_request(args) -> None:
    """Refuse a malformed --nuclides, --chain or --rect before the model is loaded."""
    if args.nuclides is not None:
        _named(args.nuclides)
    elif args.chain:
        from nucmass.masstable.domain import parse_chain

        parse_chain(args.chain)
    elif args.rect:
        from nucmass.masstable.domain import parse_rectangle

        parse_rectangle(args.rect)


def _nuclides(args, model) -> tuple:
    """The requested nuclei (Z, N) and a note on how they were chosen."""
    from nucmass.data.ame import load_ame
    from nucmass.masstable import chain_nuclei, domain_nuclei, drip_line_domain
    from nucmass.masstable.domain import parse_rectangle

    if args.all:
        table = load_ame("ame2020")
        return table.Z.to_numpy(), table.N.to_numpy(), " of AME2020"
    if args.chain:
        return *chain_nuclei(model, args.chain, args.margin), f" on chain {args.chain}"
    if args.rect:
        return *parse_rectangle(args.rect), f" in {args.rect}"
    if args.domain:
        domain = drip_line_domain(model, args.margin)
        z, n = domain_nuclei(domain)
        note = _domain_note(domain, args.margin)
        if args.merged:
            return *_union_measured(z, n), note + "; plus every measured nucleus"
        return z, n, note
    return *_named(args.nuclides), ""


def _write(table, args) -> None:
    """Write the table (and its RIPL form), formatting everything before writing."""
    from nucmass.atomic import write_text
    from nucmass.cli.output import write_table
    from nucmass.masstable import format_ripl

    ripl = args.ripl and format_ripl(table, f"nucmass predict --model {args.model}")
    write_table(table, args.out)
    if args.ripl:
        write_text(args.ripl, ripl)


def _predict(args) -> int:
    _check_request(args)
    from nucmass.models.saved import load_model

    model = load_model(args.model)  # a wrong path or config.json fails before heavy imports
    from nucmass.masstable import boundary_summary, mass_table

    z, n, chosen = _nuclides(args, model)
    table = mass_table(model, z, n, merged=args.merged)
    _write(table, args)
    note = f"{len(table)} nuclei{chosen}"
    if args.merged:
        s = boundary_summary(table)
        note += (
            f"; merged: {s['n_measured']} AME2020, {s['n_model']} model; boundary jump "
            f"B_AME - B_model at {s['n_boundary']} nuclei: rms {s['rms_jump']:.3f} MeV, "
            f"max {s['max_abs_jump']:.3f} MeV ({s['worst']})"
        )
    if model.calibration is None:
        note += (
            "; not calibrated: *_std is the members' spread, not an error bar "
            "(nucmass calibrate adds sigma and 68/95 % intervals)"
        )
    print(note, file=sys.stderr)
    return 0
