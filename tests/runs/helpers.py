"""Shared pieces of the sweep tests: configs, a failure-injecting runner, references."""

import textwrap
from pathlib import Path

import numpy as np

# Registry columns that differ between two runs of the same cells (timings, workers).
TIMING = ["submitted", "started", "finished", "seconds", "cpu_seconds", "worker", "attempts"]

# A runner module wrapping the real ldm runner: ``fail = "raise"`` raises, ``"exit"`` kills
# the worker process, ``"nan"`` makes the first seed's test RMSD non-finite (a diverged
# member), ``"all-nan"`` every seed's, ``"env"`` reports the worker's thread limits.
FLAKY_RUNNER = """
import math
import os
from nucmass.errors import NucmassError
from nucmass.runs import ldm

def validate(settings):
    if settings.get("fail") not in ("no", "raise", "exit", "nan", "all-nan", "env"):
        raise NucmassError("fail must be no, raise, exit, nan, all-nan or env")
    ldm.validate({k: v for k, v in settings.items() if k != "fail"})

def run_cell(settings, seeds, out_dir):
    if settings["fail"] == "raise":
        raise RuntimeError("forced failure")
    if settings["fail"] == "exit":
        os._exit(3)  # the worker process dies
    results = ldm.run_cell({k: v for k, v in settings.items() if k != "fail"}, seeds, out_dir)
    broken = seeds if settings["fail"] == "all-nan" else seeds[:1] * (settings["fail"] == "nan")
    for seed in broken:
        results[seed]["metrics"]["rmsd_test"] = math.nan
    if settings["fail"] == "env":  # report the worker's thread limits
        flags = os.environ.get("XLA_FLAGS", "")
        results[seeds[0]]["metrics"] |= {
            "omp_threads": float(os.environ["OMP_NUM_THREADS"]),
            "xla_single_thread": float("intra_op_parallelism_threads=1" in flags),
        }
    return results
"""


def write_config(path: Path, name: str, family: str, seeds, per_cell: int, fixed, grid) -> Path:
    """Write a sweep config TOML built from Python values."""

    def toml(value):
        if isinstance(value, str):
            return f'"{value}"'
        if isinstance(value, list):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        return str(value).lower() if isinstance(value, bool) else str(value)

    lines = [
        "[sweep]",
        f'name = "{name}"',
        f'family = "{family}"',
        f"seeds = {toml(seeds)}",
        f"seeds_per_cell = {per_cell}",
        "[fixed]",
        *(f"{k} = {toml(v)}" for k, v in fixed.items()),
        "[grid]",
        *(f"{k} = {toml(v)}" for k, v in grid.items()),
    ]
    path.write_text(textwrap.dedent("\n".join(lines)) + "\n")
    return path


def ldm_reference(split_name: str, seed: int) -> dict:
    """Test-part RMSD (MeV) of a liquid drop fitted directly, without the sweep machinery."""
    from nucmass.data.splits import get_split
    from nucmass.models.ldm import design_matrix

    table = get_split(split_name, seed).table()
    train, test = table[table.part == "train"], table[table.part == "test"]
    x = design_matrix(train.Z.to_numpy(), train.N.to_numpy())
    solution, *_ = np.linalg.lstsq(x, train.binding_energy.to_numpy(), rcond=None)
    predicted = design_matrix(test.Z.to_numpy(), test.N.to_numpy()) @ solution
    residual = predicted - test.binding_energy
    return {"rmsd_test": float(np.sqrt(np.mean(residual**2))), "n_test": len(test)}
