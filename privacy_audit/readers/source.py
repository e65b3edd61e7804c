"""Reading input files: size caps, clear errors, content hashes. Inputs are only ever read."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO

from privacy_audit.errors import InputError
from privacy_audit.limits import CONFIG_SHARE, config_limit, over_limit
from privacy_audit.limits import MAX_FILE_BYTES as DEFAULT_MAX_FILE_BYTES


@dataclass(frozen=True, slots=True)
class Origin:
    """Why an input was chosen and where it sits, as discovery (or fetching) found it.

    Readers use it (a Gradle module's role and SDK levels change what a manifest means) and the
    report's ``inputs[]`` shows it, so a reader of the report can tell which file was used and why.
    """

    why: str = "given on the command line"
    module: str | None = None  # Gradle module (":app") or Xcode / HarmonyOS module folder
    role: str | None = None  # "application" or "library" (Gradle)
    source_set: str | None = None  # "main", a flavour, a build type; or the variant of a merged manifest
    merged: bool = False  # a manifest written by the manifest merger (build/intermediates)
    min_sdk: int | None = None  # from build.gradle(.kts), which overrides <uses-sdk>
    target_sdk: int | None = None
    sdk_from: str | None = None  # the build file the SDK levels came from
    url: str | None = None  # a policy fetched from the web: where from, and when (UTC, ISO 8601)
    fetched_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields that say something: not the empty ones."""
        out: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in (None, False):
                out[item.name] = value
        return out


@dataclass(frozen=True, slots=True)
class Source:
    """The bytes of one input and the name it is reported under.

    ``limit`` is the file size limit it was read under (readers of slow formats derive theirs
    from it). An archive (an APK) is not read whole: it is read *in place* (``in_place``), its
    reader seeking to the entries it needs, and ``data`` stays empty; ``limit`` then caps each
    entry it inflates.
    """

    path: str
    data: bytes
    origin: Origin = field(default_factory=Origin)
    in_place: bool = False
    limit: int = DEFAULT_MAX_FILE_BYTES

    @property
    def sha256(self) -> str:
        if self.in_place:
            with self.open() as handle:
                try:
                    return hashlib.file_digest(handle, "sha256").hexdigest()
                except OSError as exc:
                    raise InputError(f"cannot read: {exc.strerror or exc}", self.path) from None
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.path)[1].lower()

    def open(self) -> BinaryIO:
        """A seekable binary stream over the input: the file itself when read in place."""
        if not self.in_place:
            return io.BytesIO(self.data)
        return open_regular_file(self.path)


def open_regular_file(path: str | Path) -> BinaryIO:
    """Open a regular file for reading, or raise InputError saying why not.

    Opened without blocking, then checked: ``open()`` on a FIFO waits for a writer forever, and a
    device (``/dev/zero``) never ends, so anything but a regular file is refused, whatever its name.
    """
    shown = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, not a file", shown)
        raise InputError("not a regular file (a FIFO, socket or device): not read", shown)
    return os.fdopen(descriptor, "rb")


def read_bounded(path: str | Path, max_bytes: int, kind: str | None = None, flag: bool = True) -> bytes:
    """The whole of a regular file, refused when over ``max_bytes``; the error names the limit as
    ``limits.over_limit`` does with ``kind`` and ``flag``."""
    shown = str(path)
    with open_regular_file(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputError(over_limit("the file", size, max_bytes, kind, flag=flag), shown)
        try:
            # Read as much as the file holds, then what it grew by: read(n) allocates n bytes
            # first, and n the limit (20 MiB) would cost more than reading a policy.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > max_bytes:
        # The file grew while we read it.
        raise InputError(over_limit("the file", None, max_bytes, kind, flag=flag), shown)
    return data


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, origin: Origin | None = None) -> Source:
    """Read a whole input file, refusing one larger than ``max_bytes`` (the file size limit)."""
    return Source(str(path), read_bounded(path, max_bytes), origin or Origin(), limit=max_bytes)


def check_config_size(data: bytes, path: str, max_file_bytes: int) -> None:
    """Refuse a JSON5 or YAML file over its share of the file size limit: both are parsed by
    pure-Python code, much slower than anything else read."""
    limit = config_limit(max_file_bytes)
    if len(data) > limit:
        raise InputError(over_limit("the file", len(data), limit, "JSON5 and YAML", CONFIG_SHARE), path)


def in_place_source(path: str | Path, max_entry_bytes: int = DEFAULT_MAX_FILE_BYTES, origin: Origin | None = None) -> Source:
    """An input read by seeking (an APK): checked to be a readable file, not read yet."""
    shown = str(path)
    open_regular_file(shown).close()
    return Source(shown, b"", origin or Origin(), in_place=True, limit=max_entry_bytes)
