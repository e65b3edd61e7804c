"""Android binary XML (AXML, the compiled ``AndroidManifest.xml`` inside an APK) -> XmlElement tree.

The chunk structure (resource map, namespaces, elements, attributes) is parsed by apkInspector;
the tree is built from its parsed elements, never from its printed XML text, which is not always
well-formed. Attributes are matched the way Android itself matches them: by resource id
(``android:name`` is 0x01010003), whatever namespace or name string an obfuscator put beside it.

The string pool is decoded here because apkInspector neither checks that strings are
null-terminated (aapt rejects such a file, and malware uses it to confuse parsers) nor reads the
two-byte lengths of long UTF-8 strings. What aapt rejects is an input error here too: a header
that claims more bytes than the file has, a broken string pool, a file with no element.
"""

from __future__ import annotations

import contextlib
import io
import struct
from collections.abc import Iterator
from typing import Any

from privacy_audit.errors import InputError
from privacy_audit.readers.android import ANDROID_NS
from privacy_audit.readers.xmlsafe import XmlElement

RES_STRING_POOL_TYPE = 0x0001
RES_XML_RESOURCE_MAP_TYPE = 0x0180
UTF8_FLAG = 0x0100
NO_INDEX = 0xFFFFFFFF
# Android framework attribute ids (frameworks/base/core/res/res/values/public.xml) of the
# attributes the manifest reader looks at.
ANDROID_ATTRIBUTES: dict[int, str] = {
    0x01010003: "name",
    0x01010018: "authorities",
    0x0101020C: "minSdkVersion",
    0x01010270: "targetSdkVersion",
    0x01010271: "maxSdkVersion",
    0x0101021B: "versionCode",
    0x0101021C: "versionName",
}
# Typed value kinds (ResourceTypes.h Res_value::dataType).
TYPE_REFERENCE, TYPE_STRING, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_INT_BOOLEAN = 0x01, 0x03, 0x10, 0x11, 0x12


def is_binary_xml(head: bytes) -> bool:
    """Whether these first bytes start an AXML file: an 8-byte XML header, then a string pool.

    The header's own type is not checked: Android does not check it, and packers zero it.
    """
    if len(head) < 12 or head[:2] not in (b"\x03\x00", b"\x00\x00"):
        return False
    return head[2:4] == b"\x08\x00" and head[8:10] == b"\x01\x00"


@contextlib.contextmanager
def quiet_root_logger() -> Iterator[None]:
    """Keep apkInspector's log lines off stderr.

    apkInspector calls ``logging.basicConfig(level=DEBUG)`` when imported and logs warnings
    through the root logger, which would print to stderr of a tool that promises one line per
    error. A handler on the root logger for the duration makes both no-ops; handlers a host
    application installed still receive the records.
    """
    import logging  # here, with apkInspector: every manifest read imports this module

    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)


def _decode_length(data: bytes, pos: int, utf8: bool) -> tuple[int, int]:
    """A string length as the pool stores it (one or two units), and the position after it."""
    if utf8:
        first = data[pos]
        if first & 0x80:
            return ((first & 0x7F) << 8) | data[pos + 1], pos + 2
        return first, pos + 1
    (first,) = struct.unpack_from("<H", data, pos)
    if first & 0x8000:
        (second,) = struct.unpack_from("<H", data, pos + 2)
        return ((first & 0x7FFF) << 16) | second, pos + 4
    return first, pos + 2


def read_string_pool(data: bytes, start: int, path: str) -> tuple[list[str], int]:
    """The strings of the pool chunk at ``start``, and the offset where the chunk ends."""
    try:
        kind, header_size, size, count, _styles, flags, strings_start, _ = struct.unpack_from("<HHIIIIII", data, start)
    except struct.error:
        raise InputError("binary XML ends before its string pool", path) from None
    if kind != RES_STRING_POOL_TYPE:
        raise InputError(f"binary XML: expected a string pool at byte {start}, found chunk type {kind:#06x}", path)
    end = start + size
    if header_size < 28 or end > len(data) or start + header_size + 4 * count > end or start + strings_start > end:
        raise InputError("binary XML: the string pool's sizes do not fit in the file", path)
    utf8 = bool(flags & UTF8_FLAG)
    offsets = struct.unpack_from(f"<{count}I", data, start + header_size)
    strings: list[str] = []
    for index, offset in enumerate(offsets):
        pos = start + strings_start + offset
        try:
            if utf8:
                _, pos = _decode_length(data, pos, True)  # the length in UTF-16 units, unused
                length, pos = _decode_length(data, pos, True)
                stop, width = pos + length, 1
                text = data[pos:stop].decode("utf-8", "replace")
            else:
                length, pos = _decode_length(data, pos, False)
                stop, width = pos + 2 * length, 2
                text = data[pos:stop].decode("utf-16-le", "replace")
        except (IndexError, struct.error):
            raise InputError(f"binary XML: string #{index} lies outside the string pool", path) from None
        if stop + width > end or any(data[stop : stop + width]):
            raise InputError(f"binary XML: string #{index} of the string pool is not null-terminated", path)
        strings.append(text)
    return strings, end


class _Tree:
    """Builds XmlElements from apkInspector's parsed chunks."""

    def __init__(self, strings: list[str], resource_ids: list[int]) -> None:
        self.strings = strings
        self.resource_ids = resource_ids
        self.prefixes: dict[str, str] = {ANDROID_NS: "android"}

    def string(self, index: int) -> str:
        return self.strings[index] if 0 <= index < len(self.strings) else ""

    def attribute_key(self, attribute: Any) -> tuple[str, str]:
        index = attribute.name_index
        if 0 <= index < len(self.resource_ids) and self.resource_ids[index] in ANDROID_ATTRIBUTES:
            return ANDROID_NS, ANDROID_ATTRIBUTES[self.resource_ids[index]]
        name = self.string(index)
        if 0 <= index < len(self.resource_ids) and self.resource_ids[index] >> 16 == 0x0101:
            # Another framework attribute: Android matches it by id, so the namespace is android's.
            return ANDROID_NS, name.rpartition(":")[2]
        uri = self.string(attribute.full_namespace_index) if attribute.full_namespace_index != NO_INDEX else ""
        return uri, name

    def value(self, attribute: Any) -> str:
        kind, data = attribute.typed_value_datatype, attribute.typed_value_data
        if attribute.raw_value_index != NO_INDEX and attribute.raw_value_index < len(self.strings):
            return self.strings[attribute.raw_value_index]
        if kind == TYPE_STRING:
            return self.string(data)
        if kind == TYPE_REFERENCE:
            return f"@0x{data:08x}"
        if kind == TYPE_INT_HEX:
            return f"0x{data:08x}"
        if kind == TYPE_INT_BOOLEAN:
            return "true" if data else "false"
        if kind == TYPE_INT_DEC:
            return str(struct.unpack("<i", struct.pack("<I", data & 0xFFFFFFFF))[0])
        return str(data)

    def element(self, chunk: Any) -> XmlElement:
        namespace_index, name_index = chunk.attrext[0], chunk.attrext[1]
        uri = self.string(namespace_index) if namespace_index != NO_INDEX else ""
        name = self.string(name_index)
        attributes = {self.attribute_key(a): self.value(a) for a in chunk.attributes}
        line = struct.unpack_from("<I", chunk.header.data)[0] if len(chunk.header.data) >= 4 else 0
        return XmlElement(uri, name, attributes, max(line, 1), self.start_tag(name, attributes))

    def start_tag(self, name: str, attributes: dict[tuple[str, str], str]) -> str:
        parts = [name]
        for (uri, local), value in attributes.items():
            prefix = (self.prefixes.get(uri) or uri.rstrip("/").rpartition("/")[2]) if uri else ""
            qualified = f"{prefix}:{local}" if prefix else local
            escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            parts.append(f'{qualified}="{escaped}"')
        return "<" + " ".join(parts) + ">"


def parse_binary_xml(data: bytes, path: str) -> XmlElement:
    """Parse an AXML document into its root element, or raise InputError."""
    if not is_binary_xml(data[:12]):
        raise InputError("not Android binary XML", path)
    _, header_size, size = struct.unpack_from("<HHI", data)
    if size > len(data):
        raise InputError(f"binary XML header says the file is {size} bytes, but it has {len(data)}: truncated or tampered", path)
    data = data[:size]
    strings, position = read_string_pool(data, header_size, path)
    with quiet_root_logger():
        from apkInspector.axml import (
            ManifestStruct,
            XmlEndElement,
            XmlResourceMapType,
            XmlStartElement,
            XmlStartNamespace,
        )

        stream = io.BytesIO(data)
        stream.seek(position)
        resource_ids: list[int] = []
        try:
            if data[position : position + 2] == struct.pack("<H", RES_XML_RESOURCE_MAP_TYPE):
                resource_ids = list(XmlResourceMapType.parse(stream).resids)
            chunks = ManifestStruct.process_elements(stream)
        except Exception as exc:  # noqa: BLE001 - on damaged chunks apkInspector raises struct, value, index, type and attribute errors
            raise InputError(f"binary XML: malformed chunk ({type(exc).__name__}: {exc})", path) from None
    tree = _Tree(strings, resource_ids)
    stack: list[XmlElement] = []
    root: XmlElement | None = None
    for chunk in chunks:
        if isinstance(chunk, XmlStartNamespace) and len(chunk.ext) >= 2:
            tree.prefixes.setdefault(tree.string(chunk.ext[1]), tree.string(chunk.ext[0]))
        elif isinstance(chunk, XmlStartElement):
            element = tree.element(chunk)
            if stack:
                stack[-1].children.append(element)
            elif root is None:
                root = element
            else:
                continue  # a second root: Android stops at the end of the first
            stack.append(element)
        elif isinstance(chunk, XmlEndElement) and stack:
            stack.pop()
    if root is None:
        raise InputError("binary XML has no element", path)
    return root
