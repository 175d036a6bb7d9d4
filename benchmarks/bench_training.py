"""Mini-batch training speed: network-epochs per second of paper 000's Table I network.

ReLU, l_out = 4 (3 hidden layers of width n), 3558 AME2020 nuclei, batches of 32 (the
last of every epoch holds the remaining 6), SGD with per-layer rates (CICT), MAE, float32.
For K = 10 and 100 members at widths 10, 115 and 500, all measured in the same run, with
both cores in use on every side (two worker processes, one XLA/torch thread each, the K
members split between them):

- ``sequential`` / ``vectorized``: ``nucmass.train.members.train_members`` (the compiled
  epoch loop of ``nucmass.fit``) with the members one after another or stacked;
- ``torch``: the plain eager PyTorch mini-batch loop, one network at a time (``randperm``
  per epoch, slicing, ``zero_grad``, forward, ``backward``, ``SGD.step`` with one parameter
  group per layer). Only where torch is installed (``pip install torch==2.13.0``, the CPU
  wheel; not a dependency of nucmass); otherwise reported as null;
- ``matmul``: the machine's single-core float32 rate at the network's own shape, a
  (32 x n) @ (n x n) product, as a compiled loop of such products and in numpy; the
  better of the two is the reference.

Rates come from the CPU seconds of each single-threaded worker (``time.process_time``;
the machine is shared, wall time is not stable): K * epochs / the slower worker's CPU
time. Compilation is excluded (the engine is timed on a second, cached call; torch after
a warm-up epoch). FLOPs of a step: 6 b sum n_{l-1} n_l for a batch of b. Prints JSON.

    .venv/bin/python benchmarks/bench_training.py [--quick] [--out FILE]
"""

import argparse
import importlib.util
import itertools
import json
import os
import platform
import time

import numpy as np

from nucmass.parallel import process_pool

DEPTH = 3
BATCH = 32
M = 3558
TABLE1_WIDTHS = (1, 4, 10, 20, 30, 40, 50, 60, 70, 80, 90, 115, 120, 180, 240, 500, 1000, 2000)
HAS_TORCH = importlib.util.find_spec("torch") is not None


def flops_per_epoch(width: int) -> float:
    """Forward + backward FLOPs of one epoch over the M nuclei (``nucmass.train.cost``)."""
    from nucmass.models.fnn import FNNConfig
    from nucmass.train.cost import flops_per_epoch as model_flops

    return model_flops(FNNConfig(width=width, depth=DEPTH), M)


def _time_engine(width, seeds, epochs, strategy):
    """CPU seconds of the second of two identical calls (the first compiles)."""
    from nucmass.data.ame import load_ame
    from nucmass.models.fnn import FNNConfig
    from nucmass.train.config import Regime
    from nucmass.train.members import train_members
    from nucmass.train.problem import training_problem

    model = FNNConfig(width=width, depth=DEPTH)
    training = Regime("cict", epochs=epochs, switch_epoch=10**6, batch_size=BATCH)
    problem = training_problem(model, load_ame("ame2020"))
    for _ in range(2):
        start = time.process_time()
        train_members(model, training, list(seeds), problem, strategy, epochs)
        seconds = time.process_time() - start
    return seconds


def _torch_net(width, seed):
    import torch

    torch.manual_seed(int(seed))
    sizes = [2] + [width] * DEPTH + [1]
    layers = [torch.nn.Linear(a, b) for a, b in itertools.pairwise(sizes)]
    net = torch.nn.Sequential(*[m for lin in layers for m in (lin, torch.nn.ReLU())][:-1])
    groups = [{"params": lin.parameters(), "lr": 1e-4 / (k + 1)} for k, lin in enumerate(layers)]
    return net, torch.optim.SGD(groups, lr=1e-4)


def _time_torch(width, seeds, epochs):
    import torch

    from nucmass.data.ame import load_ame

    torch.set_num_threads(1)
    table = load_ame("ame2020")
    nz = np.column_stack([table.N, table.Z]).astype(np.float32)
    x = torch.from_numpy((nz - nz.min(0)) / (nz.max(0) - nz.min(0)))
    y = torch.from_numpy(table.binding_energy.to_numpy(np.float32))

    def epoch(net, optimizer):
        for index in torch.randperm(M).split(BATCH):
            optimizer.zero_grad()
            torch.mean(torch.abs(net(x[index])[:, 0] - y[index])).backward()
            optimizer.step()

    epoch(*_torch_net(width, 0))  # warm-up
    start = time.process_time()
    for seed in seeds:
        net, optimizer = _torch_net(width, seed)
        for _ in range(epochs):
            epoch(net, optimizer)
    return time.process_time() - start


def _time_matmul(width):
    """Single-core FLOP rate of (32 x n) @ (n x n): compiled loop and numpy; the better."""
    import jax
    import jax.numpy as jnp

    repeats = min(20000, max(100, int(2e9 / (2 * BATCH * width * width))))
    rng = np.random.default_rng(0)
    a = rng.random((repeats, BATCH, width), dtype=np.float32)
    b = rng.random((width, width), dtype=np.float32)
    scan = jax.jit(lambda a, b: jax.lax.scan(lambda c, x: (c + x @ b, None), a[0] * 0, a)[0])
    args = (jnp.asarray(a), jnp.asarray(b))
    jax.block_until_ready(scan(*args))
    start = time.process_time()
    jax.block_until_ready(scan(*args))
    compiled = time.process_time() - start
    out = np.empty((BATCH, width), np.float32)
    start = time.process_time()
    for k in range(repeats):
        np.matmul(a[k], b, out=out)
    plain = time.process_time() - start
    return 2.0 * BATCH * width * width * repeats / min(compiled, plain)


def _task(name, *args):
    tasks = {"sequential": lambda *a: _time_engine(*a, "sequential"),
             "vectorized": lambda *a: _time_engine(*a, "vectorized"),
             "torch": _time_torch, "matmul": _time_matmul}  # fmt: skip
    return tasks[name](*args)


def on_both_cores(pool, name, width, k, epochs) -> float:
    """Network-epochs per second with the K members split over the two workers."""
    halves = [h for h in np.array_split(np.arange(k), 2) if h.size]
    futures = [pool.submit(_task, name, width, h, epochs) for h in halves]
    return k * epochs / max(f.result() for f in futures)


def rate_rows(pool, plan: dict) -> list[dict]:
    """Rates per (width, K) of ``plan`` (width -> [(K, epochs), ...]) and the matmul rate."""
    rows = []
    for width, cases in plan.items():
        matmul = max(pool.submit(_task, "matmul", width).result() for _ in range(2))
        for k, epochs in cases:
            names = ["sequential", "vectorized"] + (["torch"] if HAS_TORCH else [])
            rate = {n: on_both_cores(pool, n, width, k, epochs) for n in names}
            best = max(rate["sequential"], rate["vectorized"])
            per_core = best * flops_per_epoch(width) / 2
            rows.append({"width": width, "K": k, "epochs": epochs, "network_epochs_per_s": rate,
                         "faster": max(("sequential", "vectorized"), key=rate.get),
                         "speedup_vs_torch": best / rate["torch"] if HAS_TORCH else None,
                         "gflops_per_core": per_core / 1e9,
                         "matmul_gflops_single_core": matmul / 1e9,
                         "fraction_of_matmul_rate": per_core / matmul})  # fmt: skip
    return rows


def _table1_days(rows) -> float:
    """Days of the paper-scale Table I (18 widths x 100 seeds x 20000 epochs) on both
    cores, each width at the best measured FLOP rate of the nearest measured width."""
    measured = [r for r in rows if r["K"] == max(x["K"] for x in rows)]
    seconds = 0.0
    for width in TABLE1_WIDTHS:
        near = min(measured, key=lambda r: abs(np.log(r["width"]) - np.log(width)))
        rate = 2 * near["gflops_per_core"] * 1e9 / flops_per_epoch(width)
        seconds += 100 * 20000 / min(rate, max(near["network_epochs_per_s"].values()))
    return seconds / 86400


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer members and epochs")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()
    plan = {10: [(10, 20), (100, 4)], 115: [(10, 4), (100, 1)], 500: [(10, 1), (100, 1)]}
    if args.quick:
        plan = {10: [(4, 2)], 115: [(4, 1)]}
    with process_pool(2) as pool:
        rows = rate_rows(pool, plan)
    machine = {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "load_average": os.getloadavg()}  # fmt: skip
    result = {"machine": machine, "batch_size": BATCH, "depth": DEPTH, "rows": rows,
              "table1_paper_scale_days_both_cores": _table1_days(rows)}  # fmt: skip
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    main()
