"""Decode policy text whose encoding nobody declared.

Order: a byte-order mark; UTF-16 without a mark (NUL bytes in every other position); strict
UTF-8; GB18030 (a superset of GBK and GB2312, which many Chinese policies use) when it decodes
strictly into mostly Chinese text; and only then charset-normalizer's guess.
"""

from __future__ import annotations

import codecs
import re

from privacy_audit.errors import InputError
from privacy_audit.text.language import cjk_count

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NUL bytes, and a strict decode into printable text."""
    sample = data[:4096]
    if b"\x00" not in sample or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
        if printable >= 0.95 * len(text):
            return encoding
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")


def _mostly_chinese(text: str) -> bool:
    """GB18030 decodes most byte strings into something: accept it when that is Chinese."""
    others = _NON_ASCII.subn("", text)[1]
    return others > 0 and cjk_count(text) / others > 0.8


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read in."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} text at byte {exc.start}", path) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _mostly_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot tell the text encoding (not UTF-8, UTF-16 or GB18030)", path)
    return str(best), best.encoding
