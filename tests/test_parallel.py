"""The one process pool: order, callbacks, single-thread workers, errors."""

import os

import pytest

from nucmass.parallel import SINGLE_THREAD_ENV, map_in_processes

# Worker functions must be importable by the spawned children: builtins and os's own.


def test_results_come_back_in_the_order_of_the_arguments():
    seen = []
    results = map_in_processes(pow, [(k, 2) for k in range(5)], 2, lambda i, r: seen.append(i))
    assert results == [0, 1, 4, 9, 16] and sorted(seen) == list(range(5))


def test_workers_run_single_threaded_and_the_parent_environment_is_restored():
    before = {key: os.environ.get(key) for key in SINGLE_THREAD_ENV}
    values = map_in_processes(os.getenv, [("OMP_NUM_THREADS",), ("XLA_FLAGS",)], 2)
    assert values[0] == "1" and "intra_op_parallelism_threads=1" in values[1]
    assert {key: os.environ.get(key) for key in SINGLE_THREAD_ENV} == before


def test_one_worker_runs_in_this_process():
    assert map_in_processes(os.getpid, [(), ()], 1) == [os.getpid()] * 2


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="invalid literal"):
        map_in_processes(int, [("1",), ("x",)], 2)
