"""The tool's own errors. Each renders as one line naming the file and the problem."""

from __future__ import annotations

MAX_MESSAGE_CHARS = 600


def one_line(text: str, limit: int | None = MAX_MESSAGE_CHARS) -> str:
    """``text`` as one line a terminal shows as it is: control characters (a newline in a file
    name, an escape sequence quoted from a hostile file) are written as escapes, and a message
    quoting a long value is cut at ``limit`` characters."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


class PrivacyAuditError(Exception):
    """Base of every error the tool reports to the user (exit code 2)."""

    def __init__(self, problem: str, path: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}: {self.problem}"
        return self.problem


class InputError(PrivacyAuditError):
    """An input file (manifest, APK, policy, plist, audit manifest) cannot be read."""


class RuleError(PrivacyAuditError):
    """A rule file, lexicon or data table is invalid.

    ``json_path`` points at the offending part of the document, e.g. ``$.when.all[1].capability``.
    """

    def __init__(self, problem: str, path: str | None = None, json_path: str | None = None) -> None:
        super().__init__(problem, path)
        self.json_path = json_path

    def __str__(self) -> str:
        where = self.path or "<rules>"
        if self.json_path:
            where = f"{where}: {self.json_path}"
        return f"{where}: {self.problem}"


class UsageError(PrivacyAuditError):
    """The options given do not make sense together (e.g. output onto an input file)."""
