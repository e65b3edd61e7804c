"""Lexicons (``rules/lexicons/<lang>.yaml``) compiled into matchers.

A lexicon term is plain text with two marks: ``…`` (a short gap: a few characters in Chinese,
a few words in English) and, in English, a trailing ``*`` (any word ending). English terms
match whole words of lower-cased text. Every pattern is a bounded alternation, so matching time
is linear in the text whatever the input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_audit.errors import RuleError
from privacy_audit.resources import builtin_dir, load_yaml

GAP = "…"
SECTIONS = ("objects", "actions", "contexts", "parties", "cues", "purposes")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    term: str


class Matcher:
    """Finds the terms of one lexicon category in a text (longest term first at a position)."""

    __slots__ = ("terms", "_pattern")

    def __init__(self, terms: Iterable[str], spaced: bool) -> None:
        self.terms = tuple(dict.fromkeys(t for t in terms if t))
        if not self.terms:
            self._pattern = None
            return
        parts = sorted((_term_pattern(t, spaced) for t in self.terms), key=len, reverse=True)
        self._pattern = re.compile("|".join(parts))

    def find(self, text: str) -> list[Span]:
        if self._pattern is None:
            return []
        return [Span(m.start(), m.end(), m.group()) for m in self._pattern.finditer(text)]

    def search(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None


def _term_pattern(term: str, spaced: bool) -> str:
    if not spaced:
        return ".{0,12}?".join(re.escape(part) for part in term.split(GAP))
    words = []
    for part in term.lower().split(GAP):
        part = part.strip()
        wildcard = part.endswith("*")
        body = re.escape(part.rstrip("*")).replace(r"\ ", r"\s+")
        words.append(body + (r"[a-z\-]*" if wildcard else ""))
    joined = r"(?:\W+\w+){0,4}?\W+".join(words)
    return rf"(?<![a-z0-9_]){joined}(?![a-z0-9_])"


@dataclass(frozen=True, slots=True)
class Lexicon:
    language: str
    spaced: bool
    objects: Mapping[str, Matcher]
    not_objects: Matcher
    actions: Mapping[str, Matcher]
    contexts: Mapping[str, Matcher]
    parties: Mapping[str, Matcher]
    cues: Mapping[str, Matcher]
    purposes: Mapping[str, Matcher]
    # Any object or withdraw/delete verb: a sentence without one states nothing we look for.
    trigger: Matcher

    def normalise(self, text: str) -> str:
        """The text matching runs on; offsets are those of the original text."""
        return text.lower() if self.spaced else text


def _category(data: Mapping[str, Any], section: str, path: str) -> dict[str, list[str]]:
    value = data.get(section, {})
    if not isinstance(value, Mapping) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in value.values()
    ):
        raise RuleError(f"'{section}' must map category names to lists of terms", path, f"$.{section}")
    return {str(k): list(v) for k, v in value.items()}


def merge_lexicon_data(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Add a user's terms to a lexicon: lists are extended, never replaced."""
    merged = dict(base)
    for section in SECTIONS:
        categories = {k: list(v) for k, v in base.get(section, {}).items()}
        for name, terms in (extra.get(section) or {}).items():
            categories.setdefault(name, []).extend(terms)
        merged[section] = categories
    merged["not_objects"] = list(base.get("not_objects", [])) + list(extra.get("not_objects", []))
    return merged


def compile_lexicon(data: Mapping[str, Any], path: str) -> Lexicon:
    language = data.get("language")
    if not isinstance(language, str):
        raise RuleError("a lexicon needs a 'language'", path, "$.language")
    spaced = language != "zh"
    sections = {s: _category(data, s, path) for s in SECTIONS}
    for required in ("objects", "actions", "cues"):
        if not sections[required]:
            raise RuleError(f"a lexicon needs '{required}'", path, f"$.{required}")

    def matchers(section: str) -> dict[str, Matcher]:
        return {name: Matcher(terms, spaced) for name, terms in sections[section].items()}

    objects = matchers("objects")
    actions = matchers("actions")
    trigger_terms = [t for terms in sections["objects"].values() for t in terms]
    trigger_terms += sections["actions"].get("withdraw", []) + sections["actions"].get("delete", [])
    trigger_terms += sections["parties"].get("collector", [])
    return Lexicon(
        language=language,
        spaced=spaced,
        objects=objects,
        not_objects=Matcher(data.get("not_objects", []), spaced),
        actions=actions,
        contexts=matchers("contexts"),
        parties=matchers("parties"),
        cues=matchers("cues"),
        purposes=matchers("purposes"),
        trigger=Matcher(trigger_terms, spaced),
    )


@functools.cache
def builtin_lexicon(language: str) -> Lexicon:
    path = builtin_dir() / "lexicons" / f"{language}.yaml"
    return compile_lexicon(load_yaml(path), str(path))


def load_lexicon(language: str, extra_dirs: tuple[Path, ...] = ()) -> Lexicon:
    """The built-in lexicon, extended by ``lexicons/<language>.yaml`` in each user rule folder."""
    extras = [d / "lexicons" / f"{language}.yaml" for d in extra_dirs]
    extras = [p for p in extras if p.is_file()]
    if not extras:
        return builtin_lexicon(language)
    path = builtin_dir() / "lexicons" / f"{language}.yaml"
    data: dict[str, Any] = load_yaml(path)
    for extra in extras:
        loaded = load_yaml(extra)
        if not isinstance(loaded, Mapping):
            raise RuleError("a lexicon must be a mapping", str(extra), "$")
        for section in SECTIONS:
            _category(loaded, section, str(extra))
        data = merge_lexicon_data(data, loaded)
    return compile_lexicon(data, str(extras[-1]))
