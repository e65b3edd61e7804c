"""The result line of one app, as ``privacy-audit schema batch-line`` describes it.

An ``ok`` line is the app's JSON report with a ``batch`` member; an ``error`` line has only
``tool`` and ``batch``, so it never claims findings. Lines are compact JSON, one per app, each
ending in a newline: a line without one was cut short by an interrupted run.
"""

from __future__ import annotations

import json
from typing import Any

from privacy_audit import __version__
from privacy_audit.errors import InputError, PrivacyAuditError, RuleError, UsageError
from privacy_audit.model import SEVERITIES, Report, at_or_above

LINE_VERSION = "1.0"
TOOL = {"name": "privacy-audit", "version": __version__}
ERROR_KINDS = {InputError: "input", RuleError: "rule", UsageError: "usage"}


def _batch(app_id: str, status: str, hashes: dict[str, str], elapsed_ms: float) -> dict[str, Any]:
    return {
        "version": LINE_VERSION,
        "app": app_id,
        "status": status,
        "input_hashes": hashes,
        "elapsed_ms": round(elapsed_ms, 1),
    }


def ok_line(report: Report, app_id: str, hashes: dict[str, str], elapsed_ms: float) -> dict[str, Any]:
    line = report.to_dict()
    line["batch"] = _batch(app_id, "ok", hashes, elapsed_ms)
    return line


def error_line(app_id: str, kind: str, message: str, hashes: dict[str, str], elapsed_ms: float) -> dict[str, Any]:
    batch = _batch(app_id, "error", hashes, elapsed_ms)
    batch["error"] = {"kind": kind, "message": message}
    return {"tool": dict(TOOL), "batch": batch}


def error_kind(error: PrivacyAuditError) -> str:
    return next((kind for cls, kind in ERROR_KINDS.items() if isinstance(error, cls)), "input")


def active_by_severity(line: dict[str, Any]) -> dict[str, int]:
    """The line's findings neither accepted nor in a baseline, by severity: what fails an app,
    as it fails ``scan``."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in line.get("findings", ()):
        if "suppressed" not in finding:
            counts[finding["severity"]] += 1
    return counts


def is_failing(active: dict[str, int], fail_on: str) -> bool:
    """Whether counts from ``active_by_severity`` fail the app, as ``Report.failing`` decides."""
    return any(count for severity, count in active.items() if at_or_above(severity, fail_on))


def encode(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
