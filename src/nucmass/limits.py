"""Bounds on what one command may ask for, and the checks of single values against them.

Every value from the command line, a sweep config or a file is checked once at the edge
(DESIGN.md principle 12). The bounds are far beyond the papers' settings (paper 000:
width <= 2000, 20000 epochs, 100 seeds; 500000 sampled networks) and keep a typing error
(``--width 1e9``, ``seeds = 1000000000000``) from exhausting memory or running for ever.
Memory is estimated up front and compared with this machine's (``physical_memory``).

Imports nothing heavy, so the command line can check values before loading JAX.
"""

import math
import os

from nucmass.errors import NucmassError

__all__ = [
    "MAX_DEPTH",
    "MAX_DRAWS",
    "MAX_EPOCHS",
    "MAX_MEMBERS",
    "MAX_SEED",
    "MAX_WIDTH",
    "MAX_WORKERS",
    "WORKER_BYTES",
    "check_integer",
    "check_memory",
    "check_number",
    "fnn_memory_bytes",
    "integer_problem",
    "number_problem",
    "physical_memory",
]

MAX_WIDTH = 100_000  # hidden units per layer
MAX_DEPTH = 1_000  # hidden layers
MAX_EPOCHS = 10_000_000
MAX_MEMBERS = 1_000  # ensemble members trained by one command
MAX_SEED = 2**32 - 1  # largest seed value
MAX_WORKERS = 1_024  # worker processes started by one command
MAX_DRAWS = 10**10  # networks sampled by one call
AME_NUCLEI = 3558  # the largest training table (all of AME2020)
WORKER_BYTES = 2**28  # resident memory of one worker process with JAX loaded (measured 215 MiB)


def integer_problem(value, low: int = 0, high: "int | None" = None) -> "str | None":
    """What is wrong with ``value`` as an integer in [low, high] (None if nothing)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be an integer, not {value!r}"
    if value < low or (high is not None and value > high):
        upper = f" and <= {high}" if high is not None else ""
        return f"must be >= {low}{upper}, not {value}"
    return None


def number_problem(
    value, low: float = -math.inf, high: float = math.inf, positive: bool = False
) -> "str | None":
    """What is wrong with ``value`` as a finite number in [low, high] (> 0 with
    ``positive``); None if nothing."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, not {value!r}"
    if not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if positive and value <= 0:
        return f"must be > 0, not {value:g}"
    if low <= value <= high:
        return None
    if math.isinf(high):
        return f"must be >= {low:g}, not {value:g}"
    if math.isinf(low):
        return f"must be <= {high:g}, not {value:g}"
    return f"must be between {low:g} and {high:g}, not {value:g}"


def check_integer(name: str, value, low: int = 0, high: "int | None" = None) -> int:
    """``value`` if it is an int in [low, high]; ``NucmassError`` naming ``name`` otherwise."""
    problem = integer_problem(value, low, high)
    if problem:
        raise NucmassError(f"{name} {problem}")
    return value


def check_number(
    name: str, value, low: float = -math.inf, high: float = math.inf, positive: bool = False
) -> float:
    """``value`` as a float if finite and in range (see ``number_problem``); else raise."""
    problem = number_problem(value, low, high, positive)
    if problem:
        raise NucmassError(f"{name} {problem}")
    return float(value)


def check_memory(what: str, needed: float) -> None:
    """Refuse ``what`` if it needs more than half of this machine's physical memory."""
    total = physical_memory()
    if needed > total / 2:
        raise NucmassError(
            f"{what} needs about {needed / 2**30:.3g} GiB of memory; this machine has "
            f"{total / 2**30:.0f} GiB (at most half may be asked for)"
        )


def fnn_memory_bytes(width: int, depth: int, members: int = 1, inputs: int = 4) -> float:
    """Peak bytes of training ``members`` feed-forward networks at once (float32).

    Parameters, gradients, two Adam moments and the initial copy (5 copies), plus the
    activations of a full batch of ``AME_NUCLEI`` nuclei forward and backward.
    """
    weights = inputs * width + (depth - 1) * width * width + width + depth * width + 1
    activations = 2 * AME_NUCLEI * width * depth
    return 4.0 * members * (5 * weights + activations)


def physical_memory() -> float:
    """Bytes of physical memory of this machine (inf where the system does not say)."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return math.inf
