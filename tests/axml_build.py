"""Build Android binary XML and APKs in tests, so that APK tests run on real binary files whose
content the test chose (a manifest compiled the way aapt2 lays it out: UTF-16 string pool,
resource map, namespace, element chunks with line numbers)."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass, field

ANDROID_NS = "http://schemas.android.com/apk/res/android"
RESOURCE_IDS = {"name": 0x01010003, "minSdkVersion": 0x0101020C, "targetSdkVersion": 0x01010270, "maxSdkVersion": 0x01010271}
NO_INDEX = 0xFFFFFFFF


@dataclass
class Element:
    name: str
    # (android attribute?, name, value); android attributes carry their resource id.
    attributes: list[tuple[bool, str, str | int]] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)


def manifest(package: str, permissions: list[str], sdk: tuple[int, int] | None = None) -> Element:
    root = Element("manifest", [(False, "package", package)])
    if sdk:
        root.children.append(Element("uses-sdk", [(True, "minSdkVersion", sdk[0]), (True, "targetSdkVersion", sdk[1])]))
    root.children += [Element("uses-permission", [(True, "name", p)]) for p in permissions]
    return root


def _walk(element: Element) -> list[Element]:
    return [element] + [e for c in element.children for e in _walk(c)]


def compile_xml(root: Element, attribute_names: dict[str, str] | None = None) -> bytes:
    """AXML bytes for ``root``. ``attribute_names`` renames android attributes in the string pool
    (as obfuscators do) while keeping their resource ids."""
    renamed = attribute_names or {}
    android_names = sorted({a[1] for e in _walk(root) for a in e.attributes if a[0]})
    strings: list[str] = [renamed.get(n, n) for n in android_names]
    resource_map = [RESOURCE_IDS[n] for n in android_names]

    def index(text: str) -> int:
        if text not in strings[len(resource_map):]:
            strings.append(text)
        return strings.index(text, len(resource_map))

    def pool_index(attribute: tuple[bool, str, str | int]) -> int:
        return android_names.index(attribute[1]) if attribute[0] else index(attribute[1])

    chunks: list[bytes] = []
    line = 1
    ns_prefix, ns_uri = index("android"), index(ANDROID_NS)
    chunks.append(struct.pack("<HHIIIII", 0x100, 16, 24, line, NO_INDEX, ns_prefix, ns_uri))

    def emit(element: Element) -> None:
        nonlocal line
        line += 1
        attrs = b""
        for attribute in element.attributes:
            android, _, value = attribute
            if isinstance(value, int):
                raw, kind, data = NO_INDEX, 0x10, value
            else:
                raw = index(value)
                kind, data = 0x03, raw
            attrs += struct.pack("<IIIHBBI", ns_uri if android else NO_INDEX, pool_index(attribute), raw, 8, 0, kind, data)
        name = index(element.name)
        body = struct.pack("<IIHHHHHH", NO_INDEX, name, 20, 20, len(element.attributes), 0, 0, 0) + attrs
        chunks.append(struct.pack("<HHIII", 0x102, 16, 16 + len(body), line, NO_INDEX) + body)
        for child in element.children:
            emit(child)
        chunks.append(struct.pack("<HHIIIII", 0x103, 16, 24, line, NO_INDEX, NO_INDEX, name))

    emit(root)
    chunks.append(struct.pack("<HHIIIII", 0x101, 16, 24, line, NO_INDEX, ns_prefix, ns_uri))
    encoded = [struct.pack("<H", len(s)) + s.encode("utf-16-le") + b"\x00\x00" for s in strings]
    offsets, position = [], 0
    for item in encoded:
        offsets.append(position)
        position += len(item)
    string_data = b"".join(encoded)
    string_data += b"\x00" * (-len(string_data) % 4)
    header_size = 28
    strings_start = header_size + 4 * len(strings)
    pool = struct.pack("<HHIIIIII", 0x0001, header_size, strings_start + len(string_data), len(strings), 0, 0, strings_start, 0)
    pool += struct.pack(f"<{len(offsets)}I", *offsets) + string_data
    resources = struct.pack("<HHI", 0x0180, 8, 8 + 4 * len(resource_map)) + struct.pack(f"<{len(resource_map)}I", *resource_map)
    body = pool + resources + b"".join(chunks)
    return struct.pack("<HHI", 0x0003, 8, 8 + len(body)) + body


def build_apk(manifest_bytes: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    """An APK (a ZIP) with the binary manifest deflated, and other entries stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if manifest_bytes is not None:
            archive.writestr("AndroidManifest.xml", manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        archive.writestr("classes.dex", b"dex\n035\x00", compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def tamper(apk: bytes, entry: str, method: int | None = None, zero_local_sizes: bool = False) -> bytes:
    """Tamper with an entry's ZIP headers the way malware does against analysis tools: an
    unknown compression method (Android reads the data anyway), or zero sizes in the local header."""
    data = bytearray(apk)
    name = entry.encode()
    local = data.find(b"PK\x03\x04" + b"", 0)
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == name:
            if method is not None:
                struct.pack_into("<H", data, local + 8, method)
            if zero_local_sizes:
                struct.pack_into("<II", data, local + 18, 0, 0)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1 and method is not None:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<H", data, central + 10, method)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)
