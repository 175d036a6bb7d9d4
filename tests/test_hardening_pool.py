"""The process pool under faults: a killed worker fails only its own call (issue 16).

Worker functions must be importable by the spawned children: builtins, os and time.
"""

import concurrent.futures
import os
import signal
import time

import psutil
import pytest

from nucmass.parallel import WorkerDied, process_pool
from nucmass.workerpool import RemoteTraceback


def _workers() -> list:
    """This process's pool workers (spawned children, not the resource tracker)."""
    children = psutil.Process().children()
    return [p for p in children if "spawn_main" in " ".join(p.cmdline())]


def test_a_killed_worker_fails_only_its_call_and_is_replaced():
    with process_pool(2) as pool:
        calls = [pool.submit(time.sleep, 60), pool.submit(time.sleep, 60)]
        time.sleep(0.5)  # both calls are running, one per worker
        os.kill(_workers()[0].pid, signal.SIGKILL)
        failed = next(concurrent.futures.as_completed(calls, timeout=30))
        survivor = calls[1 - calls.index(failed)]
        assert isinstance(failed.exception(), WorkerDied)
        assert "killed by SIGKILL" in str(failed.exception())
        assert pool.submit(pow, 3, 2).result(timeout=60) == 9  # a replacement took over
        assert survivor.running()  # the other worker's call was never disturbed
        pool.terminate()
    assert isinstance(survivor.exception(), WorkerDied)  # terminate() stopped it


def test_errors_keep_their_type_and_remote_traceback():
    with process_pool(1) as pool:
        future = pool.submit(int, "not a number")
        with pytest.raises(ValueError, match="invalid literal") as error:
            future.result(timeout=60)
    assert isinstance(error.value.__cause__, RemoteTraceback)
    assert "Traceback" in str(error.value.__cause__)


def test_an_exception_in_the_caller_kills_the_workers_at_once():
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), process_pool(2) as pool:
        pool.submit(time.sleep, 60)
        time.sleep(0.3)
        workers = _workers()
        raise KeyboardInterrupt  # what Ctrl-C does in the middle of a map
    assert time.monotonic() - start < 30
    assert all(not p.is_running() or p.status() == psutil.STATUS_ZOMBIE for p in workers)
