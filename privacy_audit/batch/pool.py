"""Worker processes that each run one task at a time, with a time limit per task.

Unlike ``multiprocessing.Pool``, losing a worker costs only the task it held: the parent knows
which task each worker runs, so a worker that dies (a crash, the out-of-memory killer) or
overruns the time limit (killed by the parent, whatever code it was stuck in) turns that one
task into a ``Failure`` and is replaced. Results come back to the parent, which alone writes.
At most one task per worker is in flight, and a worker is replaced after ``tasks_per_worker``
tasks (as ``maxtasksperchild`` does), so memory does not grow with the number of tasks even where
a library caches or fragments memory for good.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar, cast

from privacy_audit.errors import PrivacyAuditError

T = TypeVar("T")
R = TypeVar("R")
_READY, _FAILED, _DONE = "ready", "failed", "done"
_NO_MORE = object()


@dataclass(frozen=True, slots=True)
class Failure:
    """A task whose worker died or ran out of time."""

    kind: str  # "crash" or "timeout"
    message: str
    seconds: float  # how long the task ran before it was lost


def _context() -> Any:
    # fork starts a worker in milliseconds with what the parent's initializer prepared (a batch's
    # compiled rules, which the worker's own run of the initializer then finds cached); elsewhere
    # (macOS, Windows) fork is unsafe or missing and each worker prepares from nothing.
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


def _serve(conn: Connection, initializer: Callable[[Any], Any], initarg: Any, function: Callable[[Any], Any]) -> None:
    # Ctrl-C (and a kill of the process group) reaches every process: the parent alone decides
    # what it means, and stops the workers itself, so that no app is recorded as crashed by it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        try:
            initializer(initarg)
        except Exception as exc:  # noqa: BLE001 - reported by the parent as one line
            conn.send((_FAILED, str(exc)))
            return
        conn.send((_READY, None))
        while (task := conn.recv()) is not None:
            conn.send((_DONE, function(task)))
    except (EOFError, OSError):
        return  # the parent has gone: nobody is left to report to


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process auditing it was killed ({name})"
    return f"the worker process auditing it exited unexpectedly (exit code {exitcode})"


class _Worker(Generic[T]):
    def __init__(self, context: Any, target: tuple[Any, ...]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, *target), daemon=True)
        # A forked worker shares the parent's objects (the list of apps, the modules) until its
        # garbage collector writes into their headers and so copies every page. Frozen when the
        # worker is forked, they stay shared there (the gc.freeze recipe); the parent unfreezes
        # at once, so that its own garbage is collected as before.
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        child.close()
        self.ready = False
        self.task: T | None = None
        self.started = 0.0
        self.deadline = 0.0
        self.completed = 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool(Generic[T, R]):
    """``jobs`` processes running ``function(task)`` after ``initializer(initarg)``."""

    def __init__(
        self,
        jobs: int,
        initializer: Callable[[Any], Any],
        initarg: Any,
        function: Callable[[T], R],
        time_limit: float | None = None,
        tasks_per_worker: int = 1000,
    ) -> None:
        self.jobs = max(1, jobs)
        self.time_limit = time_limit
        self.tasks_per_worker = tasks_per_worker
        self._context = _context()
        self._target = (initializer, initarg, function)
        self._workers: list[_Worker[T]] = []

    def run(self, tasks: Iterable[T]) -> Iterator[tuple[T, R | Failure]]:
        """Each task with its result or Failure, in the order they finish."""
        pending = iter(tasks)
        exhausted = False
        try:
            self._workers = [self._start() for _ in range(self.jobs)]
            while True:
                for worker in self._workers:
                    if worker.ready and worker.task is None and not exhausted:
                        task = next(pending, _NO_MORE)
                        if task is _NO_MORE:
                            exhausted = True
                        else:
                            self._give(worker, task)  # type: ignore[arg-type]
                busy = [w for w in self._workers if w.task is not None]
                if exhausted and not busy:
                    return
                yield from self._collect(busy)
        finally:
            self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def _start(self) -> _Worker[T]:
        return _Worker(self._context, self._target)

    def _give(self, worker: _Worker[T], task: T) -> None:
        worker.task = task
        worker.started = time.monotonic()
        worker.deadline = worker.started + self.time_limit if self.time_limit else float("inf")
        worker.conn.send(task)

    def _replace(self, worker: _Worker[T]) -> None:
        worker.stop()
        self._workers[self._workers.index(worker)] = self._start()

    def _collect(self, busy: list[_Worker[T]]) -> Iterator[tuple[T, R | Failure]]:
        """Wait for messages, deaths or the first deadline, and yield the tasks they end."""
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else None
        waiting = {w.conn: w for w in self._workers} | {w.process.sentinel: w for w in self._workers}
        signalled = {waiting[r] for r in wait(list(waiting), None if timeout == float("inf") else timeout)}
        for worker in signalled:
            task = worker.task
            try:
                kind, payload = worker.conn.recv() if worker.conn.poll() else (None, None)
            except (EOFError, OSError):
                kind, payload = None, None
            if kind == _DONE and task is not None:
                worker.task = None
                worker.completed += 1
                if worker.completed >= self.tasks_per_worker:
                    self._replace(worker)
                yield task, cast(R, payload)
            elif kind == _READY:
                worker.ready = True
            elif kind == _FAILED:
                raise PrivacyAuditError(f"a worker process could not start: {payload}")
            elif not worker.process.is_alive():
                self._replace(worker)
                if not worker.ready:
                    raise PrivacyAuditError(f"a worker process could not start: {_death(worker.process.exitcode)}")
                if task is not None:
                    yield task, Failure("crash", _death(worker.process.exitcode), time.monotonic() - worker.started)
        now = time.monotonic()
        for worker in busy:
            if worker.task is not None and worker in self._workers and now >= worker.deadline:
                task = worker.task
                self._replace(worker)
                message = f"took longer than the {self.time_limit:g} s limit per app (raise it with --time-limit)"
                yield task, Failure("timeout", message, now - worker.started)
