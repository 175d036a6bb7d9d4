"""Initialisation-sampling speed: exact samplers vs drawing every weight (issue 3).

Width 1000, depth 2, one input (56Fe, AME2020 MinMax scaling), C_b = 0, in one process:
for each activation, the naive sampler is timed on a few hundred draws and the exact
sampler on the full draw count (500,000 by default), each after a small warm-up call so
start-up costs are excluded; times are CPU seconds of the process (the machine is
shared, so wall time is not a stable measure). The random-number limit is the rate if
only the normals the conditional sampler needs were drawn (width per hidden layer plus
one per draw), measured just before each activation.
Prints JSON. Usage: python benchmarks/bench_sampling.py [--draws N] [--naive-draws N]
"""

import argparse
import json
import os
import platform
import time

import numpy as np

from nucmass.theory.fe56 import fe56_input
from nucmass.theory.sampling import sample_moments

C_W = {"relu": 2.0, "tanh": 1.0, "softplus": 1.0}


def _rate(activation, method, draws, width, depth, x) -> tuple[float, float]:
    """(CPU seconds, draws per CPU second) for ``draws`` draws after a warm-up.

    CPU time of the process (all threads), not wall time: the machine is shared.
    """
    sample_moments(activation, C_W[activation], 0.0, width, depth, x, 16, method=method)
    start = time.process_time()
    sample_moments(activation, C_W[activation], 0.0, width, depth, x, draws, method=method, seed=1)
    seconds = time.process_time() - start
    return seconds, draws / seconds


def _rng_limit(draws, width, depth) -> float:
    """Draws per second if only the conditional sampler's normals were generated."""
    rng, per_draw, done = np.random.default_rng(0), width * depth + 1, 0
    batch = max(1, 2**18 // width)
    start = time.process_time()
    while done < draws:
        rng.standard_normal((min(batch, draws - done), per_draw))
        done += batch
    return draws / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=500_000)
    parser.add_argument("--general-draws", type=int, default=500_000)
    parser.add_argument("--naive-draws", type=int, default=300)
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--activations", default="relu,tanh,softplus")
    args = parser.parse_args()
    x, width, depth = fe56_input(), args.width, args.depth
    results = {}
    for activation in args.activations.split(","):
        rng_rate = _rng_limit(args.general_draws, width, depth)
        _, naive = _rate(activation, "naive", args.naive_draws, width, depth, x)
        entry = {"naive_draws_per_s": naive, "rng_limit_draws_per_s": rng_rate}
        if activation == "relu":
            seconds, fast = _rate(activation, "exact", args.draws, width, depth, x)
            entry.update(
                exact_seconds=seconds,
                exact_draws=args.draws,
                exact_draws_per_s=fast,
                exact_over_naive=fast / naive,
            )
        seconds, cond = _rate(activation, "conditional", args.general_draws, width, depth, x)
        entry.update(
            conditional_seconds=seconds,
            conditional_draws=args.general_draws,
            conditional_draws_per_s=cond,
            conditional_over_naive=cond / naive,
            conditional_over_rng_limit=cond / rng_rate,
        )
        results[activation] = entry
    print(
        json.dumps(
            {
                "benchmark": "bench_sampling",
                "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
                "machine": {
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "numpy": np.__version__,
                },
                "width": width,
                "depth": depth,
                "naive_draws": args.naive_draws,
                "width_over_3": width / 3,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
