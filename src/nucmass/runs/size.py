"""What a sweep will cost, estimated before it runs, and the limits a run must pass.

``sweep_size`` adds up the families' per-cell estimates (``estimate`` of each runner:
rough CPU seconds and peak bytes of one cell). ``check_size`` refuses a sweep above
``LIMITS`` (cells, seeds, CPU hours) or whose largest cell needs more than half of this
machine's memory, unless the caller allows large runs (``nucmass sweep --allow-large``).
``nucmass sweep --dry-run`` prints the estimate and the verdict.
"""

from dataclasses import dataclass

from nucmass.errors import NucmassError
from nucmass.limits import physical_memory
from nucmass.runs.config import SweepConfig
from nucmass.runs.runners import estimate_cell

__all__ = ["LIMITS", "SweepSize", "check_size", "sweep_size"]

# Without --allow-large: a sweep of a workstation's afternoon, not a cluster's week.
LIMITS = {"cells": 5_000, "seeds": 10_000, "cpu_hours": 100.0}


@dataclass(frozen=True)
class SweepSize:
    """Cells, seeds, estimated CPU hours and the largest cell's peak memory (bytes)."""

    cells: int
    seeds: int
    cpu_hours: float
    cell_bytes: float

    def describe(self) -> str:
        """One line: the numbers of the estimate."""
        return (
            f"{self.cells} cells, {self.seeds} seeds; estimated {self.cpu_hours:.3g} CPU hours,"
            f" up to {self.cell_bytes / 2**30:.2g} GiB per cell"
        )


def sweep_size(config: SweepConfig) -> SweepSize:
    """The estimated size of ``config`` (every cell, done or not)."""
    cells = config.cells()
    seconds, peak = 0.0, 0.0
    for cell in cells:
        cpu, memory = estimate_cell(cell.family, cell.settings, len(cell.seeds))
        seconds, peak = seconds + cpu, max(peak, memory)
    return SweepSize(len(cells), len(config.seeds), seconds / 3600, peak)


def check_size(size: SweepSize, allow_large: bool = False) -> None:
    """Raise ``NucmassError`` if ``size`` is above ``LIMITS`` or this machine's memory.

    ``allow_large`` lifts both (the workers of a cluster may have more memory).
    """
    over = [
        f"{name.replace('_', ' ')} {getattr(size, name):.4g} > {limit:g}"
        for name, limit in LIMITS.items()
        if getattr(size, name) > limit
    ]
    if over and not allow_large:
        raise NucmassError(
            f"the sweep is large ({'; '.join(over)}); check it with --dry-run and pass"
            " --allow-large to run it"
        )
    memory = physical_memory()
    if size.cell_bytes > memory / 2 and not allow_large:
        raise NucmassError(
            f"one cell needs about {size.cell_bytes / 2**30:.3g} GiB; this machine has"
            f" {memory / 2**30:.0f} GiB (pass --allow-large if the workers have more)"
        )
