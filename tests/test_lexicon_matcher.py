"""A matcher skips sentences holding none of its terms' first words: it must never skip a match."""

from __future__ import annotations

import json
import pytest

from conftest import ROOT, SAMPLES, SHARED_DATA
from privacy_audit.readers.policy import to_blocks
from privacy_audit.text.lexicon import Matcher
from privacy_audit.text.segment import segment
from privacy_audit.text.statements import builtin_lexicon


def _english_sentences() -> list[str]:
    sentences = [json.loads(line)["text"] for line in (ROOT / "tests/fixtures/lending-statements.jsonl").open()]
    for policy in SAMPLES.glob("lending-en-*/*"):
        if policy.suffix in (".html", ".md", ".txt") and policy.name != "README.md":
            sentences += [s.text for s in segment(to_blocks(policy.read_text(), policy.suffix))]
    return sentences


def test_skipping_sentences_by_first_words_loses_no_match_on_real_text() -> None:
    lexicon = builtin_lexicon("en")
    sections = (lexicon.objects, lexicon.actions, lexicon.contexts, lexicon.parties, lexicon.cues, lexicon.purposes)
    matchers = [m for section in sections for m in section.values()] + [lexicon.trigger, lexicon.not_objects]
    sentences = _english_sentences()
    dev = SHARED_DATA / "policy-sentences/dev.jsonl"  # more real sentences where ../shared is beside us
    if dev.is_file():
        sentences += [json.loads(line)["text"] for line in dev.open()]
    skipped = 0
    for text in map(lexicon.normalise, sentences):
        for matcher in matchers:
            whole_scan = [(m.start(), m.end()) for m in matcher._pattern.finditer(text)] if matcher.terms else []
            assert [(s.start, s.end) for s in matcher.find(text)] == whole_scan, (matcher.terms[:3], text)
            skipped += not matcher._may_match(text)
    assert skipped > len(sentences)  # the shortcut is taken, not only correct


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (["contact*"], "upload your contacts", ["contacts"]),
        (["contact*"], "uncontacted", []),
        (["address book"], "your address book", ["address book"]),
        (["address book"], "addressbook", []),
        (["access…contacts"], "access to your contacts", ["access to your contacts"]),
        (["e-mail"], "your e-mail", ["e-mail"]),
        (["#contacts"], "see #contacts", ["#contacts"]),  # no first word: always scanned
    ],
)
def test_first_words_of_terms(terms: list[str], text: str, found: list[str]) -> None:
    assert [s.term for s in Matcher(terms, spaced=True).find(text)] == found
