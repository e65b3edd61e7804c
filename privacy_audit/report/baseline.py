"""The baseline file ``--write-baseline`` writes: today's findings by fingerprint.

Accepted findings are left out: their acceptance, with its reason and expiry, already covers them,
and a baseline entry must not outlive it.
"""

from __future__ import annotations

import json

from privacy_audit.model import BaselineEntry, Report
from privacy_audit.paths import relative_path


def entries(report: Report) -> list[BaselineEntry]:
    recorded = [f for f in report.findings if f.suppression is None or f.suppression.kind == "baseline"]
    return sorted(
        (
            BaselineEntry(
                fingerprint=f.fingerprint,
                rule_id=f.rule_id,
                severity=f.severity,
                title=f.title,
                file=relative_path(f.evidence[0].file, report.root) if f.evidence else None,
                line=f.evidence[0].line if f.evidence else None,
            )
            for f in recorded
        ),
        key=lambda e: (e.rule_id, e.fingerprint),
    )


def render(report: Report) -> str:
    document = {
        "baseline_version": 1,
        "tool": {"name": "privacy-audit", "version": report.tool_version},
        "findings": [e.to_dict() for e in entries(report)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
