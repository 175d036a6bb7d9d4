"""A real Dask LocalCluster (2 worker processes) gives the local executor's results."""

import pytest

from nucmass.runs.config import load_sweep_config
from nucmass.runs.executors import DaskExecutor, LocalExecutor, make_executor
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

from .helpers import TIMING, write_config

pytest.importorskip("distributed")


def results(summary):
    with Registry(summary.registry, readonly=True) as registry:
        frame = registry.results(summary.sweep_hash)
    return frame.drop(columns=TIMING)


def test_dask_local_cluster_matches_local_pool(tmp_path):
    path = write_config(
        tmp_path / "d.toml", "dask-vs-local", "ldm", [0, 1, 2, 3], 2, {"bootstrap": 4},
        {"split": ["measured", "sigma100"]},
    )  # fmt: skip
    config = load_sweep_config(path)
    with DaskExecutor(workers=2) as executor:
        assert executor.slots() == 2
        on_dask = run_sweep(config, tmp_path / "dask", executor)
        workers = {
            w.split(":")[1] for w in Registry(on_dask.registry).cells(on_dask.sweep_hash).worker
        }
    with LocalExecutor(2) as executor:
        on_pool = run_sweep(config, tmp_path / "local", executor)
    assert (on_dask.done, on_pool.done) == (4, 4)
    assert len(workers) == 2  # both Dask worker processes took cells
    a, b = results(on_dask), results(on_pool)
    assert a.equals(b)  # bitwise: same seeds, same numbers, same relative paths


def test_unreachable_scheduler_is_a_clear_error():
    from nucmass.errors import NucmassError

    with pytest.raises(NucmassError, match="cannot reach the Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1.0)
    with pytest.raises(NucmassError, match="only for the dask executor"):
        make_executor("local", address="tcp://127.0.0.1:9")
