"""The files one app is read from, and their content hashes: what tells a resumed run that an
app already audited has not changed since."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from privacy_audit.batch.apps import BatchApp
from privacy_audit.readers.discover import discover

_CHUNK = 1 << 20


def file_sha256(path: str) -> str | None:
    """The file's sha256, or None when it cannot be read (the audit then says why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def input_hashes(app: BatchApp, root: str) -> dict[str, str]:
    """sha256 of every readable file the audit of ``app`` reads, keyed by path relative to
    ``root``. Raises InputError where the audit would: a path of no kind privacy-audit reads."""
    files = [i.path for i in discover(list(app.paths))] + list(app.policies)
    hashes = {Path(os.path.relpath(f, root)).as_posix(): file_sha256(f) for f in dict.fromkeys(files)}
    return {path: digest for path, digest in hashes.items() if digest is not None}
