"""A matcher skips sentences holding none of its terms' first words or characters, and finds English
words by the character before them: neither may lose or move a match."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, SAMPLES, SHARED_DATA
from privacy_audit.readers.policy import to_blocks
from privacy_audit.text.encoding import decode_text
from privacy_audit.text.lexicon import Matcher
from privacy_audit.text.segment import segment
from privacy_audit.text.statements import builtin_lexicon


def _real_sentences(lang: str) -> list[str]:
    fixtures = ROOT / "tests/fixtures/lending-statements.jsonl"
    sentences = [row["text"] for row in map(json.loads, fixtures.open()) if row["lang"] == lang]
    dev = SHARED_DATA / "policy-sentences/dev.jsonl"  # more real sentences where ../shared is beside us
    if dev.is_file():
        sentences += [row["text"] for row in map(json.loads, dev.open()) if row["lang"] == lang]
    for policy in SAMPLES.glob(f"lending-{lang}-*/*"):
        if policy.suffix in (".html", ".md", ".txt") and policy.name != "README.md":
            text = decode_text(policy.read_bytes(), str(policy))[0]
            sentences += [s.text for s in segment(to_blocks(text, policy.suffix))]
    return sentences


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_skipping_sentences_by_their_firsts_loses_no_match_on_real_text(lang: str) -> None:
    lexicon = builtin_lexicon(lang)
    sections = (lexicon.objects, lexicon.actions, lexicon.contexts, lexicon.parties, lexicon.cues, lexicon.purposes)
    matchers = [m for section in sections for m in section.values()] + [lexicon.trigger, lexicon.not_objects]
    sentences = _real_sentences(lang)
    skipped = 0
    for text in map(lexicon.normalise, sentences):
        for matcher in matchers:
            whole_scan = [(sp.start, sp.end) for sp in matcher._scan(text)]
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
def test_first_words_of_english_terms(terms: list[str], text: str, found: list[str]) -> None:
    assert [s.term for s in Matcher(terms, spaced=True).find(text)] == found


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (["通讯录"], "读取您的通讯录", ["通讯录"]),
        (["读取…通讯录"], "读取您的手机通讯录", ["读取您的手机通讯录"]),
        (["…联系人"], "紧急联系人", ["紧急联系人"]),  # starts with a gap: always scanned
        (["通讯录"], "读取您的位置", []),
    ],
)
def test_first_characters_of_chinese_terms(terms: list[str], text: str, found: list[str]) -> None:
    assert [s.term for s in Matcher(terms, spaced=False).find(text)] == found


def _lookbehind_spans(matcher: Matcher, text: str) -> list[tuple[int, int, str]]:
    """The spans the same terms give when a word start is a lookbehind: the plain way to write it."""
    lead = "[^a-z0-9_]"
    if matcher._pattern is None:
        return []  # a category with no terms
    assert matcher._pattern.pattern.startswith(lead)
    plain = re.compile("(?<![a-z0-9_])" + matcher._pattern.pattern[len(lead) :])
    return [(m.start(), m.end(), m.group()) for m in plain.finditer(text)]


def test_english_matches_are_those_a_lookbehind_finds_on_real_text() -> None:
    lexicon = builtin_lexicon("en")
    sections = (lexicon.objects, lexicon.actions, lexicon.contexts, lexicon.parties, lexicon.cues, lexicon.purposes)
    matchers = [m for section in sections for m in section.values()] + [lexicon.trigger, lexicon.not_objects]
    found = 0
    for text in map(lexicon.normalise, _real_sentences("en")):
        for matcher in matchers:
            spans = [(s.start, s.end, s.term) for s in matcher._scan(text)]
            assert spans == _lookbehind_spans(matcher, text), (matcher.terms[:3], text)
            assert matcher.search(text) == bool(spans)
            found += len(spans)
    assert found > 500  # matches were compared, not only their absence (791 without ../shared)


@pytest.mark.parametrize(
    ("terms", "text"),
    [
        (["contacts"], "contacts"),  # at the start and the end of the text
        (["contact*", "état"], "contact-état"),  # a match ending in "-": the next word starts right after it
        (["e-mail", "mail"], "e-mail mail-e-mail"),
        (["your", "contacts"], "your contacts,contacts"),
        (["access…contacts"], "(access to all of your contacts)"),
        (["sms"], "sms_log smses 2sms sms"),
    ],
)
def test_english_matches_at_edges_are_those_a_lookbehind_finds(terms: list[str], text: str) -> None:
    matcher = Matcher(terms, spaced=True)
    spans = [(s.start, s.end, s.term) for s in matcher._scan(text)]
    assert spans == _lookbehind_spans(matcher, text) and spans
