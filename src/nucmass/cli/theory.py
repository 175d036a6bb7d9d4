"""``nucmass theory recursion | critical | kernel | sample``: paper 000's criticality theory.

JSON formats are documented in docs/cli-theory.md.
"""

import numpy as np
import pandas as pd

from nucmass.cli.output import print_json, print_table
from nucmass.errors import NucmassError
from nucmass.theory import (
    correlation,
    critical_points,
    ek_slope,
    nngp_kernels,
    r_star,
    recursion_table,
    sample_moments,
)
from nucmass.theory.activations import ACTIVATIONS
from nucmass.theory.sampling import METHODS

__all__ = ["parse_inputs", "register"]


def parse_inputs(text: str) -> np.ndarray:
    """``"x1,x2;y1,y2"`` -> array of shape (k, n0): inputs separated by ';', features by ','."""
    try:
        rows = [[float(v) for v in row.split(",")] for row in text.split(";") if row.strip()]
    except ValueError as error:
        raise NucmassError(
            f"cannot read inputs {text!r}: use numbers like 0.1,0.2;0.3,0.4"
        ) from error
    if not rows or len({len(r) for r in rows}) != 1:
        raise NucmassError(f"inputs {text!r} must all have the same number of features")
    return np.array(rows)


def _common(parser, width=True, activation=True) -> None:
    if activation:
        parser.add_argument("--activation", required=True, help=", ".join(ACTIVATIONS))
    parser.add_argument("--cw", type=float, required=True, help="C_W (weight variance x fan-in)")
    parser.add_argument("--cb", type=float, required=True, help="C_b (bias variance)")
    if width:
        parser.add_argument("--width", type=int, required=True, help="hidden width n")
    parser.add_argument("--depth", type=int, required=True, help="hidden layers L")
    parser.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers) -> None:
    theory = subparsers.add_parser("theory", help="criticality theory of paper 000")
    commands = theory.add_subparsers(dest="theory_command", required=True, metavar="SUBCOMMAND")
    rec = commands.add_parser("recursion", help="G, V, excess kurtosis, chi, NTK per layer")
    _common(rec)
    rec.add_argument("--input", required=True, help="one input x1,x2,... (raw network input)")
    rec.set_defaults(func=_recursion)
    crit = commands.add_parser("critical", help="critical (C_b, C_W) with stability and r*")
    crit.add_argument("--activation", required=True, help=", ".join(ACTIVATIONS))
    crit.add_argument("--json", action="store_true", help="print JSON")
    crit.set_defaults(func=_critical)
    ker = commands.add_parser("kernel", help="NNGP kernel and correlation at the output")
    _common(ker, width=False)
    ker.add_argument("--inputs", required=True, help="inputs a1,a2;b1,b2;... (';' between)")
    ker.set_defaults(func=_kernel)
    smp = commands.add_parser("sample", help="sample output moments with standard errors")
    _common(smp)
    smp.add_argument("--input", required=True, help="input(s) x1,x2[;y1,y2...]")
    smp.add_argument("--draws", type=int, required=True, help="number of networks")
    smp.add_argument("--method", choices=METHODS, default="exact")
    smp.add_argument("--seed", type=int, default=0)
    smp.set_defaults(func=_sample)


def _recursion(args) -> int:
    x = parse_inputs(args.input)
    if len(x) != 1:
        raise NucmassError("recursion takes one input; use 'theory kernel' for several")
    table = recursion_table(args.activation, args.cw, args.cb, args.width, args.depth, x[0])
    if args.json:
        print_json(
            {
                "activation": args.activation,
                "c_w": args.cw,
                "c_b": args.cb,
                "width": args.width,
                "depth": args.depth,
                "input": x[0].tolist(),
                "layers": pd.DataFrame(table).to_dict(orient="records"),
            }
        )
    else:
        print_table(pd.DataFrame(table), "{:.6g}")
    return 0


def _critical(args) -> int:
    found = []
    for point in critical_points(args.activation):
        nu = ek_slope(args.activation, point) if point.stable else None
        found.append({**point.to_dict(), "nu": nu, "r_star": r_star(nu) if nu else None})
    if args.json:
        print_json({"activation": args.activation, "critical_points": found})
    elif not found:
        print(f"{args.activation}: no critical point (no C_b >= 0, C_W > 0 with chi = 1)")
    else:
        print_table(pd.DataFrame(found), "{:.6g}")
    return 0


def _kernel(args) -> int:
    x = parse_inputs(args.inputs)
    kernel = nngp_kernels(args.activation, args.cw, args.cb, args.depth, x)[-1]
    result = {
        "activation": args.activation,
        "c_w": args.cw,
        "c_b": args.cb,
        "depth": args.depth,
        "inputs": x.tolist(),
        "kernel": kernel.tolist(),
        "correlation": correlation(kernel).tolist(),
    }
    if args.json:
        print_json(result)
    else:
        print("NNGP kernel at the output:")
        print(np.array2string(kernel, precision=6))
        print("correlation:")
        print(np.array2string(correlation(kernel), precision=6))
    return 0


def _sample(args) -> int:
    x = parse_inputs(args.input)
    stats = sample_moments(
        args.activation,
        args.cw,
        args.cb,
        args.width,
        args.depth,
        x,
        args.draws,
        method=args.method,
        seed=args.seed,
    )
    keys = [
        "mean",
        "mean_se",
        "variance",
        "variance_se",
        "fourth_cumulant",
        "fourth_cumulant_se",
        "excess_kurtosis",
        "excess_kurtosis_se",
    ]
    rows = [
        {"input": row.tolist(), **{k: float(stats[k][i]) for k in keys}} for i, row in enumerate(x)
    ]
    for row in rows:
        row["V_over_n"] = row["fourth_cumulant"] / 3
        row["V_over_n_se"] = row["fourth_cumulant_se"] / 3
        theory = recursion_table(
            args.activation, args.cw, args.cb, args.width, args.depth, row["input"]
        )
        row["theory_variance"] = theory["G"][-1]
        row["theory_V_over_n"] = theory["V_over_n"][-1]
        row["theory_excess_kurtosis"] = theory["excess_kurtosis"][-1]
    result = {
        "activation": args.activation,
        "c_w": args.cw,
        "c_b": args.cb,
        "width": args.width,
        "depth": args.depth,
        "draws": args.draws,
        "method": args.method,
        "seed": args.seed,
        "outputs": rows,
        "correlation": stats["correlation"].tolist(),
    }
    if args.json:
        print_json(result)
    else:
        print_table(pd.DataFrame(rows).drop(columns="input"), "{:.6g}")
    return 0
