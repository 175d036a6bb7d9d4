"""Sweep throughput: 1 vs 2 local workers vs a Dask LocalCluster, and per-cell overheads.

One run, one machine. A sweep of ``--cells`` small ``ldm`` cells (one seed each, a liquid
drop plus ``--bootstrap`` bootstrap refits: real, CPU-bound work of a fraction of a
second) runs on three executors: the local pool with 1 and with 2 workers, and a Dask
LocalCluster of 2 single-threaded worker processes. Each executor is started and warmed
up (one cell per worker, imports and the AME table loaded) before the timed sweep.

Per executor: wall time, cells per second, the time the cells spent in the runner (summed
over cells, as recorded by the workers) and the per-cell overhead of the machinery,
``(workers * wall - sum of cell times) / cells``: dispatch, result transfer, registry
writes and idle workers at the end; and ``cell_cpu_share``, CPU time / wall time inside the
cells (below 1 when other processes compete for the cores). The three executors run
interleaved ``--repeats`` times; the ratios use the best throughput of each. The registry
alone is timed on synthetic outcomes.

``--table1`` adds the projection of paper 000's Table I (18 widths x 100 seeds x 20000
epochs, depth 3, ReLU, CICT) from fnn cells timed at a few widths: each width at two epoch
counts separates the per-cell fixed cost (compilation) from the cost per member-epoch,
fitted as a + b * FLOPs (``nucmass.train.cost.flops_per_epoch``; after a warm-up cell, so imports
and data loading are excluded) and applied to the cells of
``experiments/configs/table1-paper.toml``: total core-hours, and the wall time on N
single-threaded workers (longest cells first to the least-loaded worker). It uses the
cells' CPU time (one thread each), which other processes on a shared machine do not
inflate; the projection is in core-hours of this CPU. ``--table1-only`` skips the executors.
Prints JSON. Usage: python benchmarks/bench_sweep.py [--cells 40] [--bootstrap 300] [--table1]
"""

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from nucmass.runs.config import load_sweep_config, parse_sweep_config
from nucmass.runs.executors import make_executor
from nucmass.runs.registry import Registry
from nucmass.runs.runners import CellOutcome
from nucmass.runs.sweep import run_sweep

TABLE1_WIDTHS = (1, 4, 10, 20, 30, 40, 50, 60, 70, 80, 90, 115, 120, 180, 240, 500, 1000, 2000)
PAPER_CONFIG = Path(__file__).parents[1] / "experiments" / "configs" / "table1-paper.toml"
WORKERS = (2, 16, 64, 256, 1024)


def sweep_config(name: str, family: str, seeds, fixed: dict, grid: dict):
    sweep = {"name": name, "family": family, "seeds": list(seeds)}
    return parse_sweep_config({"sweep": sweep, "fixed": fixed, "grid": grid})


def time_executor(kind: str, workers: int, cells: int, bootstrap: int, root: Path) -> dict:
    """Start ``kind`` with ``workers``, warm it up, then time a sweep of ``cells`` cells."""
    fixed = {"split": "measured", "bootstrap": bootstrap}
    start = time.perf_counter()
    with make_executor(kind, workers) as executor:
        warm = sweep_config("warm", "ldm", range(1000, 1000 + workers), fixed, {})
        run_sweep(warm, root / f"{kind}{workers}-warm", executor)
        startup = time.perf_counter() - start
        timed = sweep_config("bench", "ldm", range(cells), fixed, {})
        summary = run_sweep(timed, root / f"{kind}{workers}", executor)
    with Registry(summary.registry, readonly=True) as registry:
        cells_table = registry.cells(summary.sweep_hash)
    busy, cpu = float(cells_table.seconds.sum()), float(cells_table.cpu_seconds.sum())
    wall = summary.seconds
    return {
        "executor": kind,
        "workers": workers,
        "startup_s": round(startup, 3),
        "wall_s": round(wall, 3),
        "cells_per_s": round(cells / wall, 3),
        "cell_compute_s_mean": round(busy / cells, 4),
        "cell_cpu_share": round(cpu / busy, 3),
        "overhead_ms_per_cell": round(1e3 * (workers * wall - busy) / cells, 2),
        "done": summary.done,
    }


def registry_overhead(root: Path, cells: int = 200) -> float:
    """Milliseconds per cell to register, mark running and record a 4-seed outcome."""
    config = sweep_config("reg", "ldm", range(cells), {"split": "measured"}, {})
    rows = [
        {"seed": seed, "status": "done", "error": None, "metrics": {"rmsd": 1.0},
         "arrays": "a.npz", "model": "m"}
        for seed in range(4)
    ]  # fmt: skip
    start = time.perf_counter()
    with Registry(root / "overhead.sqlite") as registry:
        registry.add_sweep(config, config.cells())
        for cell in config.cells():
            registry.mark_running(cell.hash)
            outcome = CellOutcome(cell.hash, "done", 0.0, 0.0, 0.0, "w", None, rows)
            registry.record(outcome, "cells/x")
    return 1e3 * (time.perf_counter() - start) / cells


def timed_cells(root: Path, widths, epochs, members: int, data: str):
    """Registry rows of fnn cells (width x epochs, ``members`` seeds each) run on one
    warmed-up local worker: their ``cpu_seconds`` are the measurement."""
    fixed = {"data": data, "depth": 3, "activation": "relu", "regime": "cict"}
    grid = {"width": list(widths), "epochs": list(epochs)}
    config = sweep_config("table1-cost", "fnn", range(members), fixed, grid)
    config = type(config)(**{**config.__dict__, "seeds_per_cell": members})
    warm = {**fixed, "width": 2, "epochs": 2, "switch_epoch": 1}
    with make_executor("local", 1) as executor:
        run_sweep(sweep_config("warm", "fnn", [0], warm, {}), root / "table1-warm", executor)
        summary = run_sweep(config, root / "table1-cost", executor)
    with Registry(summary.registry, readonly=True) as registry:
        return registry.cells(summary.sweep_hash)


def per_width_costs(cells, flops: dict, members: int) -> dict:
    """Width -> CPU seconds per member-epoch, fixed CPU seconds per cell, GFLOP/s per core."""
    per_width = {}
    for width, group in cells.groupby("width"):
        (e1, t1), (e2, t2) = sorted(zip(group.epochs, group.cpu_seconds, strict=True))
        member_epoch = (t2 - t1) / (members * (e2 - e1))
        per_width[int(width)] = {
            "cpu_s_per_member_epoch": member_epoch,
            "fixed_cpu_s_per_cell": t1 - members * e1 * member_epoch,
            "gflops_per_core": flops[int(width)] / member_epoch / 1e9,
        }
    return per_width


def table1_projection(root: Path, widths, epochs, members: int, data: str) -> dict:
    """Time fnn cells (1 warmed-up worker) and project Table I; see the module docstring."""
    from nucmass.models.fnn import FNNConfig
    from nucmass.runs.fnn import load_training_table
    from nucmass.train.cost import flops_per_epoch

    nuclei = len(load_training_table({"data": data})[0])
    cells = timed_cells(root, widths, epochs, members, data)
    flops = {w: flops_per_epoch(FNNConfig(width=w, depth=3), nuclei)
             for w in (*TABLE1_WIDTHS, *widths)}  # fmt: skip
    per_width = per_width_costs(cells, flops, members)
    x = np.array([flops[w] for w in per_width])
    t = np.array([v["cpu_s_per_member_epoch"] for v in per_width.values()])
    (a, b), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), t, rcond=None)
    a = max(a, 0.0)
    fixed_cost = max(float(np.mean([v["fixed_cpu_s_per_cell"] for v in per_width.values()])), 0)
    paper = load_sweep_config(PAPER_CONFIG)
    run_cost = {w: paper.fixed["epochs"] * (a + b * flops[w]) for w in TABLE1_WIDTHS}
    cell_cost = [fixed_cost + len(c.seeds) * run_cost[c.settings["width"]] for c in paper.cells()]
    core_s = sum(cell_cost)
    return {
        "nuclei": nuclei,
        "measured": per_width,
        "fit_cpu_s_per_member_epoch": {"a_s": a, "b_s_per_flop": b},
        "paper_config": f"{PAPER_CONFIG.name}: {len(cell_cost)} cells",
        "projected_core_hours": round(core_s / 3600, 1),
        "width2000_share_percent": round(100 * len(paper.seeds) * run_cost[2000] / core_s, 1),
        "projected_hours_one_width2000_run": round(run_cost[2000] / 3600, 2),
        "projected_wall_hours": {n: round(schedule(cell_cost, n) / 3600, 2) for n in WORKERS},
    }


def schedule(costs: list, workers: int) -> float:
    """Makespan (s) of cells with ``costs`` on ``workers``, longest first to the least loaded."""
    loads = [0.0] * workers
    for cost in sorted(costs, reverse=True):
        loads[loads.index(min(loads))] += cost
    return max(loads)


def executor_comparison(root: Path, cells: int, bootstrap: int, repeats: int) -> dict:
    """Interleaved timed sweeps on local(1), local(2) and dask(2); ratios of the best."""
    keys = (("local", 1), ("local", 2), ("dask", 2))
    runs = [
        time_executor(kind, n, cells, bootstrap, root / f"{repeat}")
        for repeat in range(repeats)
        for kind, n in keys
    ]
    local1, local2, dask2 = (
        max(r["cells_per_s"] for r in runs if (r["executor"], r["workers"]) == key) for key in keys
    )
    return {
        "cells": cells,
        "bootstrap": bootstrap,
        "repeats (ratios use the best of each)": repeats,
        "runs": runs,
        "speedup_local2_vs_local1": round(local2 / local1, 3),
        "dask2_vs_local2": round(dask2 / local2, 3),
        "registry_ms_per_cell": round(registry_overhead(root), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=40)
    parser.add_argument("--bootstrap", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2, help="interleaved repeats")
    parser.add_argument("--table1", action="store_true", help="add the Table I projection")
    parser.add_argument("--table1-widths", type=int, nargs="+", default=[200, 400])
    parser.add_argument("--table1-epochs", type=int, nargs=2, default=[10, 110])
    parser.add_argument("--table1-only", action="store_true", help="only the projection")
    parser.add_argument("--table1-data", default="ame2020", help="fnn data setting")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = {"benchmark": "sweep", "load_before": os.getloadavg()}
        if not args.table1_only:
            result |= executor_comparison(root, args.cells, args.bootstrap, args.repeats)
        if args.table1 or args.table1_only:
            result["table1"] = table1_projection(
                root, args.table1_widths, args.table1_epochs, 2, args.table1_data
            )
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    result["load_after"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
