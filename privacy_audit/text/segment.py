"""Blocks -> sentences, each with the 1-based line where it starts and the heading above it.

Chinese sentences end at 。！？； (and their ASCII forms); English ones at . ! ? before a space
and a capital, a digit or an opening quote, except after common abbreviations. A block is never
joined to the next, so headings, list items and table rows stay units. A run with no sentence
end is cut at ``MAX_SENTENCE_CHARS`` so that no later step sees unbounded input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from privacy_audit.text.blocks import Block
from privacy_audit.text.language import is_cjk

MAX_SENTENCE_CHARS = 1500
# A run of 。！？；!?; or a "." before a space, each with the closing quotes after it. Written to
# start with one character set, which the regex engine scans for three times faster than it tries
# two alternatives at every character.
_BOUNDARY = re.compile(
    r"[。！？；!?;.](?:(?<=[。！？；!?;])[。！？；!?;]*[”’\"')）\]]*|(?<=\.)(?=[”’\"')\]]*\s)[”’\"')\]]*)"
)
_ABBREVIATIONS = frozenset(
    "e.g i.e etc inc ltd co corp no nos mr mrs ms dr st vs jr sr u.s u.k fig art para sec "
    "approx cf al p.o s.a".split()
)
_OPENING = re.compile(r"\s*[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff•\-*]")


class Sentence(NamedTuple):
    # A named tuple, not a frozen dataclass: as immutable, and made twice as fast (a policy has
    # hundreds).
    text: str
    line: int
    heading: str | None = None
    is_heading: bool = False


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()[0]
    if mark != ".":
        # ';' ends a sentence only in Chinese text: in English it joins clauses.
        return mark != ";" or is_cjk(text[max(match.start() - 1, 0)])
    word_start = match.start()
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“":
        word_start -= 1
    word = text[word_start : match.start()].lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    if word.replace(".", "").isdigit() and not word.endswith("."):
        # "1." opening a line is a list number, not a sentence; "in 2019." ends one.
        return bool(text[:word_start].strip())
    return bool(_OPENING.match(text, match.end()))


def _split_long(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Cut a run longer than the limit at a comma or space near the limit, else anywhere."""
    pieces = []
    while stop - start > MAX_SENTENCE_CHARS:
        low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(mark, low, high) for mark in "，, 、")
        cut = cut + 1 if cut >= low else high
        pieces.append((start, cut))
        start = cut
    pieces.append((start, stop))
    return pieces


def _spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ends_sentence(text, match):
            spans.extend(_split_long(text, start, match.end()))
            start = match.end()
    if start < len(text):
        spans.extend(_split_long(text, start, len(text)))
    return spans


def segment(blocks: Iterable[Block]) -> list[Sentence]:
    sentences: list[Sentence] = []
    heading: str | None = None
    for block in blocks:
        if block.heading:
            heading = block.text[:200]
            sentences.append(Sentence(block.text, block.line_at(0), heading, True))
            continue
        for start, end in _spans(block.text):
            piece = block.text[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            offset = start + (len(piece) - len(piece.lstrip()))
            sentences.append(Sentence(stripped, block.line_at(offset), heading))
    return sentences
