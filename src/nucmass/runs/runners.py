"""Cell runners: the contract between a sweep and the code that trains one cell.

A family name maps to a module (``RUNNERS``); any other family is taken as the import path
of a user's own runner module (``mypackage.myrunner``). A runner module provides

- ``validate(settings: dict) -> None``: raise ``NucmassError`` for bad settings (called
  by the coordinator on every grid point before anything runs);
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
    "execute_cell",
    "runner_module",
    "validate_settings",
]

RUNNERS = {
    "ldm": "nucmass.runs.ldm",
    "fnn": "nucmass.runs.fnn",
}


def runner_module(family: str) -> str:
    """Module path of the runner of ``family`` (a registered name or a module path)."""
    return RUNNERS.get(family, family)


def validate_settings(family: str, settings: dict) -> None:
    """Check ``settings`` with the family's runner; raise ``NucmassError`` if bad."""
    try:
        module = importlib.import_module(runner_module(family))
    except ImportError as error:
        choices = ", ".join(RUNNERS)
        raise NucmassError(
            f"unknown model family {family!r} (choose from {choices} or give a runner"
            f" module path; import failed: {error})"
        ) from None
    if not callable(getattr(module, "run_cell", None)):
        raise NucmassError(f"runner module {module.__name__} has no run_cell function")
    if callable(getattr(module, "validate", None)):
        module.validate(dict(settings))


@dataclass(frozen=True)
class CellTask:
    """What a worker needs to run one cell (picklable, small)."""

    cell_hash: str
    module: str
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
    runner = importlib.import_module(task.module)
    results = runner.run_cell(dict(task.settings), list(task.seeds), out_dir)
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
