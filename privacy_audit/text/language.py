"""Tell the language of a text: Chinese by script, Latin-script languages by function words."""

from __future__ import annotations

import functools
import re
from collections import Counter

from privacy_audit.resources import builtin_yaml

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
# Runs, not single characters: counting by the lengths of runs is four times faster on Chinese
# text than counting matches one by one.
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")
_CJK_RUN = re.compile("[\u2e80-\u9fff\uff00-\uffef]+")
# A policy's first three thousand characters of running text (some five hundred words) tell its
# language as well as the whole of it does, at a fraction of the cost on every policy. Its first
# thousand, when they hold no Chinese and one language's function words lead the others' four to
# one, tell it at a third of that cost. Both hold for all 136 policies in ../shared/data/policies
# (tests/test_language.py checks them, with ten windows of the one English policy).
_SAMPLE_CHARS = 3_000
_QUICK_SAMPLE_CHARS = 1_000
_QUICK_LEAD = 4
_QUICK_HITS = 12


@functools.cache
def _table() -> tuple[frozenset[str], dict[str, str], dict[str, frozenset[str]]]:
    data = builtin_yaml("lexicons/languages.yaml")
    words = {lang: frozenset(w.lower() for w in items) for lang, items in data["function_words"].items()}
    return frozenset(data["supported"]), dict(data["names"]), words


def is_cjk(char: str) -> bool:
    """A character of written Chinese: Han ideographs, CJK radicals and punctuation, full-width forms."""
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def cjk_count(text: str) -> int:
    """How many characters of ``text`` are ``is_cjk``."""
    return sum(map(len, _CJK_RUN.findall(text)))


def has_cjk(text: str) -> bool:
    """Whether a text has a Chinese character (this runs on every sentence: ASCII text, most of
    an English policy, is told at once, without a scan)."""
    return not text.isascii() and _HAN_RUN.search(text) is not None


def has_letter(text: str) -> bool:
    """Whether a text has a letter of any script (a word character that is no digit or underscore,
    as the words counted to tell a language)."""
    return _WORD.search(text) is not None


def detect(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text has too few words to tell."""
    head = text[:_QUICK_SAMPLE_CHARS]
    if len(text) > len(head) and _HAN_RUN.search(head) is None:
        best, hits, runner_up = _function_word_vote(head)
        if hits >= _QUICK_HITS and hits >= _QUICK_LEAD * runner_up:
            return best
    return detect_in_sample(text[:_SAMPLE_CHARS])


def detect_in_sample(sample: str) -> str | None:
    """``detect`` on the whole of ``sample``, however long."""
    han = sum(map(len, _HAN_RUN.findall(sample)))
    if han >= 20 and han >= 0.3 * sum(map(len, _ASCII_WORD.findall(sample))):
        return "zh"
    best, hits, runner_up = _function_word_vote(sample)
    # A short text is told by fewer words, as long as one language clearly leads.
    if hits >= 3 or (hits >= 2 and runner_up == 0):
        return best
    return "zh" if han >= 5 else None


def _function_word_vote(sample: str) -> tuple[str | None, int, int]:
    """The language whose function words are most frequent, their count and the runner-up's."""
    _, _, function_words = _table()
    # Each word counted once, then looked up per language: not every word once per language.
    frequency = Counter(_WORD.findall(sample.lower()))
    counts = Counter({lang: sum(frequency[w] for w in words) for lang, words in function_words.items()})
    ranked = counts.most_common(2)
    best, hits = ranked[0] if ranked else (None, 0)
    return best, hits, ranked[1][1] if len(ranked) > 1 else 0


def supported() -> frozenset[str]:
    """The languages whose policies are analysed."""
    return _table()[0]


def is_supported(lang: str | None) -> bool:
    return lang in supported()


def name(lang: str | None) -> str:
    if lang is None:
        return "unknown"
    return _table()[1].get(lang, lang)
