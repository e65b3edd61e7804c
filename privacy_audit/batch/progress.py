"""A one-line progress report on a terminal: apps done of all, rate, time left, errors.

Silent when the stream is not a terminal (a log, a pipe, CI) or when asked to be quiet; it never
writes to standard output, where results may be going.
"""

from __future__ import annotations

import time
from typing import TextIO

_EVERY = 0.2  # seconds between redraws


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO, enabled: bool, width: int = 24) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.width = width
        self.done = self.errors = self.skipped = 0
        self._start = time.monotonic()
        self._drawn = 0.0

    def advance(self, status: str) -> None:
        self.done += 1
        self.errors += status == "error"
        self.skipped += status == "skipped"
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= _EVERY or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.width)
        audited = self.done - self.skipped
        elapsed = max(now - self._start, 1e-9)
        rate = audited / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        extras = f"  {self.errors} errors" if self.errors else ""
        extras += f"  {self.skipped} already done" if self.skipped else ""
        return f"[{bar}] {self.done}/{self.total} apps  {rate:.1f}/s  left {_clock(left)}{extras}"

    def finish(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
