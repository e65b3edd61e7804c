"""The JSON report: the machine contract, described by ``privacy-audit schema report``."""

from __future__ import annotations

import json

from privacy_audit.model import Report

# 1.1 added findings[].suppressed, baseline, summary.suppressed and summary.report_only.
SCHEMA_VERSION = "1.1"


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
