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
from typing import Any, NamedTuple

from privacy_audit.errors import RuleError
from privacy_audit.resources import builtin_dir, builtin_yaml, load_yaml

GAP = "…"
SECTIONS = ("objects", "actions", "contexts", "parties", "cues", "purposes")


class Span(NamedTuple):
    # A named tuple, not a frozen dataclass: as immutable, and made twice as fast (matchers make
    # one per term found).
    start: int
    end: int
    term: str


_WORD_RUN = re.compile(r"[a-z0-9_]+")


@functools.lru_cache(maxsize=16)
def _starts(text: str, spaced: bool) -> tuple[frozenset[str], str]:
    """Where a term may start in ``text``: for English, its words (runs of word characters of the
    lower-cased text), as a set and as one string with a space before each, where " contact" is
    found if a word starts with "contact"; for Chinese, its characters. Every matcher asks about
    one sentence in turn, so this is found once for all of them."""
    if not spaced:
        return frozenset(text), ""
    runs = _WORD_RUN.findall(text)
    return frozenset(runs), " " + " ".join(runs)


class Matcher:
    """Finds the terms of one lexicon category in a text (the longest term at a position wins).

    A match starts with its term's first character (Chinese) or first word (English, where terms
    match at word starts; for ``word*``, a word starting so). A sentence holding none of a
    category's firsts is neither scanned nor, if no sentence has them, compiled for: most
    categories are absent from most sentences, and a set lookup costs far less than a scan. A
    term starting with a gap, or an English one with no word character first, turns this off
    for its category.
    """

    __slots__ = ("terms", "_spaced", "_compiled", "_firsts", "_first_prefixes")

    def __init__(self, terms: Iterable[str], spaced: bool) -> None:
        self.terms = tuple(dict.fromkeys(t for t in terms if t))
        self._spaced = spaced
        self._compiled = False
        self._firsts: frozenset[str] | None = None
        self._first_prefixes: tuple[str, ...] = ()
        self._index_firsts()

    def _index_firsts(self) -> None:
        firsts: set[str] = set()
        prefixes: list[str] = []
        for term in self.terms:
            first_part = term.split(GAP)[0]
            if not self._spaced:
                if not first_part:
                    return
                firsts.add(first_part[0])
                continue
            first_part = first_part.lower().strip()
            first = _WORD_RUN.match(first_part)
            if first is None:
                return
            if first_part == first.group() + "*":
                prefixes.append(" " + first.group())
            else:
                firsts.add(first.group())
        self._firsts, self._first_prefixes = frozenset(firsts), tuple(prefixes)

    def _may_match(self, text: str) -> bool:
        if self._firsts is None:
            return True
        starts, spaced_words = _starts(text, self._spaced)
        if not starts.isdisjoint(self._firsts):
            return True
        # Most categories have no "word*" first: spared the call that would look for none.
        return bool(self._first_prefixes) and any(map(spaced_words.__contains__, self._first_prefixes))

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        # Compiled on first use: a lexicon has some 150 patterns, and a short policy asks for
        # fewer than half of them; compiling all costs a fifth of a scan's start-up.
        if self._compiled is False:
            self.compile()
        return self._compiled

    def compile(self) -> None:
        if self._compiled is False:
            self._compiled = _compile(self.terms, self._spaced) if self.terms else None

    def find(self, text: str) -> list[Span]:
        # Narrowed before compiling: a category no sentence names is never compiled.
        if not self._may_match(text):
            return []
        return self._scan(text)

    def _scan(self, text: str) -> list[Span]:
        pattern = self._pattern
        if pattern is None:
            return []
        if not self._spaced:
            return [Span(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        # The text is searched with a space before it, each match taking the character before
        # its word (see _compile): its start in the padded text is its word's start in the text.
        # The next search starts at the match's last character, which may be the character
        # before the next word, as a lookbehind would have found it.
        padded, spans, position = " " + text, [], 0
        while (match := pattern.search(padded, position)) is not None:
            spans.append(Span(match.start(), match.end() - 1, match.group()[1:]))
            position = match.end() - 1
        return spans

    def search(self, text: str) -> bool:
        # Not narrowed: this is the trigger asked of every sentence, most of which no other
        # matcher reads, and finding a sentence's words costs more than this one scan.
        pattern = self._pattern
        return pattern is not None and pattern.search(" " + text if self._spaced else text) is not None


# English: a gap is up to four words; Chinese: up to twelve characters. Both lazy and bounded.
_GAP = {True: r"(?:\W+\w+){0,4}?\W+", False: ".{0,12}?"}


def _atoms(term: str, spaced: bool) -> list[str]:
    """A term as a list of regex pieces: one per character, gap or word ending."""
    atoms: list[str] = []
    text = term.lower() if spaced else term
    for index, part in enumerate(text.split(GAP)):
        if index:
            atoms.append(_GAP[spaced])
        part = part.strip() if spaced else part
        wildcard = spaced and part.endswith("*")
        for char in part.rstrip("*") if wildcard else part:
            atoms.append(r"\s+" if spaced and char == " " else re.escape(char))
        if wildcard:
            atoms.append(r"[a-z\-]*")
    return atoms


def _compile(terms: Iterable[str], spaced: bool) -> re.Pattern[str]:
    """One pattern for all terms, shaped as a trie so that each position costs one branch walk.

    A flat alternation of hundreds of terms makes the engine try every term at every position;
    the trie shares prefixes and lets the engine skip positions whose first character starts no
    term. English terms match whole words only.
    """
    root: dict[str, dict] = {}
    for term in terms:
        node = root
        for atom in _atoms(term, spaced):
            node = node.setdefault(atom, {})
        node[""] = {}
    body = _trie_regex(root)
    if spaced:
        # A word start is the character before it, matched, not a lookbehind: a pattern that
        # opens with a character set lets the engine skip to where one stands (about one
        # position in six of English text), where one that opens with a lookbehind is tried at
        # every position. Matchers search the text with a space before it.
        body = rf"[^a-z0-9_]{body}(?![a-z0-9_])"
    return re.compile(body)


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [atom + _trie_regex(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    optional = "" in node  # a term ends here: the longer ones are tried first (greedy "?")
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


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
    # A data object, a rights verb, a collector or debt collection: a sentence with none of them
    # states nothing we look for, and costs one search.
    trigger: Matcher

    def compile_all(self) -> None:
        """Compile every matcher now rather than on first use: a batch does so before its
        worker processes fork, which then share the patterns instead of each compiling them."""
        for section in SECTIONS:
            for matcher in getattr(self, section).values():
                matcher.compile()
        self.not_objects.compile()
        self.trigger.compile()

    def normalise(self, text: str) -> str:
        """The text matching runs on; offsets are those of the original text (same length)."""
        if not self.spaced:
            return text
        lowered = text.lower()
        # Typographic apostrophes read as the plain one ("device’s contacts"), one character for
        # one. str.replace, not translate(), which is fifty times slower on non-ASCII text.
        for apostrophe in _APOSTROPHES:
            if apostrophe in lowered:
                lowered = lowered.replace(apostrophe, "'")
        return lowered


_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")
# Categories too common to be worth a look on their own: they matter only next to another term.
_NOT_TRIGGERS = {"objects": ("personal_data", "consent")}
# What makes a sentence worth reading: a data object, a rights verb, a collector, debt collection
# or default (when collectors call), or a promise of separate consent.
_TRIGGERS = {
    "actions": ("withdraw", "delete"),
    "parties": ("collector",),
    "contexts": ("collection", "default"),
    "cues": ("separate_consent",),
}


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
    trigger_terms = [t for name, terms in sections["objects"].items() if name not in _NOT_TRIGGERS["objects"] for t in terms]
    for section, names in _TRIGGERS.items():
        trigger_terms += [t for name in names for t in sections[section].get(name, [])]
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
    return compile_lexicon(builtin_yaml(f"lexicons/{language}.yaml"), str(builtin_dir() / "lexicons" / f"{language}.yaml"))


def load_lexicon(language: str, extra_dirs: tuple[Path, ...] = ()) -> Lexicon:
    """The built-in lexicon, extended by ``lexicons/<language>.yaml`` in each user rule folder."""
    extras = [d / "lexicons" / f"{language}.yaml" for d in extra_dirs]
    extras = [p for p in extras if p.is_file()]
    if not extras:
        return builtin_lexicon(language)
    data: dict[str, Any] = builtin_yaml(f"lexicons/{language}.yaml")
    for extra in extras:
        loaded = load_yaml(extra)
        if not isinstance(loaded, Mapping):
            raise RuleError("a lexicon must be a mapping", str(extra), "$")
        for section in SECTIONS:
            _category(loaded, section, str(extra))
        data = merge_lexicon_data(data, loaded)
    return compile_lexicon(data, str(extras[-1]))
