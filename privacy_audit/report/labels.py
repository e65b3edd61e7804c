"""The languages reports are written in, and the words every report and rule listing labels a
finding's parts with: one table, so the table report, Markdown, SARIF and ``rules show`` agree."""

from __future__ import annotations

# An action's audience ("developer", "user") and a finding's references, as running text labels them.
PART_LABELS: dict[str, dict[str, str]] = {
    "en": {"developer": "fix", "user": "for borrowers and their contacts", "references": "rests on"},
    "zh": {"developer": "整改", "user": "借款人及联系人", "references": "依据"},
}
LANGUAGES: tuple[str, ...] = tuple(PART_LABELS)


def part_label(lang: str, part: str) -> str:
    """The label of a finding's part in running text: ``fix``, ``rests on``."""
    return PART_LABELS[lang][part]


def part_heading(lang: str, part: str) -> str:
    """The same label starting a paragraph (Markdown, SARIF help): ``Fix``, ``Rests on``."""
    label = part_label(lang, part)
    return label[:1].upper() + label[1:]
