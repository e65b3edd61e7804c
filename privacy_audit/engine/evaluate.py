"""Rules x facts -> findings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from privacy_audit.engine.facts import FactIndex
from privacy_audit.engine.rules import Overlay, Rule
from privacy_audit.model import (
    Action,
    AppFacts,
    Evidence,
    Finding,
    Reference,
    severity_rank,
)
from privacy_audit.paths import relative_path


def fingerprint(rule_id: str, evidence: Iterable[Evidence], root: str | None = None) -> str:
    """Stable across commits: the rule and what the evidence says, not the lines it is on.
    Files count by their path under ``root``, so the folder the tool ran from does not matter."""
    keys = sorted({f"{relative_path(e.file, root)}\x1f{' '.join(e.text.split())}" for e in evidence})
    digest = hashlib.sha256("\x1e".join([rule_id, *keys]).encode("utf-8")).hexdigest()
    return digest[:32]


def _unique(references: Iterable[Reference]) -> list[Reference]:
    seen: dict[tuple[str | None, str, str | None], Reference] = {}
    for reference in references:
        seen.setdefault((reference.id, reference.instrument, reference.article), reference)
    return list(seen.values())


def _finding(rule: Rule, base_held: bool, held: list[Overlay], evidence: list[Evidence], lang: str, root: str | None) -> Finding:
    """One finding from the parts of a rule that held: the rule's own, and its overlays'."""
    severity = min([rule.severity, *(o.severity for o in held if o.severity)], key=severity_rank)
    notes = [o.message[lang] for o in held if o.message]
    actions = rule.localized_actions(lang) + [Action(a["audience"], a[lang]) for o in held for a in o.actions]
    references = (list(rule.references) if base_held else []) + [r for o in held for r in o.references]
    evidence = list(dict.fromkeys(evidence))
    return Finding(
        rule_id=rule.id,
        name=rule.name,
        severity=severity,
        confidence=rule.confidence,
        title=rule.title[lang],
        message=" ".join([rule.message[lang], *notes]),
        pack=rule.pack,
        evidence=evidence,
        actions=actions,
        references=_unique(references),
        fingerprint=fingerprint(rule.id, evidence, root),
        packs=list(dict.fromkeys(([rule.pack] if base_held else []) + [o.pack for o in held])),
        overlays=tuple(o.key for o in held),
    )


def evaluate(rules: Iterable[Rule], facts: AppFacts, lang: str = "en", root: str | None = None) -> list[Finding]:
    """The findings of the rules that hold on ``facts``, in rule order."""
    index = FactIndex(facts)
    findings: list[Finding] = []
    for rule in rules:
        if rule.categories is not None and facts.category not in rule.categories:
            continue
        base_held, evidence = rule.condition(index)
        held: list[Overlay] = []
        for overlay in rule.overlays:
            if not (base_held or overlay.widens):
                continue
            ok, found = overlay.condition(index) if overlay.condition is not None else (True, [])
            if ok:
                held.append(overlay)
                evidence = evidence + found
        if base_held or held:
            findings.append(_finding(rule, base_held, held, evidence, lang, root))
    return findings
