"""A whole batch: the apps of a folder or list -> worker processes -> one line each, appended.

Re-running with the same results file resumes: an app whose last line was written for the same
input files (same paths, same sha256) is skipped, any other is audited and its line appended.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from privacy_audit.api import AuditOptions
from privacy_audit.batch.apps import BatchSource
from privacy_audit.batch.inputs import input_hashes, read_app
from privacy_audit.batch.line import encode, error_line, is_failing
from privacy_audit.batch.pool import Failure, WorkerPool
from privacy_audit.batch.progress import Progress
from privacy_audit.batch.results import (
    DoneApp,
    PreviousRun,
    ResultsWriter,
    previous_run,
)
from privacy_audit.batch.worker import BatchJob, Outcome, Task, audit_app, prepare
from privacy_audit.errors import PrivacyAuditError

EXIT_INTERRUPTED = 130


@dataclass(slots=True)
class BatchResult:
    """What a run did, and the state of every app of the batch after it."""

    apps: int
    fail_on: str
    audited: int = 0
    errors: int = 0
    skipped: int = 0
    # Over every app of the batch, by its last line (this run's or an earlier one's):
    failing_apps: int = 0
    error_apps: int = 0
    interrupted: bool = False

    def exit_code(self) -> int:
        """As ``scan`` would exit on the worst app: 2 when one could not be audited, 1 when
        one has findings at or above --fail-on, else 0; 130 when interrupted."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.error_apps:
            return 2
        return 1 if self.failing_apps else 0

    def count(self, status: str, active: dict[str, int] | None) -> None:
        if status == "error":
            self.error_apps += 1
        elif active and is_failing(active, self.fail_on):
            self.failing_apps += 1


def default_jobs() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _tasks(source: BatchSource, done: dict[str, DoneApp], retry_errors: bool) -> Iterator[Task]:
    for app in source.apps:
        previous = done.get(app.id)
        if previous is None or (retry_errors and previous.status == "error"):
            yield Task(app)
        else:
            yield Task(app, previous.hashes)


def _failure_outcome(task: Task, failure: Failure, job: BatchJob) -> Outcome:
    try:
        hashes = input_hashes(read_app(task.app, job.options.max_file_bytes), job.root)
    except PrivacyAuditError:
        hashes = {}
    line = error_line(task.app.id, failure.kind, failure.message, hashes, failure.seconds * 1000)
    return Outcome(task.app.id, "error", encode(line))


class _TermAsInterrupt:
    """While the batch runs, ``kill`` (SIGTERM) stops it as Ctrl-C does: workers stopped, the
    results file whole."""

    def __enter__(self) -> None:
        self._previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, signal.default_int_handler)

    def __exit__(self, *_: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def run_batch(
    source: BatchSource,
    output: str,
    options: AuditOptions,
    jobs: int,
    time_limit: float | None = None,
    retry_errors: bool = False,
    progress: Progress | None = None,
    previous: PreviousRun | None = None,
) -> BatchResult:
    """Audit every app of ``source`` not already done in ``output`` (as ``previous`` read it),
    appending a line each."""
    job = BatchJob(options, source.root)
    prepare(job)  # a bad option or rule stops the batch here, before any worker starts
    result = BatchResult(apps=len(source.apps), fail_on=options.fail_on)
    previous = previous or previous_run(output)
    done = previous.done
    keep_bytes = previous.complete_bytes if previous.partial_bytes else None
    pool: WorkerPool[Task, Outcome] = WorkerPool(min(jobs, max(1, len(source.apps))), prepare, job, audit_app, time_limit)
    with ResultsWriter(output, keep_bytes) as writer, _TermAsInterrupt():
        try:
            for task, outcome in pool.run(_tasks(source, done, retry_errors)):
                if isinstance(outcome, Failure):
                    outcome = _failure_outcome(task, outcome, job)
                if outcome.line is not None:
                    writer.write(outcome.line)
                if outcome.status == "skipped":
                    result.skipped += 1
                    earlier = done[task.app.id]
                    result.count(earlier.status, earlier.active)
                else:
                    result.audited += outcome.status == "ok"
                    result.errors += outcome.status == "error"
                    result.count(outcome.status, outcome.active)
                if progress:
                    progress.advance(outcome.status)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            if progress:
                progress.finish()
    return result
