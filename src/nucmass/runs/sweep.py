"""The sweep coordinator: register cells, skip finished ones, run the rest, record results.

Only this process writes the registry. A cell's files are written by its worker into a
private staging directory and moved to ``cells/<cell hash>/`` just before its row is
committed, so after a crash (even SIGKILL) every cell is either done with its files in
place, or still pending/running and rerun next time (its stale files replaced). A lock
file beside the registry keeps two coordinators off the same registry.
"""

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nucmass.errors import NucmassError
from nucmass.runs.config import SweepConfig, load_sweep_config
from nucmass.runs.executors import Executor, make_executor
from nucmass.runs.registry import Registry
from nucmass.runs.runners import CellOutcome, CellTask

__all__ = ["REGISTRY_NAME", "SweepSummary", "registry_lock", "run_sweep", "sweep_results"]

REGISTRY_NAME = "registry.sqlite"


@dataclass(frozen=True)
class SweepSummary:
    """Counts of a sweep's cells after ``run_sweep`` (``ran`` = executed in this call)."""

    sweep_hash: str
    name: str
    registry: Path
    total: int
    done: int
    failed: int
    ran: int
    seconds: float


@contextmanager
def registry_lock(registry: Path):
    """Hold an exclusive lock on ``<registry>.lock`` (released even on SIGKILL)."""
    registry.parent.mkdir(parents=True, exist_ok=True)
    with open(registry.with_name(registry.name + ".lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NucmassError(f"another sweep is running on {registry}") from None
        yield


def _publish(task: CellTask, outcome: CellOutcome, cells_dir: Path, base: Path):
    """Move the staged files of a cell that produced seeds to ``cells/<hash>``."""
    staged = Path(task.out_dir)
    if not outcome.seeds:
        shutil.rmtree(staged, ignore_errors=True)
        return None
    final = cells_dir / task.cell_hash
    if final.exists():
        shutil.rmtree(final)
    os.replace(staged, final)
    return os.path.relpath(final, base)


def run_sweep(
    config: SweepConfig,
    out: "str | Path",
    executor: Executor,
    registry: "str | Path | None" = None,
    retry_failed: bool = False,
    on_progress: "Callable[[dict, CellOutcome | None], None] | None" = None,
) -> SweepSummary:
    """Run the cells of ``config`` not yet done, writing into ``out``.

    Parameters
    ----------
    config : SweepConfig
    out : path
        Output directory; cell files go to ``out/cells/<cell hash>/``.
    executor : Executor
        Where cells run (``make_executor``).
    registry : path, optional
        SQLite registry file (default ``out/registry.sqlite``).
    retry_failed : bool
        Also rerun cells recorded as failed.
    on_progress : callable, optional
        ``on_progress(counts, outcome)``: called with the sweep's cells per status once
        before running (outcome None) and after each recorded cell.
    """
    out = Path(out).resolve()
    path = Path(registry).resolve() if registry else out / REGISTRY_NAME
    staging = out / "cells" / ".staging"
    start = time.perf_counter()
    if path.exists():  # a damaged registry is refused before anything (the lock) is written
        Registry(path, readonly=True).close()
    with registry_lock(path), Registry(path) as db:
        db.add_sweep(config, config.cells())
        db.reset_interrupted(config.hash, retry_failed)
        tasks = [
            CellTask(h, config.family, settings, seeds, str(staging / f"{h}-{uuid.uuid4().hex}"))
            for h, settings, seeds in db.pending(config.hash)
        ]
        report = on_progress or (lambda counts, outcome: None)
        report(db.counts(config.hash), None)
        for task, outcome in executor.run(tasks, lambda t: db.mark_running(t.cell_hash)):
            db.record(outcome, _publish(task, outcome, out / "cells", path.parent))
            report(db.counts(config.hash), outcome)
        shutil.rmtree(staging, ignore_errors=True)
        counts = db.counts(config.hash)
    return SweepSummary(
        config.hash, config.name, path, sum(counts.values()), counts["done"], counts["failed"],
        len(tasks), time.perf_counter() - start,
    )  # fmt: skip


def sweep_results(
    config: "SweepConfig | str | Path",
    out: "str | Path",
    executor: str = "local",
    workers: int = 1,
    address: "str | None" = None,
):
    """Run (or resume) a sweep and return its results, one row per (cell, seed).

    The one-call entry point for experiments: ``config`` is a ``SweepConfig`` or a TOML
    path; ``executor``, ``workers`` and ``address`` as in ``make_executor``. Returns the
    DataFrame of ``Registry.results`` (settings, seed, status, timings, metrics, paths).
    """
    if not isinstance(config, SweepConfig):
        config = load_sweep_config(config)
    with make_executor(executor, workers, address) as pool:
        summary = run_sweep(config, out, pool)
    with Registry(summary.registry, readonly=True) as registry:
        return registry.results(summary.sweep_hash)
