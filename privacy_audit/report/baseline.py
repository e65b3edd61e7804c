"""The baseline file ``--write-baseline`` writes: today's findings by fingerprint.

Accepted findings are left out: their acceptance, with its reason and expiry, already covers them,
and a baseline entry must not outlive it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from privacy_audit.model import BaselineEntry, Report
from privacy_audit.paths import relative_path


def entries(report: Report) -> list[BaselineEntry]:
    """The findings a baseline of ``report`` records, in a stable order."""
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


def render(recorded: Sequence[BaselineEntry], tool_version: str) -> str:
    """The baseline file recording ``recorded`` (the entries of a report), written by ``tool_version``."""
    document = {
        "baseline_version": 1,
        "tool": {"name": "privacy-audit", "version": tool_version},
        "findings": [e.to_dict() for e in recorded],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
