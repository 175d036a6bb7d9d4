"""Cell runners: the contract between a sweep and the code that trains one cell.

A family name maps to a module of this package (``RUNNERS``, a fixed registry): a config
names a family, never a module, so nothing a config says is ever imported or executed
(DESIGN.md principle 12). ``fault`` is the fault-injection family of the tests. A runner
module provides

- ``validate(settings: dict) -> None``: raise ``NucmassError`` for bad settings (called
  by the coordinator on every grid point before anything runs);
- ``estimate(settings: dict, seeds: int) -> (cpu_seconds, peak_bytes)``: the rough cost
  of one cell, for the size limits of ``nucmass.runs.size``;
- ``run_cell(settings: dict, seeds: list[int], out_dir: Path) -> dict``: train the seeds
  as one ensemble, deterministic given (settings, seed); write arrays (.npz) and saved
  models into ``out_dir``; return ``{seed: {"metrics": {name: float}, "arrays": path or
  None, "model": path or None}}`` with paths relative to ``out_dir``.

``execute_cell`` runs one cell inside a worker process and never raises: a runner that
raises marks the cell failed (with the error); a seed with a non-finite metric is failed
(diverged); a cell whose seeds all diverged is failed.
"""

import importlib
import math
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from nucmass.errors import NucmassError
from nucmass.parallel import limit_threads

__all__ = [
    "RUNNERS",
    "CellOutcome",
    "CellTask",
    "estimate_cell",
    "execute_cell",
    "runner",
    "validate_settings",
]

RUNNERS = {
    "ldm": "nucmass.runs.ldm",
    "fnn": "nucmass.runs.fnn",
    "fault": "nucmass.runs.fault",
}


def runner(family):
    """The runner module of ``family``, a name of ``RUNNERS`` (nothing else is imported)."""
    if not isinstance(family, str) or family not in RUNNERS:
        raise NucmassError(f"unknown model family {family!r}; choose from {', '.join(RUNNERS)}")
    return importlib.import_module(RUNNERS[family])


def validate_settings(family: str, settings: dict) -> None:
    """Check ``settings`` with the family's runner; raise ``NucmassError`` if bad."""
    runner(family).validate(dict(settings))


def estimate_cell(family: str, settings: dict, seeds: int) -> tuple[float, float]:
    """(CPU seconds, peak bytes) of a cell of ``seeds`` seeds, from the family's runner."""
    return runner(family).estimate(dict(settings), seeds)


@dataclass(frozen=True)
class CellTask:
    """What a worker needs to run one cell (picklable, small)."""

    cell_hash: str
    family: str
    settings: dict
    seeds: tuple[int, ...]
    out_dir: str


@dataclass(frozen=True)
class CellOutcome:
    """What a worker returns for one cell; ``seeds`` rows are dicts (see ``_seed_row``)."""

    cell_hash: str
    status: str
    started: float
    finished: float
    seconds: float
    worker: str
    error: "str | None" = None
    seeds: list = field(default_factory=list)
    cpu_seconds: float = 0.0


def _relative(path, out_dir: Path) -> "str | None":
    if path is None:
        return None
    path = Path(path)
    return str(path.relative_to(out_dir) if path.is_absolute() else path)


def _seed_row(seed: int, result: dict, out_dir: Path) -> dict:
    metrics = {str(k): float(v) for k, v in result.get("metrics", {}).items()}
    bad = [name for name, value in metrics.items() if not math.isfinite(value)]
    return {
        "seed": seed,
        "status": "failed" if bad else "done",
        "error": f"diverged: non-finite {', '.join(bad)}" if bad else None,
        "metrics": metrics,
        "arrays": _relative(result.get("arrays"), out_dir),
        "model": _relative(result.get("model"), out_dir),
    }


def _run(task: CellTask) -> list[dict]:
    out_dir = Path(task.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = runner(task.family).run_cell(dict(task.settings), list(task.seeds), out_dir)
    if sorted(int(s) for s in results) != sorted(task.seeds):
        raise NucmassError(f"runner returned seeds {sorted(results)}, not {list(task.seeds)}")
    return [_seed_row(int(seed), results[seed], out_dir) for seed in task.seeds]


def execute_cell(task: CellTask) -> CellOutcome:
    """Run one cell in this (worker) process; never raises (errors are recorded)."""
    limit_threads()
    started, clock, cpu = time.time(), time.perf_counter(), time.process_time()
    try:
        rows, error = _run(task), None
    except Exception as exc:
        rows = []
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}".strip()
    diverged = sum(row["status"] == "failed" for row in rows)
    if error is None and diverged:
        error = f"{diverged} of {len(rows)} seeds diverged"
    status = "failed" if not rows or diverged == len(rows) else "done"
    return CellOutcome(
        cell_hash=task.cell_hash,
        status=status,
        started=started,
        finished=time.time(),
        seconds=time.perf_counter() - clock,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        error=error,
        seeds=rows,
        cpu_seconds=time.process_time() - cpu,
    )
