"""Executors: where cells run. One interface, two engines.

- ``LocalExecutor``: a pool of spawned worker processes on this machine (the default);
- ``DaskExecutor``: ``dask.distributed``; connects to a running scheduler by address, or
  starts a ``LocalCluster`` of single-threaded worker processes when none is given.

Workers run ``nucmass.runs.runners.execute_cell`` and return its ``CellOutcome``; they
never touch the registry. Each worker runs one cell at a time with one thread
(``nucmass.parallel.SINGLE_THREAD_ENV``; the local pool is ``nucmass.parallel``'s).
``Executor.run`` keeps ``IN_FLIGHT_PER_SLOT`` cells per worker thread in flight and yields
outcomes as they complete. A dead worker costs only its own cell: on the local pool the
other workers and their cells are untouched (``nucmass.parallel``), and the cell is run
again up to ``MAX_ATTEMPTS`` times in all before it is recorded failed with the cause;
Dask retries a cell whose worker died on other workers itself (``KilledWorker`` after its
``allowed-failures``). On an exception (Ctrl-C) the executor stops its workers at once.
"""

import collections
import concurrent.futures
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from nucmass.errors import NucmassError
from nucmass.limits import MAX_WORKERS
from nucmass.parallel import SINGLE_THREAD_ENV, WorkerDied, process_pool
from nucmass.runs.runners import CellOutcome, CellTask, execute_cell

__all__ = [
    "EXECUTORS",
    "MAX_ATTEMPTS",
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "make_executor",
]

EXECUTORS = ("local", "dask")
IN_FLIGHT_PER_SLOT = 2  # cells queued per worker thread, so workers never wait for work
MAX_ATTEMPTS = 3  # runs of a cell whose worker keeps dying, before it is recorded failed
# Dask settings of LocalCluster workers: no statistical profiler sampling the cell's thread
# every 10 ms (Dask/local throughput 0.81-0.92 with it, 0.95 without; BENCHMARKS.md).
QUIET_WORKERS = {"distributed.worker.profile.enabled": False}


class Executor:
    """Base class: subclasses provide ``slots``, ``_submit``, ``_wait`` and ``close``."""

    def slots(self) -> int:
        """Number of cells that can run at the same time."""
        raise NotImplementedError

    def close(self, abort: bool = False) -> None:
        """Release the workers; ``abort`` stops them without waiting for their cells."""
        raise NotImplementedError

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, kind, value, trace) -> None:
        self.close(abort=kind is not None)

    def run(
        self, tasks: Iterable[CellTask], on_submit: Callable[[CellTask], None]
    ) -> Iterator[tuple[CellTask, CellOutcome]]:
        """Run ``tasks``, calling ``on_submit`` before each is handed out; yield outcomes.

        A cell whose worker died is handed out again (``MAX_ATTEMPTS`` runs in all).
        """
        queue, in_flight, deaths = list(tasks)[::-1], {}, collections.Counter()
        while queue or in_flight:
            while queue and len(in_flight) < IN_FLIGHT_PER_SLOT * max(self.slots(), 1):
                task = queue.pop()
                on_submit(task)
                in_flight[self._submit(task)] = task
            for future in self._wait(list(in_flight)):
                task = in_flight.pop(future)
                outcome, died = _outcome(future, task, deaths[task.cell_hash] + 1)
                deaths[task.cell_hash] += died
                if died and deaths[task.cell_hash] < MAX_ATTEMPTS:
                    shutil.rmtree(task.out_dir, ignore_errors=True)
                    queue.append(task)
                else:
                    yield task, outcome

    def _submit(self, task: CellTask):
        raise NotImplementedError

    def _wait(self, futures: list) -> list:
        raise NotImplementedError


def _outcome(future, task: CellTask, attempt: int) -> tuple[CellOutcome, bool]:
    """(the future's outcome or a failed one if the worker failed, whether it died)."""
    try:
        return future.result(), False
    except Exception as error:
        now, died = time.time(), isinstance(error, WorkerDied)
        message = f"worker failed: {type(error).__name__}: {error}"
        if died:
            message = f"worker died on each of {attempt} attempts; the last: {error}"
        return CellOutcome(task.cell_hash, "failed", now, now, 0.0, "?", message), died


class LocalExecutor(Executor):
    """``workers`` spawned processes on this machine, one thread each."""

    def __init__(self, workers: int = 1):
        if not 1 <= workers <= MAX_WORKERS:
            raise NucmassError(f"the number of workers must be between 1 and {MAX_WORKERS}")
        self.workers = workers
        self._context = process_pool(workers)
        self._pool = self._context.__enter__()

    def slots(self) -> int:
        return self.workers

    def _submit(self, task: CellTask):
        return self._pool.submit(execute_cell, task)

    def _wait(self, futures: list) -> list:
        done, _ = concurrent.futures.wait(futures, return_when="FIRST_COMPLETED")
        return list(done)

    def close(self, abort: bool = False) -> None:
        if abort:
            self._pool.terminate()
        self._context.__exit__(None, None, None)


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

    def close(self, abort: bool = False) -> None:
        """Closing the client releases its cells (running ones too) either way."""
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
