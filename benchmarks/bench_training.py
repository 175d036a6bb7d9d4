"""Training-engine speed: network-epochs per second, full-batch SGD on AME2020 (3558 nuclei).

For K networks of depth 4 at widths 10, 120, 500 (and K = 1), all measured in the same run,
both cores in use on every side (two worker processes, one XLA/BLAS thread each, members
split between them):

- ``engine``: ``nucmass.train.members.train_members`` (the compiled epoch loop of
  ``nucmass.fit``, auto strategy) on the ``training_problem`` of an ``FNNConfig`` with a
  CICT ``Regime``;
- ``plain``: the straightforward reference, one network at a time, one optimizer step per
  Python iteration, forward/backward written out in numpy float32 (what a plain eager
  PyTorch loop does: one BLAS call per layer operation);
- ``torch``: the same plain loop in eager PyTorch (autograd, one ``loss.backward()`` and
  one in-place SGD update per epoch, one thread): the reference the issue's 1.7-1.9x was
  measured against. Optional: run only where torch is installed (``pip install
  torch==2.13.0``, the CPU wheel); otherwise reported as absent;
- ``jit_step``: the usual JAX idiom, a jitted step called once per epoch from Python;
- ``matmul``: the machine's single-precision matmul rate (3558 x 500 @ 500 x 500).

Times are CPU seconds of each single-threaded worker (``time.process_time``), because the
machine is shared and wall time is not stable; the rate on both cores is K * epochs / the
slower worker's CPU time. Compilation is excluded (the engine is timed on a second, cached
call; the jit-step loop after a warm-up step). Also measures
the vectorized/sequential crossover and estimates the full Table I sweep. Prints JSON.

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

DEPTH = 4
M = 3558
TABLE1_WIDTHS = (1, 4, 10, 20, 30, 40, 50, 60, 70, 80, 90, 115, 120, 180, 240, 500, 1000, 2000)


def flops_per_epoch(width: int, depth: int = DEPTH, n_in: int = 2) -> float:
    """Forward + backward FLOPs of one full-batch epoch: 6 m sum(n_{l-1} n_l)."""
    sizes = [n_in] + [width] * depth + [1]
    return 6.0 * M * sum(a * b for a, b in itertools.pairwise(sizes))


def _data():
    from nucmass.data.ame import load_ame
    from nucmass.data.features import MinMaxScaler, fnn_inputs

    table = load_ame("ame2020")
    scaler = MinMaxScaler.fit(np.column_stack([table.N, table.Z]))
    x = fnn_inputs(table.Z.to_numpy(), table.N.to_numpy(), scaler).astype(np.float32)
    return x, table.binding_energy.to_numpy().astype(np.float32)


def _configs(width, epochs):
    """(FNNConfig, Regime): depth ``DEPTH``, ReLU CICT, one phase of ``epochs`` epochs."""
    from nucmass.models.fnn import FNNConfig
    from nucmass.train.config import Regime

    return FNNConfig(width=width, depth=DEPTH), Regime("cict", epochs=epochs, switch_epoch=10**9)


def _time_engine(width, seeds, epochs, strategy):
    """Seconds of the second of two identical calls (the first compiles; runners are cached)."""
    from nucmass.data.ame import load_ame
    from nucmass.train.members import choose_strategy, train_members
    from nucmass.train.problem import training_problem

    model, training = _configs(width, epochs)
    problem = training_problem(model, load_ame("ame2020"))
    strategy = choose_strategy(model, training, strategy)
    for _ in range(2):
        start = time.process_time()
        train_members(model, training, seeds, problem, strategy, epochs)  # numpy: synchronous
        seconds = time.process_time() - start
    return seconds


def _plain_step(params, x, y, rates):
    """One SGD step of a ReLU network in numpy (MAE loss), returns the new parameters."""
    hs, h = [x], x
    for w, b in params[:-1]:
        h = np.maximum(h @ w + b, 0.0)
        hs.append(h)
    out = (h @ params[-1][0] + params[-1][1])[:, 0]
    delta = (np.sign(out - y) / len(y)).astype(np.float32)[:, None]
    new = []
    for layer in range(len(params) - 1, -1, -1):
        w, b = params[layer]
        gw, gb = hs[layer].T @ delta, delta.sum(axis=0)
        if layer:
            delta = (delta @ w.T) * (hs[layer] > 0)
        rw, rb = rates[layer]
        new.append((w - rw * gw, b - rb * gb))
    return new[::-1]


def _time_plain(width, seeds, epochs):
    x, y = _data()
    rng = np.random.default_rng(0)
    sizes = [2] + [width] * DEPTH + [1]
    pairs = list(itertools.pairwise(sizes))
    rates = [(np.float32(1.0 / (5 * a)), np.float32(1.0)) for a, _ in pairs]
    start = time.process_time()
    for _ in seeds:
        params = [((rng.standard_normal((a, b)) * np.sqrt(2 / a)).astype(np.float32),
                   np.zeros(b, np.float32)) for a, b in pairs]  # fmt: skip
        for _ in range(epochs):
            params = _plain_step(params, x, y, rates)
    return time.process_time() - start


def _time_torch(width, seeds, epochs):
    import torch

    torch.set_num_threads(1)
    x, y = (torch.from_numpy(a) for a in _data())
    sizes = [2] + [width] * DEPTH + [1]
    start = time.process_time()
    for seed in seeds:
        torch.manual_seed(int(seed))
        layers = [torch.nn.Linear(a, b) for a, b in itertools.pairwise(sizes)]
        modules = [m for lin in layers for m in (lin, torch.nn.ReLU())][:-1]
        net = torch.nn.Sequential(*modules)
        optimizer = torch.optim.SGD(net.parameters(), lr=1e-3)
        for _ in range(epochs):
            optimizer.zero_grad()
            torch.mean(torch.abs(net(x)[:, 0] - y)).backward()
            optimizer.step()
    return time.process_time() - start


def _time_jit_step(width, seeds, epochs):
    import jax
    import jax.numpy as jnp
    import optax

    from nucmass.models.mlp import FeedForward

    x, y = (jnp.asarray(a) for a in _data())
    optimizer = optax.sgd(1e-3)

    @jax.jit
    def step(net, state):
        grads = jax.grad(lambda p: jnp.mean(jnp.abs(p(x) - y)))(net)
        updates, state = optimizer.update(grads, state)
        return optax.apply_updates(net, updates), state

    net = FeedForward.init(jax.random.PRNGKey(0), 2, width, DEPTH)
    jax.block_until_ready(step(net, optimizer.init(net)))
    start = time.process_time()
    for seed in seeds:
        net = FeedForward.init(jax.random.PRNGKey(int(seed)), 2, width, DEPTH)
        state = optimizer.init(net)
        for _ in range(epochs):
            net, state = step(net, state)
        jax.block_until_ready(net)
    return time.process_time() - start


def _time_matmul(repeats=20):
    import jax
    import jax.numpy as jnp

    a = jnp.ones((M, 500), jnp.float32)
    b = jnp.ones((500, 500), jnp.float32)
    f = jax.jit(lambda a, b: a @ b)
    jax.block_until_ready(f(a, b))
    start = time.process_time()
    for _ in range(repeats):
        jax.block_until_ready(f(a, b))
    return 2.0 * M * 500 * 500 * repeats / (time.process_time() - start)


TASKS = {"engine": _time_engine, "plain": _time_plain, "jit_step": _time_jit_step}
if importlib.util.find_spec("torch") is not None:
    TASKS["torch"] = _time_torch


def _task(name, *args):
    return _time_matmul() if name == "matmul" else TASKS[name](*args)


def on_both_cores(pool, name, width=None, k=None, epochs=None, strategy="auto"):
    """Network-epochs per second with the K members split over the two workers."""
    if name == "matmul":
        return sum(f.result() for f in [pool.submit(_task, "matmul") for _ in range(2)])
    halves = [h for h in np.array_split(np.arange(k), 2) if h.size]
    extra = (strategy,) if name == "engine" else ()
    futures = [pool.submit(_task, name, width, h, epochs, *extra) for h in halves]
    return k * epochs / max(f.result() for f in futures)


def rate_rows(pool, plan: dict, matmul: float) -> list[dict]:
    """Rates of every task at each width of ``plan`` (width -> (K, epochs)), K and 1 member."""
    rows = []
    for width, (k, epochs) in plan.items():
        for members in (k, 1):
            e = epochs * (min(k, 10) if members == 1 else 1)
            rate = {n: on_both_cores(pool, n, width, members, e) for n in TASKS}
            flops = rate["engine"] * flops_per_epoch(width)
            rows.append({"width": width, "K": members, "epochs": e,
                         "network_epochs_per_s": rate,
                         "speedup_vs_plain": rate["engine"] / rate["plain"],
                         "speedup_vs_jit_step": rate["engine"] / rate["jit_step"],
                         "speedup_vs_torch": rate["engine"] / rate["torch"]
                         if "torch" in rate else None,
                         "fraction_of_matmul_rate": flops / matmul})  # fmt: skip
    return rows


def crossover(pool, k: int, epochs: int) -> list[dict]:
    """Engine rates of the vectorized and the sequential strategy at small widths."""
    rows = []
    for width in (4, 10, 16, 32, 64):
        pair = {s: on_both_cores(pool, "engine", width, k, epochs, s)
                for s in ("vectorized", "sequential")}  # fmt: skip
        rows.append({"width": width, "K": k, **pair})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer members and epochs")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()
    plan = {10: (100, 40), 120: (100, 4), 500: (100, 1)}
    if args.quick:
        plan = {10: (20, 20), 120: (10, 2), 500: (4, 1)}
    with process_pool(2) as pool:
        matmul = on_both_cores(pool, "matmul")
        rows = rate_rows(pool, plan, matmul)
        pairs = crossover(pool, *((20, 20) if args.quick else (50, 40)))
    machine = {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip
    table1 = sum(100 * 20000 / _rate_for(rows, w) for w in TABLE1_WIDTHS)
    result = {"machine": machine, "matmul_flops_per_s_both_cores": matmul, "rows": rows,
              "crossover_vectorized_vs_sequential": pairs,
              "table1_sweep_estimate_days": table1 / 86400}  # fmt: skip
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")


def _rate_for(rows, width):
    """Engine network-epochs/s at ``width`` from the FLOP rate of the nearest measured row."""
    measured = [r for r in rows if r["K"] > 1]
    nearest = min(measured, key=lambda r: abs(np.log(r["width"]) - np.log(width)))
    flop_rate = nearest["network_epochs_per_s"]["engine"] * flops_per_epoch(nearest["width"])
    return flop_rate / flops_per_epoch(width)


if __name__ == "__main__":
    main()
