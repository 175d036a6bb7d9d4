"""Executors: where cells run. One interface, two engines.

- ``LocalExecutor``: a pool of spawned worker processes on this machine (the default);
- ``DaskExecutor``: ``dask.distributed``; connects to a running scheduler by address, or
  starts a ``LocalCluster`` of single-threaded worker processes when none is given.

Workers run ``nucmass.runs.runners.execute_cell`` and return its ``CellOutcome``; they
never touch the registry. Each worker runs one cell at a time with one thread
(``nucmass.parallel.SINGLE_THREAD_ENV``; the local pool is ``nucmass.parallel``'s).
``Executor.run`` keeps ``IN_FLIGHT_PER_SLOT`` cells per worker thread in flight and yields
outcomes as they complete. A cell whose worker died comes back as a failed outcome: Dask
first retries it on other workers; a dead process breaks the local pool, so every cell in
flight at that moment is recorded failed (rerun them with ``--retry-failed``) and the pool
is replaced.
"""

import concurrent.futures
import concurrent.futures.process
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from nucmass.errors import NucmassError
from nucmass.parallel import SINGLE_THREAD_ENV, process_pool
from nucmass.runs.runners import CellOutcome, CellTask, execute_cell

__all__ = ["EXECUTORS", "DaskExecutor", "Executor", "LocalExecutor", "make_executor"]

EXECUTORS = ("local", "dask")
IN_FLIGHT_PER_SLOT = 2  # cells queued per worker thread, so workers never wait for work
# Dask settings of LocalCluster workers: no statistical profiler sampling the cell's thread
# every 10 ms (Dask/local throughput 0.81-0.92 with it, 0.95 without; BENCHMARKS.md).
QUIET_WORKERS = {"distributed.worker.profile.enabled": False}


class Executor:
    """Base class: subclasses provide ``slots``, ``_submit``, ``_wait`` and ``close``."""

    def slots(self) -> int:
        """Number of cells that can run at the same time."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(
        self, tasks: Iterable[CellTask], on_submit: Callable[[CellTask], None]
    ) -> Iterator[tuple[CellTask, CellOutcome]]:
        """Run ``tasks``, calling ``on_submit`` before each is handed out; yield outcomes."""
        queue, in_flight = list(tasks)[::-1], {}
        while queue or in_flight:
            while queue and len(in_flight) < IN_FLIGHT_PER_SLOT * max(self.slots(), 1):
                task = queue.pop()
                on_submit(task)
                in_flight[self._submit(task)] = task
            for future in self._wait(list(in_flight)):
                task = in_flight.pop(future)
                yield task, _outcome(future, task)

    def _submit(self, task: CellTask):
        raise NotImplementedError

    def _wait(self, futures: list) -> list:
        raise NotImplementedError


def _outcome(future, task: CellTask) -> CellOutcome:
    """The future's outcome, or a failed one if the worker itself failed."""
    try:
        return future.result()
    except Exception as error:
        now = time.time()
        message = f"worker failed: {type(error).__name__}: {error}"
        return CellOutcome(task.cell_hash, "failed", now, now, 0.0, "?", message)


class LocalExecutor(Executor):
    """``workers`` spawned processes on this machine, one thread each."""

    def __init__(self, workers: int = 1):
        if workers < 1:
            raise NucmassError("the number of workers must be >= 1")
        self.workers = workers
        self._pools = contextlib.ExitStack()
        self._pool = self._new_pool()

    def _new_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        return self._pools.enter_context(process_pool(self.workers))

    def slots(self) -> int:
        return self.workers

    def _submit(self, task: CellTask):
        """Submit to the pool; a pool broken by a dead worker is replaced first."""
        try:
            return self._pool.submit(execute_cell, task)
        except concurrent.futures.process.BrokenProcessPool:
            self._pool.shutdown(wait=False)
            self._pool = self._new_pool()
            return self._pool.submit(execute_cell, task)

    def _wait(self, futures: list) -> list:
        done, _ = concurrent.futures.wait(futures, return_when="FIRST_COMPLETED")
        return list(done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pools.close()


class DaskExecutor(Executor):
    """Cells on a Dask cluster: ``address`` of a running scheduler, or a LocalCluster.

    ``timeout`` (s) bounds the wait for the scheduler. The workers of a remote cluster
    must see the sweep's output directory (a shared file system).
    """

    def __init__(self, address: "str | None" = None, workers: int = 1, timeout: float = 30.0):
        import dask
        from distributed import Client

        self._cluster = None
        if address is None:
            with dask.config.set(QUIET_WORKERS):
                self._cluster = self._local_cluster(workers)
        try:
            self._client = Client(address or self._cluster, timeout=timeout)
        except OSError as error:
            raise NucmassError(f"cannot reach the Dask scheduler at {address}: {error}") from None

    @staticmethod
    def _local_cluster(workers: int):
        """``workers`` single-threaded worker processes on this machine."""
        from distributed import LocalCluster

        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, env=dict(SINGLE_THREAD_ENV),
            dashboard_address=":0", silence_logs=logging.ERROR,
        )  # fmt: skip

    def slots(self) -> int:
        return sum(self._client.nthreads().values())

    def _submit(self, task: CellTask):
        key = f"cell-{task.cell_hash[:12]}-{uuid.uuid4().hex[:8]}"
        return self._client.submit(execute_cell, task, pure=False, key=key)

    def _wait(self, futures: list) -> list:
        from distributed import wait

        return list(wait(futures, return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(name: str = "local", workers: int = 1, address: "str | None" = None):
    """The executor ``name`` (local or dask) with ``workers`` processes or at ``address``."""
    if name == "local":
        if address is not None:
            raise NucmassError("--scheduler is only for the dask executor")
        return LocalExecutor(workers)
    if name == "dask":
        return DaskExecutor(address, workers)
    raise NucmassError(f"unknown executor {name!r}; choose from {', '.join(EXECUTORS)}")
