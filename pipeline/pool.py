"""A small process pool that survives tasks which hang or kill their worker.

Stage: ``(function, tasks) -> (key, result | TaskFailure)`` as each task ends.

``concurrent.futures.ProcessPoolExecutor`` is broken for good when one worker dies
(``BrokenProcessPool``) and cannot stop a task that runs too long. Here every worker is
a ``multiprocessing`` process with its own pipe; the parent hands out one task at a
time, keeps a deadline per task, and

- kills a worker whose task passes its deadline (``TaskFailure("timeout", ...)``);
- notices a worker that died (a segfault in a native library, an abort on a failed
  allocation, ``os._exit``) through its process sentinel (``TaskFailure("crash", ...)``);
- replaces either with a fresh worker and goes on with the other tasks.

Workers come from the ``forkserver`` start method: they do not inherit the parent's
threads, locks or open files (the output lock stays with the parent), and the modules
named in ``preload`` are imported once in the fork server so a replacement starts
quickly. ``setup`` runs once in each worker before its first task (load models and
patterns there), and a worker is replaced after ``max_tasks`` tasks so slow growth of
caches cannot add up over a long batch.

The function and its tasks are pickled by reference: pass module-level functions.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Literal, TypeVar, cast

from pipeline.errors import WorkerStartError

__all__ = ["PIPELINE_PRELOAD", "TaskFailure", "run_isolated", "start_server"]

A = TypeVar("A")
K = TypeVar("K")
R = TypeVar("R")

# What the pipeline's fork server imports once (see pipeline.warm): spaCy's blank English,
# the patterns and the gazetteer, shared copy-on-write with every worker forked from it.
PIPELINE_PRELOAD = ("pipeline.run", "pipeline.warm")

_READY = "ready"
_STOP_GRACE_S = 5.0
_START_LIMIT_S = 120.0  # a worker that is not ready by then will not be


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """A task that produced no result: it ran out of time, or its worker died."""

    kind: Literal["timeout", "crash", "error"]
    detail: str  # "SIGSEGV", "exit status 1", "ValueError: ...", "after 120 s"


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    deadline: float  # of its start while not ready, else of its task while busy
    ready: bool = False
    busy: bool = False
    key: Any = None
    done: int = 0


def _worker_main(
    conn: Connection, func: Callable[[Any], Any], setup: Callable[[], None] | None
) -> None:
    """The loop of one worker: set up, say ready, then run tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    try:
        if setup is not None:
            setup()
    except BaseException as exc:
        conn.send(("setup_error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send((_READY, None))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        try:
            conn.send(("done", func(message)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def crash_detail(exitcode: int | None) -> str:
    """How a worker ended, in words.

    >>> crash_detail(-11), crash_detail(1)
    ('SIGSEGV', 'exit status 1')
    """
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


class _Pool(Generic[K, A, R]):
    def __init__(
        self,
        func: Callable[[A], R],
        *,
        setup: Callable[[], None] | None,
        timeout_s: float,
        max_tasks: int,
        preload: tuple[str, ...],
    ) -> None:
        self.func = func
        self.setup = setup
        self.timeout_s = timeout_s
        self.max_tasks = max_tasks
        self.ctx = multiprocessing.get_context("forkserver")
        if preload:
            self.ctx.set_forkserver_preload(list(preload))
        self.workers: list[_Worker] = []

    def start_worker(self) -> None:
        parent_conn, child_conn = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(
            target=_worker_main,
            args=(child_conn, self.func, self.setup),
            name="council-metrics-worker",
            daemon=True,
        )
        process.start()
        child_conn.close()  # only the worker holds its end: EOF reaches it when we go
        self.workers.append(_Worker(process, parent_conn, time.monotonic() + _START_LIMIT_S))

    def retire(self, worker: _Worker, *, kill: bool) -> None:
        self.workers.remove(worker)
        if kill:
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        worker.process.join(0 if kill else _STOP_GRACE_S)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        worker.process.close()

    def close(self) -> None:
        for worker in list(self.workers):
            self.retire(worker, kill=worker.busy or not worker.ready)

    def dispatch(self, pending: deque[tuple[K, A]]) -> None:
        for worker in self.workers:
            if pending and worker.ready and not worker.busy:
                key, arg = pending.popleft()
                try:
                    worker.conn.send(arg)
                except OSError:  # it died while idle: its sentinel tells, the task waits
                    pending.appendleft((key, arg))
                    continue
                worker.key, worker.busy = key, True
                worker.deadline = time.monotonic() + self.timeout_s

    def wait_timeout(self) -> float | None:
        deadlines = [w.deadline for w in self.workers if w.busy or not w.ready]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def collect(self) -> list[tuple[K, R | TaskFailure]]:
        """Wait for the next events; return the tasks that ended."""
        handles: list[Any] = [w.conn for w in self.workers]
        handles += [w.process.sentinel for w in self.workers]
        ready = set(wait(handles, timeout=self.wait_timeout()))
        ended: list[tuple[K, R | TaskFailure]] = []
        for worker in list(self.workers):
            outcome = self._check(worker, ready)
            if outcome is not None:
                ended.append(outcome)
        return ended

    def _check(self, worker: _Worker, ready: set[Any]) -> tuple[K, R | TaskFailure] | None:
        if worker.conn in ready:
            try:
                kind, value = worker.conn.recv()
            except (EOFError, OSError):
                return self._lost(worker)
            if kind == _READY:
                worker.ready = True
                return None
            if kind == "setup_error":
                raise WorkerStartError(f"a worker process could not start: {value}")
            key = worker.key
            worker.key, worker.busy = None, False
            worker.done += 1
            if worker.done >= self.max_tasks:
                self.retire(worker, kill=False)
                self.start_worker()
            result: R | TaskFailure = value if kind == "done" else TaskFailure("error", value)
            return cast(K, key), result
        if worker.process.sentinel in ready:
            return self._lost(worker)
        if time.monotonic() < worker.deadline:
            return None
        if not worker.ready:
            raise WorkerStartError(f"a worker process did not start within {_START_LIMIT_S:g} s")
        if worker.busy:
            key = worker.key
            self.retire(worker, kill=True)
            self.start_worker()
            return cast(K, key), TaskFailure("timeout", f"after {self.timeout_s:g} s")
        return None

    def _lost(self, worker: _Worker) -> tuple[K, R | TaskFailure] | None:
        worker.process.join(_STOP_GRACE_S)
        detail = crash_detail(worker.process.exitcode)
        busy, key, was_ready = worker.busy, worker.key, worker.ready
        self.retire(worker, kill=True)
        if not was_ready:
            raise WorkerStartError(f"a worker process died while starting ({detail})")
        self.start_worker()
        return (cast(K, key), TaskFailure("crash", detail)) if busy else None


def start_server(preload: tuple[str, ...]) -> None:
    """Start the fork server now (if it is not running), importing ``preload``.

    The server's imports (spaCy, the patterns) take a second or two; started early, they
    overlap the caller's own preparation (finding and hashing files) instead of delaying
    the first worker. ``run_isolated`` uses a running server as it is.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(preload))
    forkserver.ensure_running()


def run_isolated(
    func: Callable[[A], R],
    tasks: Iterable[tuple[K, A]],
    *,
    workers: int,
    timeout_s: float,
    setup: Callable[[], None] | None = None,
    max_tasks: int = 1000,
    preload: tuple[str, ...] = (),
) -> Generator[tuple[K, R | TaskFailure], None, None]:
    """Run ``func(arg)`` for each ``(key, arg)`` in ``workers`` processes.

    Yields ``(key, result)`` in the order tasks end, or ``(key, TaskFailure)`` for a
    task that timed out (``timeout_s`` from its start), whose worker died, or that
    raised. Closing the iterator early (``break``) stops every worker. Raises
    ``WorkerStartError`` when a worker cannot get through ``setup``.
    """
    pending = deque(tasks)
    pool: _Pool[K, A, R] = _Pool(
        func, setup=setup, timeout_s=timeout_s, max_tasks=max(1, max_tasks), preload=preload
    )
    try:
        for _ in range(min(max(1, workers), len(pending))):
            pool.start_worker()
        while pending or any(w.busy for w in pool.workers):
            pool.dispatch(pending)
            yield from pool.collect()
    finally:
        pool.close()
