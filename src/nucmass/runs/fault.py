"""Cell runner ``fault``: a fault-injection family for tests and demonstrations.

It trains nothing. Each seed's metric ``value`` is the seed itself (float), so results
are known in advance; the cell does what its setting ``fail`` says:

- ``no``: succeed;
- ``raise``: raise ``RuntimeError("forced failure")`` (the cell fails);
- ``exit``: kill its worker process (``os._exit(3)``) on every attempt;
- ``exit-once``: kill its worker on the first attempt only and succeed when rerun (a
  marker file in the sweep's staging directory remembers the attempt);
- ``nan``: a non-finite metric for the first seed (a diverged member);
- ``all-nan``: non-finite metrics for every seed (the cell fails);
- ``env``: report the worker's thread limits (``omp_threads``, ``xla_single_thread``).

``seconds`` (default 0) makes the cell sleep first, so tests can kill processes while
cells run. Use it as ``family = "fault"`` in a sweep config; see ``tests/runs``.
"""

import math
import os
import time
from pathlib import Path

from nucmass.errors import NucmassError

__all__ = ["MODES", "estimate", "run_cell", "validate"]

MODES = ("no", "raise", "exit", "exit-once", "nan", "all-nan", "env")
MAX_SECONDS = 3600.0


def validate(settings: dict) -> None:
    """Raise ``NucmassError`` unless ``settings`` are valid fault settings."""
    unknown = set(settings) - {"fail", "seconds"}
    if unknown:
        raise NucmassError(f"unknown fault setting(s) {', '.join(sorted(unknown))}")
    if settings.get("fail", "no") not in MODES:
        raise NucmassError(f"fail must be one of {', '.join(MODES)}")
    seconds = settings.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise NucmassError("seconds must be a number")
    if not 0 <= seconds <= MAX_SECONDS:
        raise NucmassError(f"seconds must be between 0 and {MAX_SECONDS:g}")


def estimate(settings: dict, seeds: int) -> tuple[float, float]:
    """(CPU seconds, peak bytes) of one cell: its sleep, and a small process."""
    return float(settings.get("seconds", 0)), 200e6


def _die_once(out_dir: Path) -> None:
    marker = out_dir.parent / f".{out_dir.name.split('-')[0]}.died-once"
    if not marker.exists():
        marker.touch()
        os._exit(3)


def run_cell(settings: dict, seeds: list[int], out_dir: Path) -> dict:
    """Do what ``settings["fail"]`` says (module docstring); metrics ``value`` = seed."""
    time.sleep(settings.get("seconds", 0))
    mode = settings.get("fail", "no")
    if mode == "raise":
        raise RuntimeError("forced failure")
    if mode == "exit":
        os._exit(3)
    if mode == "exit-once":
        _die_once(Path(out_dir))
    broken = seeds if mode == "all-nan" else seeds[:1] * (mode == "nan")
    results = {s: {"metrics": {"value": math.nan if s in broken else float(s)}} for s in seeds}
    if mode == "env":
        flags = os.environ.get("XLA_FLAGS", "")
        results[seeds[0]]["metrics"] |= {
            "omp_threads": float(os.environ["OMP_NUM_THREADS"]),
            "xla_single_thread": float("intra_op_parallelism_threads=1" in flags),
        }
    return results
