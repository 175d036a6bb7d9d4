"""``nucmass predict --model DIR`` for nuclides, a chain, a rectangle, all of AME2020 or the
model's whole drip-line domain; full mass tables (CSV/Parquet), merged tables, RIPL export.
"""

import sys

import numpy as np

from nucmass.cli.output import write_table
from nucmass.data.ame import load_ame
from nucmass.data.nuclide import parse_nuclide
from nucmass.errors import NucmassError
from nucmass.masstable import (
    boundary_summary,
    chain_nuclei,
    domain_nuclei,
    drip_line_domain,
    mass_table,
    write_ripl,
)
from nucmass.masstable.build import measured_ame
from nucmass.masstable.domain import parse_rectangle
from nucmass.models.saved import load_model

__all__ = ["register"]


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
        "--margin", type=float, default=0.0, help="drip lines where S_n or S_p < -MARGIN MeV"
    )
    parser.add_argument(
        "--merged", action="store_true", help="measured AME2020 masses where they exist"
    )
    parser.add_argument("--out", help="output file .csv or .parquet (default: CSV on stdout)")
    parser.add_argument("--ripl", help="also write the table in the RIPL mass-*.dat layout")
    parser.set_defaults(func=_predict)


def _union_measured(z, n) -> tuple[np.ndarray, np.ndarray]:
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


def _nuclides(args, model) -> tuple[np.ndarray, np.ndarray, str]:
    """The requested nuclei (Z, N) and a note on how they were chosen."""
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
    names = [name for name in args.nuclides.split(",") if name.strip()]
    if not names:
        raise NucmassError("--nuclides is empty; give e.g. --nuclides 56Fe,208Pb")
    pairs = np.array([parse_nuclide(name) for name in names])
    return pairs[:, 0], pairs[:, 1], ""


def _predict(args) -> int:
    model = load_model(args.model)
    z, n, chosen = _nuclides(args, model)
    table = mass_table(model, z, n, merged=args.merged)
    write_table(table, args.out)
    if args.ripl:
        write_ripl(table, args.ripl, f"nucmass predict --model {args.model}")
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
