"""Reporters only format a Report; nothing here decides anything.

Each format is one module with ``render(report) -> str``, imported only when chosen.
"""

from __future__ import annotations

import importlib

from privacy_audit.errors import UsageError
from privacy_audit.model import Report

FORMATS: dict[str, str] = {
    "table": "privacy_audit.report.table",
    "json": "privacy_audit.report.json_report",
    "sarif": "privacy_audit.report.sarif",
    "markdown": "privacy_audit.report.markdown",
}


def render(report: Report, format_name: str) -> str:
    module_name = FORMATS.get(format_name)
    if module_name is None:
        raise UsageError(f"unknown format {format_name!r}: {', '.join(FORMATS)}")
    module = importlib.import_module(module_name)
    text: str = module.render(report)
    return text
