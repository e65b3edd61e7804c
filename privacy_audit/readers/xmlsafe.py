"""Parse untrusted XML into a small element tree that keeps line numbers.

Safety follows defusedxml's expat policy with ``forbid_dtd=True``: a document type declaration
is refused outright. Entities can only be declared inside a DTD, so refusing it rules out
external entities (XXE), external DTDs, parameter entities and entity-expansion bombs (billion
laughs, quadratic blow-up) in one step; no Android manifest or plist we read needs one. We call
pyexpat directly rather than through defusedxml's SAX wrapper, which costs 35 ms of imports
(urllib, email) on every run for nothing more than this handler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from privacy_audit.errors import InputError
from privacy_audit.limits import MAX_XML_DEPTH

_XML_DECLARATION = re.compile(r"\A<\?xml[^>]{0,200}\?>")


@dataclass(slots=True)
class XmlElement:
    """An element: namespace URI, local name, attributes keyed by (URI, local name), line."""

    uri: str
    name: str
    attributes: dict[tuple[str, str], str]
    line: int
    _source: str | None
    children: list[XmlElement] = field(default_factory=list)
    # Parsed from source XML, the start tag is cut from the bytes only when a reader quotes it:
    # most elements of a manifest (activities, intent filters) never are.
    _data: bytes = b""
    _offset: int = 0

    @property
    def source(self) -> str:
        """The start tag as one line of XML, for evidence."""
        if self._source is None:
            self._source = _start_tag_text(self._data, self._offset)
        return self._source

    def attribute(self, uri: str, name: str) -> str | None:
        return self.attributes.get((uri, name))


def _split(qualified: str) -> tuple[str, str]:
    uri, _, local = qualified.rpartition(" ")
    return uri, local


def _start_tag_text(data: bytes, start: int) -> str:
    """The start tag beginning at byte ``start``, on one line (quotes may hide a '>')."""
    quote = 0
    end = start
    limit = min(len(data), start + 4096)
    while end < limit:
        byte = data[end]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            break
        end += 1
    text = data[start : end + 1].decode("utf-8", "replace")
    return " ".join(text.split())


def parse_xml(data: bytes, path: str) -> XmlElement:
    """Parse ``data`` (the bytes of file ``path``) into its root element, or raise InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Line texts are cut from the bytes, so work in UTF-8 throughout.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("invalid UTF-16 text", path) from None
        data = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[XmlElement] = []
    roots: list[XmlElement] = []

    def refuse_dtd(*_: object) -> None:
        raise InputError(
            "XML document type declarations (DTD, <!DOCTYPE>) are not accepted: they can declare "
            "entities that expand without bound or read files from outside the input",
            path,
        )

    def refuse_entity(*_: object) -> None:
        raise InputError("XML entity declarations are not accepted", path)

    def start(qualified: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_XML_DEPTH:
            raise InputError(f"XML elements nested deeper than {MAX_XML_DEPTH} levels", path)
        uri, name = _split(qualified)
        element = XmlElement(
            uri=uri,
            name=name,
            attributes={_split(key): value for key, value in attrs.items()},
            line=parser.CurrentLineNumber,
            _source=None,
            _data=data,
            _offset=parser.CurrentByteIndex,
        )
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        problem = expat.ErrorString(exc.code)
        raise InputError(
            f"not well-formed XML at line {exc.lineno}, column {exc.offset + 1}: {problem}", path
        ) from None
    except RecursionError:
        raise InputError("XML too deeply nested", path) from None
    except (LookupError, ValueError) as exc:
        # The XML declaration names an encoding Python does not know, or a multi-byte one expat
        # cannot take from Python ("utf-7", "ut2-8").
        raise InputError(f"the XML declares an encoding that cannot be read ({exc})", path) from None
    if not roots:
        raise InputError("no XML element found", path)
    return roots[0]
