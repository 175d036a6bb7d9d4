"""Shared pieces of the sweep tests: configs and references."""

import textwrap
from pathlib import Path

import numpy as np

# Registry columns that differ between two runs of the same cells (timings, workers).
TIMING = ["submitted", "started", "finished", "seconds", "cpu_seconds", "worker", "attempts"]


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
