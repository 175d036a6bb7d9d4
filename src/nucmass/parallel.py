"""The one process pool: spawned worker processes, one thread each.

On a small CPU, one process per core with one XLA/BLAS thread each beats threads (see
DESIGN.md): every caller that fans work out to processes (ensemble members in
:func:`nucmass.fit`, validation grids, the local sweep executor) goes through
:func:`process_pool` or :func:`map_in_processes`.

Workers are spawned (not forked: JAX is not fork-safe) with ``SINGLE_THREAD_ENV`` in
their environment, so the limit holds before the child imports JAX or numpy. The pool is a
:class:`nucmass.workerpool.WorkerPool`: a worker that dies fails only the call it was
running (:class:`~nucmass.workerpool.WorkerDied`) and is replaced; workers exit when their
parent dies (even by SIGKILL) and leave Ctrl-C to it.
"""

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import as_completed

from nucmass.workerpool import WorkerDied, WorkerPool

__all__ = [
    "SINGLE_THREAD_ENV",
    "WorkerDied",
    "WorkerPool",
    "limit_threads",
    "map_in_processes",
    "process_pool",
]

# One thread per worker process (XLA's flags are appended to any the user set).
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
}


def _single_thread_values(environ) -> dict:
    values = dict(SINGLE_THREAD_ENV)
    current = environ.get("XLA_FLAGS", "")
    if current and values["XLA_FLAGS"] not in current:
        values["XLA_FLAGS"] = f"{current} {values['XLA_FLAGS']}"
    elif current:
        values["XLA_FLAGS"] = current
    return values


def limit_threads() -> None:
    """Put ``SINGLE_THREAD_ENV`` into this process's environment.

    Effective for JAX when called before JAX is imported (worker initializers).
    """
    os.environ.update(_single_thread_values(os.environ))


@contextlib.contextmanager
def _single_thread_children() -> Iterator[None]:
    """Processes spawned inside the block inherit ``SINGLE_THREAD_ENV``."""
    saved = {key: os.environ.get(key) for key in SINGLE_THREAD_ENV}
    os.environ.update(_single_thread_values(os.environ))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[WorkerPool]:
    """A pool of ``workers`` spawned single-thread processes, shut down on exit.

    On an exception (Ctrl-C included) queued work is cancelled and the workers are killed
    at once (:meth:`WorkerPool.terminate`).
    """
    with _single_thread_children():
        pool = WorkerPool(workers, initializer=limit_threads)
        try:
            yield pool
        except BaseException:
            pool.terminate()
            raise
        pool.shutdown(wait=True)


def map_in_processes(
    function: Callable,
    argument_lists: Sequence[tuple],
    workers: int,
    on_result: "Callable[[int, object], None] | None" = None,
) -> list:
    """``[function(*args) for args in argument_lists]``, in up to ``workers`` processes.

    Parameters
    ----------
    function : callable
        A module-level (picklable) function.
    argument_lists : sequence of tuples
        The positional arguments of each call.
    workers : int
        Processes; with 1 (or a single call) everything runs in this process.
    on_result : callable, optional
        ``on_result(index, result)`` as each call finishes (in completion order).

    Returns
    -------
    list
        The results in the order of ``argument_lists``.
    """
    if workers <= 1 or len(argument_lists) <= 1:
        results = []
        for index, arguments in enumerate(argument_lists):
            results.append(function(*arguments))
            if on_result is not None:
                on_result(index, results[-1])
        return results
    results = [None] * len(argument_lists)
    with process_pool(min(workers, len(argument_lists))) as pool:
        futures = {pool.submit(function, *a): k for k, a in enumerate(argument_lists)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            if on_result is not None:
                on_result(index, results[index])
    return results
