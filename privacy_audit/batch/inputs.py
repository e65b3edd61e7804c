"""The files one app is read from, and their content hashes: what tells a resumed run that an
app already audited has not changed since."""

from __future__ import annotations

from privacy_audit.api import AppInputs, read_inputs
from privacy_audit.batch.apps import BatchApp
from privacy_audit.paths import posix_relative


def read_app(app: BatchApp, max_file_bytes: int) -> AppInputs:
    """Find and read the files the audit of ``app`` reads, once: a worker hashes them, then
    audits them. A policy URL is not fetched to be hashed. Raises InputError where the audit
    would: a path of no kind privacy-audit reads."""
    return read_inputs(app.paths, app.policies, max_file_bytes)


def input_hashes(found: AppInputs, root: str) -> dict[str, str]:
    """sha256 of every file read (an APK whole), keyed by path relative to ``root``; a file that
    could not be read is left out (its audit says why)."""
    return {posix_relative(s.path, root): s.sha256 for s in found.read()}
