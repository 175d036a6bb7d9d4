"""Members split among worker processes: one process per core, one thread each.

Each worker is a fresh (spawned) interpreter whose XLA runs single-threaded
(``SINGLE_THREAD_FLAGS``), so two workers use both cores of the machine without the
thread contention that collapses multi-threaded XLA on a shared CPU.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import jax
import numpy as np
import pandas as pd

__all__ = ["SINGLE_THREAD_FLAGS", "merge_results", "train_in_workers"]

SINGLE_THREAD_FLAGS = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"


def _worker(config, seeds, table):
    from nucmass.train.engine import train_ensemble

    return train_ensemble(config.replace(workers=1), seeds, table)


def merge_results(results: list):
    """One ``EnsembleResult`` from results of disjoint seed groups (in order)."""
    first = results[0]
    cat = np.concatenate
    return type(first)(
        config=first.config,
        seeds=cat([r.seeds for r in results]),
        losses=cat([r.losses for r in results]),
        failed=cat([r.failed for r in results]),
        rmsd={k: cat([r.rmsd[k] for r in results]) for k in first.rmsd},
        sizes=first.sizes,
        initial=jax.tree.map(lambda *a: cat(a), *[r.initial for r in results]),
        final=jax.tree.map(lambda *a: cat(a), *[r.final for r in results]),
        scaler=first.scaler,
        seconds=max(r.seconds for r in results),
        strategy=first.strategy,
        target=first.target,
    )


def train_in_workers(config, seeds: np.ndarray, table: pd.DataFrame):
    """``train_ensemble`` with the seeds split among ``config.workers`` processes."""
    groups = [g for g in np.array_split(seeds, min(config.workers, seeds.size)) if g.size]
    previous = os.environ.get("XLA_FLAGS")
    os.environ["XLA_FLAGS"] = SINGLE_THREAD_FLAGS
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(len(groups), mp_context=context) as pool:
            futures = [pool.submit(_worker, config, g, table) for g in groups]
            results = [f.result() for f in futures]
    finally:
        if previous is None:
            os.environ.pop("XLA_FLAGS")
        else:
            os.environ["XLA_FLAGS"] = previous
    return merge_results(results)
