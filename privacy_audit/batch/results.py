"""The results file: JSON Lines, appended one whole line per app, readable while it grows.

Only the parent process writes, one ``write`` of a whole line followed by a flush, so an
interrupted run leaves whole lines and at most one incomplete last line (a write cut short by a
full disk or a crash). Readers skip that tail; a resumed run cuts it off before appending.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from privacy_audit.batch.line import active_by_severity
from privacy_audit.errors import UsageError


class ResultLines:
    """The complete lines of a results file, parsed, streamed; an incomplete last line is left
    out and its size kept in ``partial_bytes``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.complete_bytes = 0
        self.partial_bytes = 0

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        self.complete_bytes = self.partial_bytes = 0
        try:
            handle = open(self.path, "rb")
        except OSError as exc:
            raise UsageError(f"cannot read: {exc.strerror or exc}", self.path) from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.endswith(b"\n"):
                    self.partial_bytes = len(raw)
                    return
                self.complete_bytes += len(raw)
                if raw.strip():
                    yield number, self._parse(raw, number)

    def _parse(self, raw: bytes, number: int) -> dict[str, Any]:
        try:
            line: Any = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            line = None
        batch = line.get("batch") if isinstance(line, dict) else None
        if not isinstance(batch, dict) or not isinstance(batch.get("app"), str) or batch.get("status") not in ("ok", "error"):
            raise UsageError(f"line {number} is not a privacy-audit batch result line", self.path)
        parsed: dict[str, Any] = line
        return parsed


@dataclass(frozen=True, slots=True)
class DoneApp:
    """What a results file says of one app: its inputs' hashes and outcome (the last line wins)."""

    hashes: dict[str, str]
    status: str
    active: dict[str, int] | None  # findings that fail it, by severity (none for an error)


def done_apps(lines: ResultLines) -> dict[str, DoneApp]:
    done: dict[str, DoneApp] = {}
    for _, line in lines:
        batch = line["batch"]
        active = active_by_severity(line) if batch["status"] == "ok" else None
        done[batch["app"]] = DoneApp(dict(batch.get("input_hashes") or {}), batch["status"], active)
    return done


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """What an earlier run left in the results file."""

    done: dict[str, DoneApp]
    complete_bytes: int
    partial_bytes: int  # an incomplete last line, cut off before appending


def previous_run(path: str) -> PreviousRun:
    if not os.path.exists(path):
        return PreviousRun({}, 0, 0)
    lines = ResultLines(path)
    done = done_apps(lines)
    return PreviousRun(done, lines.complete_bytes, lines.partial_bytes)


class ResultsWriter:
    """Appends whole lines; flushed one by one so that a killed run loses no finished app."""

    def __init__(self, path: str, keep_bytes: int | None = None) -> None:
        try:
            if keep_bytes is not None:
                os.truncate(path, keep_bytes)
            self._handle: BinaryIO = open(path, "ab")
        except OSError as exc:
            raise UsageError(f"cannot write: {exc.strerror or exc}", path) from None
        self.path = path

    def write(self, line: bytes) -> None:
        self._handle.write(line)
        self._handle.flush()

    def close(self) -> None:
        if not self._handle.closed:
            os.fsync(self._handle.fileno())
            self._handle.close()

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
