"""Privacy policies (.txt, .md, .html) -> sentences -> statements."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_audit.errors import InputError
from privacy_audit.limits import POLICY_SHARE, over_limit, policy_limit
from privacy_audit.model import AppFacts, PolicyDocument, Statement
from privacy_audit.readers.source import Source
from privacy_audit.resources import files_state
from privacy_audit.text import language
from privacy_audit.text.blocks import Block, html_blocks, plain_text_blocks
from privacy_audit.text.encoding import decode_text
from privacy_audit.text.lexicon import Lexicon, load_lexicon
from privacy_audit.text.segment import Sentence, segment
from privacy_audit.text.statements import StatementExtractor, extract_statements

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(slots=True)
class PolicyReading:
    document: PolicyDocument
    encoding: str
    sentences: list[Sentence]
    statements: list[Statement] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head


def to_blocks(text: str, suffix: str) -> list[Block]:
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and looks_like_html(text)):
        return html_blocks(text)
    return plain_text_blocks(text, markdown=suffix in MARKDOWN_SUFFIXES)


def _sentence_language(document_language: str) -> Callable[[str], str]:
    """A policy may quote the other supported language; each sentence is read in its own."""

    def choose(text: str) -> str:
        if language.has_cjk(text):
            return "zh"
        return "en" if document_language == "zh" else document_language

    return choose


def _lexicon(code: str, rule_dirs: tuple[Path, ...]) -> Lexicon:
    """Compiled once per process while the user's lexicons are unchanged: a batch reads
    thousands of policies."""
    return _compiled_lexicon(code, rule_dirs, files_state(tuple(d / "lexicons" for d in rule_dirs)))


def prepare_lexicons(rule_dirs: tuple[Path, ...] = ()) -> None:
    """Load and compile the lexicon of every supported language now, as a policy would on first
    use of each pattern: a batch does it once before it forks its worker processes."""
    for code in sorted(language.supported()):
        _lexicon(code, rule_dirs).compile_all()


@functools.lru_cache(maxsize=16)
def _compiled_lexicon(code: str, rule_dirs: tuple[Path, ...], _: tuple[tuple[str, int, int], ...]) -> Lexicon:
    return load_lexicon(code, rule_dirs)


def read_policy(source: Source, rule_dirs: tuple[Path, ...] = ()) -> PolicyReading:
    limit = policy_limit(source.limit)
    if len(source.data) > limit:
        raise InputError(over_limit("the policy", len(source.data), limit, "policies", POLICY_SHARE), source.path)
    text, encoding = decode_text(source.data, source.path)
    if not text.strip():
        # An empty download or a truncated copy: reporting it as a policy that says nothing would
        # turn a missing policy into findings about its content.
        raise InputError("the policy is empty: there is no text to read", source.path)
    sentences = segment(to_blocks(text, source.suffix))
    # Told from the text a reader sees: not the markup, scripts and styles of an HTML page.
    lang = language.detect("\n".join(s.text for s in sentences))
    if not language.is_supported(lang):
        note = (
            f"written in {language.name(lang)}, which privacy-audit cannot read yet: its statements "
            "were not analysed"
            if lang
            else "too little text to tell its language: its statements were not analysed"
        )
        document = PolicyDocument(source.path, lang, False, len(sentences), note)
        return PolicyReading(document, encoding, sentences)
    assert lang is not None
    extractors: dict[str, StatementExtractor] = {}
    pick = _sentence_language(lang)

    def extractor_for(sentence_text: str) -> StatementExtractor | None:
        # A sentence without a letter ("1.", "——") names no data, verb or party: it states
        # nothing in any language. Skipping it spares a Chinese policy's list numbers loading
        # the English lexicon and compiling its trigger.
        if not language.has_letter(sentence_text):
            return None
        code = pick(sentence_text)
        if code not in extractors:
            extractors[code] = StatementExtractor(_lexicon(code, tuple(Path(d) for d in rule_dirs)))
        return extractors[code]

    statements = extract_statements(sentences, extractor_for, source.path)
    document = PolicyDocument(source.path, lang, True, len(sentences))
    return PolicyReading(document, encoding, sentences, statements)


def collect_policy(source: Source, facts: AppFacts, rule_dirs: tuple[Path, ...]) -> dict[str, Any]:
    """The ``policy`` reader: the document and its statements into the app's facts."""
    reading = read_policy(source, rule_dirs)
    facts.policies.append(reading.document)
    facts.statements.extend(reading.statements)
    if reading.document.note:
        facts.warnings.append(f"{source.path}: {reading.document.note}")
    return {
        "encoding": reading.encoding,
        "language": reading.document.language,
        "analysed": reading.document.analysed,
        "sentences": len(reading.sentences),
        "statements": len(reading.statements),
    }
