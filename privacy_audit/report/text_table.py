"""Plain-text tables, for every command that prints one: a header, a rule of dashes, one line
a row, columns two spaces apart, numbers right-aligned (the layout of tabulate's "simple" format).

Written here rather than taken from tabulate: tabulate 0.10 reads its own version from the
installed package metadata when imported, which costs about 25 ms of every ``scan``, a sixth of
its start-up budget, for thirty lines of code. Widths count East Asian wide characters as two
columns, so Chinese lines up.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def text_table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    right = [bool(rows) and all(_is_number(row[i]) for row in rows) for i in range(len(headers))]
    cells = [[str(value) for value in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        padded = []
        for value, width, align_right in zip(values, widths, right):
            gap = " " * (width - display_width(value))
            padded.append(gap + value if align_right else value + gap)
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths)] + [line(row) for row in cells])
