"""Reading input files: size caps, clear errors, content hashes. Inputs are only ever read."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from privacy_audit.errors import InputError

MiB = 1024 * 1024
# Defaults; each can be raised from the command line.
DEFAULT_MAX_FILE_BYTES = 20 * MiB


@dataclass(frozen=True, slots=True)
class Source:
    """The bytes of one input and the name it is reported under."""

    path: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.path)[1].lower()


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Source:
    """Read a whole input file, refusing one larger than ``max_bytes``."""
    shown = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(
                    f"file is {size / MiB:.1f} MiB, over the {max_bytes / MiB:.0f} MiB limit "
                    "(raise it with --max-file-size)",
                    shown,
                )
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > max_bytes:
        # The file grew while we read it.
        raise InputError(f"file is over the {max_bytes / MiB:.0f} MiB limit", shown)
    return Source(shown, data)
