"""``nucmass theory recursion | critical | kernel | sample``: paper 000's criticality theory.

JSON formats are documented in docs/cli-theory.md. Every number is checked while the
command line is parsed (finite, in range); inputs are finite; the NNGP kernel's cost
(``MAX_KERNEL_INPUTS``, ``MAX_KERNEL_WORK`` pairs x layers) and the sampler's (see
``nucmass.theory.sampling``) are bounded. The theory modules load only after that.
"""

import numpy as np

from nucmass.cli import checks
from nucmass.cli.names import SAMPLING_METHODS, THEORY_ACTIVATIONS
from nucmass.errors import NucmassError
from nucmass.limits import MAX_DEPTH, MAX_DRAWS, MAX_WIDTH

__all__ = ["parse_inputs", "register"]

MAX_KERNEL_INPUTS = 100
MAX_KERNEL_WORK = 1_000  # input pairs x layers: each a 2-d Gaussian expectation (~0.1 s)


def parse_inputs(text: str) -> np.ndarray:
    """``"x1,x2;y1,y2"`` -> array of shape (k, n0): inputs separated by ';', features by ','."""
    try:
        rows = [[float(v) for v in row.split(",")] for row in text.split(";") if row.strip()]
    except ValueError:
        raise NucmassError(
            f"cannot read inputs {text[:40]!r}: use numbers like 0.1,0.2;0.3,0.4"
        ) from None
    if not rows or len({len(r) for r in rows}) != 1:
        raise NucmassError(f"inputs {text[:40]!r} must all have the same number of features")
    x = np.array(rows)
    if not np.isfinite(x).all():
        raise NucmassError(f"inputs {text[:40]!r} must be finite numbers")
    return x


def _common(parser, width=True, activation=True) -> None:
    if activation:
        parser.add_argument("--activation", required=True, choices=THEORY_ACTIVATIONS)
    parser.add_argument("--cw", type=checks.number(positive=True), required=True,
                        help="C_W (weight variance x fan-in)")  # fmt: skip
    parser.add_argument("--cb", type=checks.number(low=0.0), required=True,
                        help="C_b (bias variance)")  # fmt: skip
    if width:
        parser.add_argument("--width", type=checks.integer(1, MAX_WIDTH), required=True,
                            help="hidden width n")  # fmt: skip
    parser.add_argument("--depth", type=checks.integer(0, MAX_DEPTH), required=True,
                        help="hidden layers L")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers) -> None:
    theory = subparsers.add_parser("theory", help="criticality theory of paper 000")
    commands = theory.add_subparsers(dest="theory_command", required=True, metavar="SUBCOMMAND")
    rec = commands.add_parser("recursion", help="G, V, excess kurtosis, chi, NTK per layer")
    _common(rec)
    rec.add_argument("--input", required=True, help="one input x1,x2,... (raw network input)")
    rec.set_defaults(func=_recursion)
    crit = commands.add_parser("critical", help="critical (C_b, C_W) with stability and r*")
    crit.add_argument("--activation", required=True, choices=THEORY_ACTIVATIONS)
    crit.add_argument("--json", action="store_true", help="print JSON")
    crit.set_defaults(func=_critical)
    ker = commands.add_parser("kernel", help="NNGP kernel and correlation at the output")
    _common(ker, width=False)
    ker.add_argument("--inputs", required=True, help="inputs a1,a2;b1,b2;... (';' between)")
    ker.set_defaults(func=_kernel)
    smp = commands.add_parser("sample", help="sample output moments with standard errors")
    _common(smp)
    smp.add_argument("--input", required=True, help="input(s) x1,x2[;y1,y2...]")
    smp.add_argument("--draws", type=checks.integer(1, MAX_DRAWS), required=True,
                     help="number of networks")  # fmt: skip
    smp.add_argument("--method", choices=SAMPLING_METHODS, default="exact")
    smp.add_argument("--seed", type=checks.seed, default=0)
    smp.set_defaults(func=_sample)


def _recursion(args) -> int:
    x = parse_inputs(args.input)
    if len(x) != 1:
        raise NucmassError("recursion takes one input; use 'theory kernel' for several")
    import pandas as pd

    from nucmass.cli.output import print_json, print_table
    from nucmass.theory import recursion_table

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
    import pandas as pd

    from nucmass.cli.output import print_json, print_table
    from nucmass.theory import critical_points, ek_slope, r_star

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
    work = len(x) * (len(x) + 1) // 2 * (args.depth + 1)
    if len(x) > MAX_KERNEL_INPUTS or work > MAX_KERNEL_WORK:
        raise NucmassError(
            f"{len(x)} inputs at depth {args.depth} need {work} Gaussian expectations; at most"
            f" {MAX_KERNEL_INPUTS} inputs and {MAX_KERNEL_WORK} expectations"
        )
    from nucmass.cli.output import print_json
    from nucmass.theory import correlation, nngp_kernels

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


MOMENTS = ("mean", "variance", "fourth_cumulant", "excess_kurtosis")  # each with "_se"


def _sample_row(args, stats: dict, i: int, x) -> dict:
    """One output's sampled moments (with standard errors) next to the recursion's."""
    from nucmass.theory import recursion_table

    row = {"input": x.tolist()}
    row |= {k: float(stats[k][i]) for m in MOMENTS for k in (m, f"{m}_se")}
    row["V_over_n"] = row["fourth_cumulant"] / 3
    row["V_over_n_se"] = row["fourth_cumulant_se"] / 3
    theory = recursion_table(args.activation, args.cw, args.cb, args.width, args.depth, x)
    row["theory_variance"] = theory["G"][-1]
    row["theory_V_over_n"] = theory["V_over_n"][-1]
    row["theory_excess_kurtosis"] = theory["excess_kurtosis"][-1]
    return row


def _sample(args) -> int:
    x = parse_inputs(args.input)
    import pandas as pd

    from nucmass.cli.output import print_json, print_table
    from nucmass.theory import sample_moments

    stats = sample_moments(args.activation, args.cw, args.cb, args.width, args.depth, x,
                           args.draws, method=args.method, seed=args.seed)  # fmt: skip
    rows = [_sample_row(args, stats, i, row) for i, row in enumerate(x)]
    if args.json:
        settings = {"activation": args.activation, "c_w": args.cw, "c_b": args.cb}
        settings |= {k: getattr(args, k) for k in ("width", "depth", "draws", "method", "seed")}
        print_json({**settings, "outputs": rows, "correlation": stats["correlation"].tolist()})
    else:
        print_table(pd.DataFrame(rows).drop(columns="input"), "{:.6g}")
    return 0
