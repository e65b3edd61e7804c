"""The files one app is read from, and their content hashes: what tells a resumed run that an
app already audited has not changed since."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from privacy_audit.batch.apps import BatchApp

_CHUNK = 1 << 20


def file_sha256(path: str) -> str | None:
    """The file's sha256, or None when it cannot be read (the audit then says why)."""
    from privacy_audit.errors import InputError
    from privacy_audit.readers.source import open_regular_file

    digest = hashlib.sha256()
    try:
        # A FIFO would block the open, a device (/dev/zero) never end: neither is hashed.
        with open_regular_file(path) as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except (InputError, OSError):
        return None
    return digest.hexdigest()


def input_hashes(app: BatchApp, root: str, max_file_bytes: int) -> dict[str, str]:
    """sha256 of every readable file the audit of ``app`` reads (an APK whole), keyed by path
    relative to ``root``; a policy URL is not fetched to be hashed. Raises InputError where the
    audit would: a path of no kind privacy-audit reads."""
    from privacy_audit.api import find_inputs

    inputs, _ = find_inputs(app.paths, app.policies, max_file_bytes)
    files = dict.fromkeys(i.path for i in inputs if i.origin.url is None)
    hashes = {Path(os.path.relpath(f, root)).as_posix(): file_sha256(f) for f in files}
    return {path: digest for path, digest in hashes.items() if digest is not None}
