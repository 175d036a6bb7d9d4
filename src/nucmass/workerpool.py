"""Worker processes that fail alone: the engine behind :func:`nucmass.parallel.process_pool`.

``WorkerPool`` is a :class:`concurrent.futures.Executor` over spawned processes, each
with its own pipe, so the pool always knows which call each worker runs:

- a worker that dies (killed, out of memory, ``os._exit``) fails only the future of the
  call it was running, with :class:`WorkerDied`, and is replaced; the other workers and
  the queued calls are untouched (``ProcessPoolExecutor`` instead breaks and fails every
  pending call);
- a worker whose parent dies (even by SIGKILL) exits within ``WATCH_SECONDS``: it never
  outlives the process that started it;
- workers ignore SIGINT: Ctrl-C is the parent's to handle (:meth:`WorkerPool.terminate`).
"""

import collections
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from multiprocessing.connection import wait

__all__ = ["WATCH_SECONDS", "RemoteTraceback", "WorkerDied", "WorkerPool"]

WATCH_SECONDS = 0.5  # how often a worker checks that its parent is alive


class WorkerDied(RuntimeError):
    """The worker process running the call died before returning a result."""


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker (set as its ``__cause__``)."""

    def __str__(self) -> str:
        return self.args[0]


def _watch_parent(parent_pid: int) -> None:
    """Exit this process as soon as its parent is gone (it was re-parented)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="nucmass-watch-parent", daemon=True).start()


def _reply(message: bytes) -> tuple:
    """(True, result) or (False, error, traceback text) of the pickled call ``message``."""
    try:
        function, args, kwargs = pickle.loads(message)
        return True, function(*args, **kwargs)
    except BaseException as error:  # everything goes back to the caller, KeyboardInterrupt too
        return False, error, "".join(traceback.format_exception(error))


def _serve(connection, parent_pid: int, initializer) -> None:
    """Worker main loop: run the calls received on ``connection`` until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent_pid)
    if initializer is not None:
        initializer()
    while True:
        try:
            message = connection.recv_bytes()
        except (EOFError, OSError):
            return
        if not message:
            return
        reply = _reply(message)
        try:
            connection.send(reply)
        except Exception as error:  # an unpicklable result or error
            text = f"{type(error).__name__}: {error}"
            connection.send((False, RuntimeError(f"cannot send the result back: {text}"), ""))


@dataclass
class _Call:
    future: Future
    function: object
    args: tuple
    kwargs: dict


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: object
    call: "_Call | None" = field(default=None)


def _death(process) -> str:
    """'exit code 3' or 'killed by SIGKILL' for a finished process."""
    code = process.exitcode
    if code is not None and code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


class WorkerPool(Executor):
    """``workers`` spawned processes running submitted calls (see the module docstring).

    Parameters
    ----------
    workers : int
        Number of processes, started at once and replaced when one dies.
    initializer : callable, optional
        Called in each worker before its first call (module-level, picklable).
    """

    def __init__(self, workers: int, initializer=None):
        self._context = multiprocessing.get_context("spawn")
        self._initializer = initializer
        self._queue: collections.deque[_Call] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = False
        self._wake_reader, self._wake_writer = self._context.Pipe(duplex=False)
        self._workers = [self._spawn() for _ in range(workers)]
        self._thread = threading.Thread(target=self._manage, name="nucmass-pool", daemon=True)
        self._thread.start()

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        args = (child, os.getpid(), self._initializer)
        process = self._context.Process(target=_serve, args=args, name="nucmass-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _wake(self) -> None:
        with self._lock:
            try:
                self._wake_writer.send_bytes(b"!")
            except OSError:  # the manager has already finished
                pass

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Queue ``fn(*args, **kwargs)``; its future fails with ``WorkerDied`` if the worker
        running it dies."""
        with self._lock:
            if self._stopping:
                raise RuntimeError("cannot submit to a pool that is shut down")
            future = Future()
            self._queue.append(_Call(future, fn, args, kwargs))
        self._wake()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop once the queued calls are done (cancelled with ``cancel_futures``)."""
        with self._lock:
            self._stopping = True
            while cancel_futures and self._queue:
                self._queue.popleft().future.cancel()
        self._wake()
        if wait:
            self._thread.join()

    def terminate(self) -> None:
        """Stop now: cancel the queued calls and kill the workers (their calls fail)."""
        self.shutdown(wait=False, cancel_futures=True)
        for worker in list(self._workers):
            worker.process.kill()
        self._thread.join()

    def _manage(self) -> None:
        """The manager thread: hand out calls, collect results, replace dead workers."""
        try:
            while self._dispatch():
                busy = [w for w in self._workers if w.call is not None]
                ready = wait([self._wake_reader, *(w.connection for w in busy),
                              *(w.process.sentinel for w in self._workers)])  # fmt: skip
                while self._wake_reader.poll():
                    self._wake_reader.recv_bytes()
                for worker in list(self._workers):
                    if worker.call is not None and worker.connection in ready:
                        self._receive(worker)
                    elif worker.process.sentinel in ready:
                        self._bury(worker)
        finally:
            self._finish()

    def _next_call(self) -> "_Call | None":
        with self._lock:
            while self._queue:
                call = self._queue.popleft()
                if call.future.set_running_or_notify_cancel():
                    return call
        return None

    def _dispatch(self) -> bool:
        """Give queued calls to idle workers; False when the pool may stop."""
        for worker in [w for w in self._workers if w.call is None]:
            call = self._next_call()
            if call is None:
                break
            try:
                message = pickle.dumps((call.function, call.args, call.kwargs))
            except Exception as error:
                call.future.set_exception(error)
                continue
            worker.call = call
            try:
                worker.connection.send_bytes(message)
            except OSError:  # the worker died; its sentinel reports it
                pass
        with self._lock:
            idle = not self._queue and all(w.call is None for w in self._workers)
            return not (self._stopping and idle)

    def _receive(self, worker: _Worker) -> None:
        try:
            reply = worker.connection.recv()
        except (EOFError, OSError):
            self._bury(worker)
            return
        call, worker.call = worker.call, None
        if reply[0]:
            call.future.set_result(reply[1])
            return
        error = reply[1]
        if reply[2]:
            error.__cause__ = RemoteTraceback(f'\n"""\n{reply[2]}"""')
        call.future.set_exception(error)

    def _bury(self, worker: _Worker) -> None:
        """Fail the dead worker's call with ``WorkerDied`` and start a replacement."""
        worker.process.join()
        worker.connection.close()
        self._workers.remove(worker)
        if worker.call is not None:
            message = f"worker process {worker.process.pid} died ({_death(worker.process)})"
            worker.call.future.set_exception(WorkerDied(message))
        if not self._stopping:
            self._workers.append(self._spawn())

    def _finish(self) -> None:
        """Stop the workers (asked politely, killed after a second) and close the pipes."""
        for worker in self._workers:
            try:
                worker.connection.send_bytes(b"")
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
            if worker.call is not None and not worker.call.future.done():
                worker.call.future.set_exception(WorkerDied("the pool was terminated"))
        with self._lock:
            self._stopping = True
            for call in self._queue:
                if call.future.set_running_or_notify_cancel():
                    call.future.set_exception(RuntimeError("the worker pool stopped"))
            self._queue.clear()
            self._wake_reader.close()
            self._wake_writer.close()
