"""APK files -> the binary manifest, and any privacy policy shipped inside, read in place.

An APK is never loaded whole: the ZIP end record and central directory are parsed by
apkInspector (which follows the ZIP specification rather than Python's zipfile, so it survives
the header tampering malware uses against analysis tools), then only the manifest entry (and
``.html``/``.htm``/``.txt`` files named like a privacy policy anywhere under ``assets/``) is read, by seeking. The entry is inflated here, not by
apkInspector, because apkInspector inflates without a bound: a manifest entry that inflates past
the size limit is an input error, not a memory exhaustion.
"""

from __future__ import annotations

import copy
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from privacy_audit.errors import InputError
from privacy_audit.limits import MAX_BUNDLED_POLICIES, ZIP_END_SEARCH_BYTES, over_limit
from privacy_audit.model import AppFacts
from privacy_audit.readers.android import (
    AndroidManifest,
    add_manifest,
    manifest_summary,
    parse_manifest_element,
)
from privacy_audit.readers.axml import parse_binary_xml, quiet_root_logger
from privacy_audit.readers.source import DEFAULT_MAX_FILE_BYTES, Origin, Source

MANIFEST_ENTRY = "AndroidManifest.xml"
POLICY_EXTENSIONS = ("html", "htm", "txt")
LOCAL_HEADER_SIZE = 30
ZIP_END_SIGNATURE = b"PK\x05\x06"
ZIP64_COUNT = 0xFFFF  # the 16-bit count of an archive whose real count is in its ZIP64 record
STORED, DEFLATED = 0, 8


def is_bundled_policy(name: str) -> bool:
    """``assets/**/*privacy*.html|htm|txt``. Tested by splitting, not by a regular expression: an
    entry name (up to 64 KiB) made of "privacy." repeated made one backtrack for a second."""
    folder, _, base = name.lower().rpartition("/")
    stem, dot, extension = base.rpartition(".")
    return (folder == "assets" or folder.startswith("assets/")) and bool(dot) and extension in POLICY_EXTENSIONS and "privacy" in stem


@dataclass(slots=True)
class ApkContents:
    path: str
    manifest: AndroidManifest
    # Bundled policy entries, name -> bytes.
    policies: dict[str, bytes] = field(default_factory=dict)
    # What in the ZIP headers was not as the specification says (a sign of anti-analysis tampering).
    tampering: list[str] = field(default_factory=list)
    # Bundled policies past MAX_BUNDLED_POLICIES, not read.
    unread_policies: list[str] = field(default_factory=list)


def _inflate(stream: BinaryIO, size: int, limit: int) -> bytes | None:
    """Raw-deflate ``size`` bytes from the stream, stopping past ``limit``; None if not deflate."""
    inflater = zlib.decompressobj(-15)
    out = bytearray()
    left = size
    try:
        while left > 0 and not inflater.eof:
            chunk = stream.read(min(left, 64 * 1024))
            if not chunk:
                break
            left -= len(chunk)
            out += inflater.decompress(chunk, limit + 1 - len(out))
            if len(out) > limit or inflater.unconsumed_tail:
                raise OverflowError
    except zlib.error:
        return None
    return bytes(out) if inflater.eof else None


def _entry_bytes(stream: BinaryIO, directory: Any, name: str, limit: int, path: str, tampering: list[str]) -> bytes:
    """One entry's content, as Android reads it even when its headers were tampered with."""
    from apkInspector.headers import LocalHeaderRecord

    entry = directory.entries[name]
    local = LocalHeaderRecord.parse(stream, entry)
    if local is None:
        raise InputError(f"the local header of {name} is missing or damaged", path)
    # Tampered local headers carry zero sizes; the central directory then has the real ones.
    compressed = local.compressed_size or entry.compressed_size
    uncompressed = local.uncompressed_size or entry.uncompressed_size
    if local.compression_method != entry.compression_method or local.compressed_size != entry.compressed_size:
        tampering.append(f"{name}: local header and central directory disagree")
    stream.seek(entry.relative_offset_of_local_file_header + LOCAL_HEADER_SIZE + local.file_name_length + local.extra_field_length)
    start = stream.tell()
    method = local.compression_method
    data: bytes | None = None
    try:
        if method == DEFLATED or (method != STORED and compressed != uncompressed):
            data = _inflate(stream, compressed, limit)
        if method not in (STORED, DEFLATED):
            tampering.append(f"{name}: unknown compression method {method} (read as {'deflated' if data is not None else 'stored'})")
    except OverflowError:
        raise InputError(over_limit(f"the inflated {name}", None, limit), path) from None
    if data is None:
        if method == DEFLATED:
            raise InputError(f"{name} is not valid deflate data", path)
        if uncompressed > limit:
            raise InputError(over_limit(name, uncompressed, limit), path)
        stream.seek(start)
        data = stream.read(uncompressed)
    return data


def read_apk(stream: BinaryIO, path: str, max_entry_bytes: int = DEFAULT_MAX_FILE_BYTES) -> ApkContents:
    """Read the manifest (and bundled policies) of the APK open as ``stream``, by seeking."""
    with quiet_root_logger():
        from apkInspector.headers import CentralDirectory, EndOfCentralDirectoryRecord

        file_size = stream.seek(0, io.SEEK_END)
        # Android looks for the end record in the last 64 KiB only; apkInspector would read a large
        # file that is no ZIP at all backwards to its first byte.
        stream.seek(max(file_size - ZIP_END_SEARCH_BYTES, 0))
        if ZIP_END_SIGNATURE not in stream.read(ZIP_END_SEARCH_BYTES):
            raise InputError("not an APK: no ZIP end of central directory record in its last 64 KiB", path)
        try:
            end = EndOfCentralDirectoryRecord.parse(stream)
        except (ValueError, OSError):
            raise InputError("not an APK: no ZIP end of central directory record found", path) from None
        except Exception as exc:  # noqa: BLE001 - apkInspector raises struct.error and others on a cut record
            raise InputError(f"not an APK: damaged ZIP end of central directory record ({exc})", path) from None
        start, size = end.offset_of_start_of_central_directory, end.size_of_central_directory
        if start + size > file_size:
            raise InputError("the ZIP central directory lies outside the file: truncated or tampered", path)
        if size > max_entry_bytes:
            raise InputError(over_limit("the ZIP central directory", size, max_entry_bytes), path)
        # One read of the whole directory, parsed from memory: its many small fields read from the
        # file one by one would cost a system call each.
        stream.seek(start)
        directory_bytes = stream.read(size)
        local_end = copy.copy(end)
        local_end.offset_of_start_of_central_directory = 0
        try:
            directory = CentralDirectory.parse(io.BytesIO(directory_bytes), local_end)
        except Exception as exc:  # noqa: BLE001 - a cut entry raises struct.error, a bad name UnicodeError
            raise InputError(f"damaged ZIP central directory ({exc})", path) from None
        if MANIFEST_ENTRY not in directory.entries:
            raise InputError(f"no {MANIFEST_ENTRY} in this archive: not an Android app package", path)
        listed = end.total_number_of_central_directory_records
        if listed != ZIP64_COUNT and listed > len(directory.entries):
            # Names are keys, so a repeated name leaves fewer keys than records. Android refuses a
            # package with duplicate entries; a tool that reads one of two manifests may read a decoy.
            raise InputError(
                f"the ZIP end record counts {listed} entries but the central directory holds {len(directory.entries)} "
                "names: duplicate entry names (Android refuses to install such a package) or a tampered count",
                path,
            )
        tampering: list[str] = []
        bundled = sorted(name for name in directory.entries if is_bundled_policy(name))
        try:
            data = _entry_bytes(stream, directory, MANIFEST_ENTRY, max_entry_bytes, path, tampering)
            policies = {
                name: _entry_bytes(stream, directory, name, max_entry_bytes, path, tampering)
                for name in bundled[:MAX_BUNDLED_POLICIES]
            }
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - hostile headers make apkInspector raise anything
            raise InputError(f"damaged ZIP entry ({type(exc).__name__}: {exc})", path) from None
    entry_path = f"{path}!{MANIFEST_ENTRY}"
    manifest = parse_manifest_element(parse_binary_xml(data, entry_path), entry_path, default_target_sdk=True)
    return ApkContents(path, manifest, policies, tampering, bundled[MAX_BUNDLED_POLICIES:])


def collect_apk(source: Source, facts: AppFacts, rule_dirs: tuple[Path, ...]) -> dict[str, Any]:
    """The ``apk`` reader: the manifest's permissions, and bundled policies read as policies."""
    from privacy_audit.collect import read_input
    from privacy_audit.readers import kinds

    with source.open() as stream:
        contents = read_apk(stream, source.path, source.limit)
    add_manifest(facts, contents.manifest, source.origin)
    if contents.unread_policies:
        facts.warnings.append(
            f"{source.path}: {len(contents.unread_policies)} more bundled privacy policies were not read "
            f"(only the first {MAX_BUNDLED_POLICIES} are): {', '.join(contents.unread_policies[:3])}..."
        )
    for name, data in contents.policies.items():
        bundled = Source(f"{source.path}!{name}", data, Origin(why=f"privacy policy shipped inside {source.path}"))
        read_input(kinds.POLICY, bundled, facts, rule_dirs)
    return {
        **manifest_summary(contents.manifest),
        "manifest_entry": MANIFEST_ENTRY,
        "bundled_policies": sorted(contents.policies),
        "zip_tampering": contents.tampering,
    }
