"""Rules x facts -> findings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from privacy_audit.engine.facts import FactIndex
from privacy_audit.engine.rules import Rule
from privacy_audit.model import AppFacts, Evidence, Finding, severity_rank
from privacy_audit.paths import relative_path


def fingerprint(rule_id: str, evidence: Iterable[Evidence], root: str | None = None) -> str:
    """Stable across commits: the rule and what the evidence says, not the lines it is on.
    Files count by their path under ``root``, so the folder the tool ran from does not matter."""
    keys = sorted({f"{relative_path(e.file, root)}\x1f{' '.join(e.text.split())}" for e in evidence})
    digest = hashlib.sha256("\x1e".join([rule_id, *keys]).encode("utf-8")).hexdigest()
    return digest[:32]


def evaluate(rules: Iterable[Rule], facts: AppFacts, lang: str = "en", root: str | None = None) -> list[Finding]:
    index = FactIndex(facts)
    findings: list[Finding] = []
    for rule in rules:
        if rule.categories is not None and facts.category not in rule.categories:
            continue
        matched, evidence = rule.condition(index)
        if not matched:
            continue
        evidence = list(dict.fromkeys(evidence))
        findings.append(
            Finding(
                rule_id=rule.id,
                name=rule.name,
                severity=rule.severity,
                confidence=rule.confidence,
                title=rule.title[lang],
                message=rule.message[lang],
                pack=rule.pack,
                evidence=evidence,
                actions=rule.localized_actions(lang),
                references=list(rule.references),
                fingerprint=fingerprint(rule.id, evidence, root),
            )
        )
    findings.sort(key=lambda f: (severity_rank(f.severity), f.rule_id))
    return findings
