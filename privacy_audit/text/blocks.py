"""Policy files (.txt, .md, .html) -> blocks of running text with their source lines.

A block is a paragraph, list item, table row or heading. It keeps anchors (offset in the block
-> line in the file) so that every sentence cut from it can cite the line where it starts.
HTML is read with the standard library's parser, which reports source positions; script,
style and navigation are dropped and block elements end a block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from privacy_audit.text.language import is_cjk

TERMINAL = "。！？；!?;.:："
_LIST_ITEM = re.compile(
    r"^\s{0,8}(?:[-*+•●▪◆■·]\s|\(?\d{1,3}[.)、）]\s?|（[一二三四五六七八九十\d]{1,3}）|"
    r"[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十百\d]{1,4}[条章节]|[a-zA-Z][.)]\s)"
)
_MD_BULLET = re.compile(r"^[-*+]\s+")
# The closing #s are stripped in code: "(.*?)\s*#*\s*$" backtracks cubically over a long run of spaces.
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_INLINE = (
    (re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"<[^<>\n]{0,500}>"), " "),
    (re.compile(r"(\*\*|__|`)"), ""),
    (re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), ""),
)
HEADING_MAX_CHARS = 40


@dataclass(slots=True)
class Block:
    text: str
    anchors: list[tuple[int, int]] = field(default_factory=list)
    heading: bool = False

    def line_at(self, offset: int) -> int:
        index = bisect_right(self.anchors, (offset, 1 << 62)) - 1
        return self.anchors[max(index, 0)][1]


class _BlockBuilder:
    """Collects text runs into blocks, joining continuation lines the way a reader would."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._anchors: list[tuple[int, int]] = []
        self._length = 0
        self._heading = False

    def add(self, text: str, line: int, separate: bool = True) -> None:
        """Append a run; ``separate``: it follows a line break, not inline markup."""
        if not text:
            return
        if (
            separate
            and self._parts
            and not self._parts[-1].endswith(" ")
            and not text.startswith(" ")
            and _needs_space(self._parts[-1], text)
        ):
            self._parts.append(" ")
            self._length += 1
        self._anchors.append((self._length, line))
        self._parts.append(text)
        self._length += len(text)

    def end(self, heading: bool = False) -> None:
        if not self._parts:
            # Most block tags of a page close nothing: their blocks ended at the tag before.
            self._heading = False
            return
        joined = "".join(self._parts)
        text = joined.strip()
        if text:
            lead = len(joined) - len(joined.lstrip())
            anchors = [(max(o - lead, 0), line) for o, line in self._anchors]
            self.blocks.append(Block(text, anchors, heading or self._heading))
        self._parts, self._anchors, self._length, self._heading = [], [], 0, False

    def mark_heading(self) -> None:
        self._heading = True

    @property
    def empty(self) -> bool:
        return not self._parts

    @property
    def runs(self) -> int:
        return len(self._anchors)


def _needs_space(before: str, after: str) -> bool:
    """Chinese lines join without a space; other scripts with one."""
    return not (is_cjk(before[-1]) or is_cjk(after[0]))


def _looks_like_heading(line: str, following: str = "") -> bool:
    """A short line with no sentence end in it (a line broken inside a sentence has one): a
    heading in Chinese; in Latin script only when it is capitalised like one and the next line
    does not continue it in lower case."""
    stripped = line.strip()
    if not (0 < len(stripped) <= HEADING_MAX_CHARS) or stripped[-1] in TERMINAL + "，,、":
        return False
    if any(mark in stripped for mark in "。！？；"):
        return False
    if following[:1].islower():
        return False
    if is_cjk(stripped[0]) or _LIST_ITEM.match(stripped):
        return True
    words = [w for w in stripped.split() if w[:1].isalpha()]
    small = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "we", "our", "your", "with", "how", "what"}
    return bool(words) and all(w[0].isupper() or w.lower() in small for w in words) and words[0][0].isupper()


def _ends_unit(line: str) -> bool:
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in "。！？；!?;:：" or stripped.endswith((".", "。”", ".\"", ".)"))


def plain_text_blocks(text: str, markdown: bool = False) -> list[Block]:
    """Lines -> blocks. A line continues the previous one unless a unit ended there."""
    builder = _BlockBuilder()
    in_fence = False
    previous = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if markdown:
            if line.startswith(("```", "~~~")):
                in_fence = not in_fence
                builder.end()
                continue
            if in_fence:
                continue
            heading = _MD_HEADING.match(line)
            if heading:
                builder.end()
                builder.add(_md_inline(heading.group(1).rstrip().rstrip("#").rstrip()), number)
                builder.end(heading=True)
                previous = ""
                continue
            if _MD_TABLE_RULE.match(line) and "-" in line:
                continue
            if line.startswith("|"):
                builder.end()
                cells = [_md_inline(c.strip()) for c in line.strip("|").split("|")]
                builder.add(" | ".join(c for c in cells if c), number)
                builder.end()
                previous = ""
                continue
            if line.startswith(">"):
                line = line.lstrip("> ")
            line = _md_inline(line).strip()
        if not line:
            builder.end()
            previous = ""
            continue
        if markdown:
            line = _MD_BULLET.sub("", line)
        starts_item = bool(_LIST_ITEM.match(raw.strip()))
        heading_before = builder.runs == 1 and _looks_like_heading(previous, line)
        if not builder.empty and (starts_item or _ends_unit(previous) or heading_before):
            builder.end(heading=heading_before)
        builder.add(line, number)
        previous = line
    builder.end()
    return builder.blocks


def _md_inline(line: str) -> str:
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line


_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "iframe", "object", "select"}
_BLOCK = {
    "p", "div", "li", "tr", "table", "ul", "ol", "dl", "dd", "dt", "br", "hr", "section",
    "article", "main", "aside", "header", "footer", "blockquote", "pre", "figure", "figcaption",
    "form", "fieldset", "address", "caption", "tbody", "thead", "tfoot", "body", "html",
    "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "dt", "summary", "caption"}
_CELLS = {"td", "th"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
_WHITESPACE = re.compile(r"\s+")


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """Navigation or hidden content, which a reader of the page does not read as the policy."""
    return any(name == "hidden" or (name == "role" and value == "navigation") for name, value in attrs)


class _HtmlBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = _BlockBuilder()
        # Elements open inside a skipped one, and how many of each name: an end tag looks up its
        # name in the counts, not the stack, which hostile nesting makes as long as the file.
        self._skip_stack: list[str] = []
        self._skip_open: Counter[str] = Counter()
        self._cell_open = False

    def _skip(self, tag: str) -> None:
        if tag not in _VOID:
            self._skip_stack.append(tag)
            self._skip_open[tag] += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_stack:
            self._skip(tag)
            return
        if tag in _SKIP or (attrs and _hidden(attrs)):
            self._skip(tag)
            return
        if tag in _BLOCK:
            self.builder.end()
            self._cell_open = False
        elif tag in _CELLS:
            if self._cell_open and not self.builder.empty:
                self.builder.add(" | ", self.getpos()[0])
            self._cell_open = True
        if tag in _HEADINGS:
            self.builder.mark_heading()

    def parse_html_declaration(self, i: int) -> int:
        # "<![" without a known keyword after it makes Python 3.11's _markupbase raise
        # AssertionError; HTML5 reads it as a bogus comment, and so do later Pythons.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip_stack and tag in _BLOCK:
            self.builder.end()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_stack:
            # Close up to the matching tag; HTML in the wild leaves elements unclosed.
            if self._skip_open[tag]:
                while True:
                    closed = self._skip_stack.pop()
                    self._skip_open[closed] -= 1
                    if closed == tag:
                        break
            return
        if tag in _BLOCK or tag in _HEADINGS:
            self.builder.end(heading=tag in _HEADINGS)

    def handle_data(self, data: str) -> None:
        # Most runs between tags are line breaks and indentation.
        if self._skip_stack or data.isspace():
            return
        line = self.lineno
        if "\n" not in data:
            self._add_line(data, line, False)
            return
        # Text runs keep the line where they start; a run spanning lines keeps each line's start.
        for offset, piece in enumerate(data.split("\n")):
            self._add_line(piece, line + offset, offset > 0)

    def _add_line(self, piece: str, line: int, separate: bool) -> None:
        # Most runs space their words with lone spaces only (a printable string has no other
        # whitespace): checking that is ten times faster than a substitution that changes nothing.
        # A tab is a space first: pages indented with tabs would otherwise all be substituted.
        piece = piece.replace("\t", " ")
        text = piece if "  " not in piece and piece.isprintable() else _WHITESPACE.sub(" ", piece)
        if text.strip():
            if self.builder.empty:
                text = text.lstrip()
            self.builder.add(text, line, separate)


def html_blocks(text: str) -> list[Block]:
    parser = _HtmlBlocks()
    # After the last '>' nothing can be markup, but html.parser would rescan an unterminated tag
    # there from each '<' to the end: quadratic time. So that tail is given as text.
    markup_end = text.rfind(">") + 1
    parser.feed(text[:markup_end])
    parser.feed(text[markup_end:].replace("<", "&lt;"))
    parser.close()
    parser.builder.end()
    return parser.builder.blocks
