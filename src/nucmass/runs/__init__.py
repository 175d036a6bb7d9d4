"""Sweeps: grids of training runs on a laptop, a workstation or a cluster.

``load_sweep_config`` (TOML -> ``SweepConfig`` -> cells), ``make_executor`` (local process
pool or Dask), ``run_sweep`` (the coordinator: resume, progress), ``Registry`` (SQLite,
one row per cell and per seed). Runners per model family: ``nucmass.runs.runners``.

Names are imported lazily: worker processes import ``nucmass.runs.runners`` and must set
their thread limits before numpy or JAX is loaded.
"""

from nucmass.lazy import lazy_exports

__all__ = [
    "EXECUTORS",
    "Cell",
    "Registry",
    "SweepConfig",
    "SweepSummary",
    "load_sweep_config",
    "make_executor",
    "parse_sweep_config",
    "run_sweep",
]

_HOMES = {
    "EXECUTORS": "executors",
    "Cell": "config",
    "Registry": "registry",
    "SweepConfig": "config",
    "SweepSummary": "sweep",
    "load_sweep_config": "config",
    "make_executor": "executors",
    "parse_sweep_config": "config",
    "run_sweep": "sweep",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, __all__)
