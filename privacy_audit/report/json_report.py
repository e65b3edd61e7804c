"""The JSON report: the machine contract, described by ``privacy-audit schema report``."""

from __future__ import annotations

import json

from privacy_audit.model import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
