"""privacy-audit: audit lending apps for abuse of borrowers' contact lists and emergency contacts.

The library entry point is :func:`audit`; the command line only wraps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "audit", "AuditOptions", "InputError", "Report"]

if TYPE_CHECKING:
    from privacy_audit.api import AuditOptions, audit
    from privacy_audit.errors import InputError
    from privacy_audit.model import Report


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import privacy_audit` stays cheap for the CLI's start-up.
    if name in ("audit", "AuditOptions"):
        from privacy_audit import api

        return getattr(api, name)
    if name == "InputError":
        from privacy_audit.errors import InputError

        return InputError
    if name == "Report":
        from privacy_audit.model import Report

        return Report
    raise AttributeError(f"module 'privacy_audit' has no attribute {name!r}")
