"""What a worker process does with one app: audit it and return its result line, ready to write.

Rules are compiled once per process and choice of packs (``load_rules`` keeps them): ``prepare``
compiles those of the markets and stores the command line names, which an app shares unless its
privacy-audit.yaml adds markets of its own (their packs are then compiled on its first app).
``prepare`` compiles the lexicons of every supported language as well. Every app then goes
through the public ``privacy_audit.audit``, so whatever inputs it reads (manifests, APKs,
policies) and whatever packs its markets call for, a batch reads and runs too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from privacy_audit.api import AuditOptions, audit, choose_rules
from privacy_audit.batch.apps import BatchApp
from privacy_audit.batch.inputs import input_hashes, read_app
from privacy_audit.batch.line import active_by_severity, encode, error_kind, error_line, ok_line
from privacy_audit.errors import PrivacyAuditError
from privacy_audit.readers.policy import prepare_lexicons


@dataclass(frozen=True, slots=True)
class Task:
    app: BatchApp
    # The app's input hashes when a results file last recorded it: unchanged inputs are skipped.
    previous: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    app_id: str
    status: str  # "ok", "error" or "skipped"
    line: bytes | None
    active: dict[str, int] | None = None  # findings that fail the app, by severity


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What every app of a batch shares: the audit options and the folder app paths are under."""

    options: AuditOptions
    root: str


_job: BatchJob | None = None


def prepare(job: BatchJob) -> BatchJob:
    """Check the options and compile the rules an app with no markets of its own runs (as
    ``audit`` chooses them: core, the packs of the markets and stores named, every pack with
    --all-packs, and the user's), so that a bad rule stops the batch before it starts;
    ``load_rules`` keeps them for the apps, each of which may add the packs of the markets in its
    own privacy-audit.yaml. The lexicons are compiled too: a worker forked after this shares
    them, where each would otherwise compile its own (one per thousand apps)."""
    global _job
    options = job.options
    options.check()
    choose_rules(options, options.jurisdictions, options.stores)
    prepare_lexicons(tuple(Path(d) for d in options.rule_dirs))
    _job = job
    return _job


def audit_app(task: Task) -> Outcome:
    assert _job is not None, "prepare() runs first in every worker"
    app, start = task.app, time.perf_counter()

    def elapsed() -> float:
        return (time.perf_counter() - start) * 1000

    hashes: dict[str, str] = {}
    try:
        found = read_app(app, _job.options.max_file_bytes)
        hashes = input_hashes(found, _job.root)
        if task.previous is not None and task.previous == hashes:
            return Outcome(app.id, "skipped", None)
        report = audit(app.paths, app.policies, _job.options, found)
    except PrivacyAuditError as exc:
        return Outcome(app.id, "error", encode(error_line(app.id, error_kind(exc), str(exc), hashes, elapsed())))
    except Exception as exc:  # noqa: BLE001 - one app's bug must not stop the batch
        message = f"internal error: {type(exc).__name__}: {exc} (please report it)"
        return Outcome(app.id, "error", encode(error_line(app.id, "internal", message, hashes, elapsed())))
    line = ok_line(report, app.id, hashes, elapsed())
    return Outcome(app.id, "ok", encode(line), active_by_severity(line))
