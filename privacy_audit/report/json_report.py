"""The JSON report: the machine contract, described by ``privacy-audit schema report``."""

from __future__ import annotations

import json

from privacy_audit.model import Report

# 1.1 added findings[].suppressed, baseline, summary.suppressed and summary.report_only;
# 1.2 findings[].packs, references[].id/date/market/instrument_original/instrument_en, statements[].hours.
SCHEMA_VERSION = "1.2"


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
