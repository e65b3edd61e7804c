"""Rule tests: every rule carries fixtures that must make it fire and a compliant twin that
must keep it quiet (like ``semgrep --test``). Fixtures are small apps held in the rule file
itself; they are audited in memory, nothing is written to disk.

A rule's own fixtures are run on the rule alone. An overlay is run on its rule with that overlay
only: with its own fixtures, it must hold on the `fires` apps and not on the `quiet` ones; without
(an overlay that holds whenever its rule does), the rule's fixtures must show it hold exactly where
the rule fires.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from privacy_audit.engine.rules import Overlay, Rule
from privacy_audit.errors import PrivacyAuditError
from privacy_audit.model import Finding
from privacy_audit.readers.kinds import kind_of
from privacy_audit.readers.source import Source

EXPECTATIONS = ("fires", "quiet")


@dataclass(frozen=True, slots=True)
class FixtureResult:
    rule_id: str  # "PA101", or "PA101+google-play:name" for an overlay
    expectation: str  # "fires" or "quiet"
    name: str
    passed: bool
    detail: str


def fixture_sources(path: str, label: str, files: Mapping[str, str]) -> list[tuple[str, Source]]:
    sources = []
    for name, content in files.items():
        data = content.encode("utf-8")
        kind = kind_of(name, data[:512])
        if kind is None:
            raise PrivacyAuditError(f"fixture file {name!r}: cannot tell what kind of input it is", path)
        sources.append((kind, Source(f"{label}/{name}", data)))
    return sources


def _audit(rule: Rule, fixture: Mapping[str, Any], path: str, label: str) -> list[Finding]:
    from privacy_audit.api import AuditOptions, audit_sources

    options = AuditOptions(
        category=fixture.get("category", "lending"),
        jurisdictions=fixture.get("jurisdictions", ()),
        stores=fixture.get("stores", ()),
        rules=[rule],
    )
    report = audit_sources(fixture_sources(path, label, fixture["files"]), options)
    return [f for f in report.findings if f.rule_id == rule.id]


def _where(finding: Finding) -> str:
    return "; ".join(f"{e.file}:{e.line} {e.text[:80]}" for e in finding.evidence)


def run_fixture(rule: Rule, fixture: Mapping[str, Any], expectation: str, overlay: Overlay | None = None) -> FixtureResult:
    """Audit one fixture: did the rule (or the overlay, if given) hold as expected?"""
    label = f"{rule.id}+{overlay.key}" if overlay else rule.id
    name = str(fixture.get("name", "?"))
    try:
        fired = _audit(rule, fixture, overlay.path if overlay else rule.path, label)
    except PrivacyAuditError as exc:
        return FixtureResult(label, expectation, name, False, f"error: {exc}")
    if overlay is not None:
        fired = [f for f in fired if overlay.key in f.overlays]
    passed = bool(fired) == (expectation == "fires")
    if passed:
        detail = "fired" if fired else "quiet"
    elif fired:
        detail = "fired on the compliant fixture: " + _where(fired[0])
    else:
        detail = "did not fire"
    return FixtureResult(label, expectation, name, passed, detail)


def _fixture_runs(owner: Rule | Overlay) -> Iterable[tuple[str, Mapping[str, Any] | None]]:
    tests = owner.tests or {}
    for expectation in EXPECTATIONS:
        fixtures = tests.get(expectation) or []
        if not fixtures:
            yield expectation, None
        for fixture in fixtures:
            yield expectation, fixture


def run_rule_tests(rules: Iterable[Rule], mine: Callable[[str], bool] | None = None) -> list[FixtureResult]:
    """Run the fixtures of every rule and overlay; with ``mine``, only of those whose file it
    accepts (a user's folder: their own rules, and their overlays of built-in rules)."""
    mine = mine or (lambda path: True)
    results = []
    for rule in rules:
        if mine(rule.path):
            alone = rule.alone()
            for expectation, fixture in _fixture_runs(rule):
                if fixture is None:
                    results.append(FixtureResult(rule.id, expectation, "-", False, f"the rule has no '{expectation}' fixture"))
                else:
                    results.append(run_fixture(alone, fixture, expectation))
        for overlay in rule.overlays:
            if not mine(overlay.path):
                continue
            single = dataclasses.replace(rule, overlays=(overlay,))
            # An overlay with a condition of its own proves it with fixtures of its own.
            owner: Rule | Overlay = overlay if overlay.condition is not None else rule
            for expectation, fixture in _fixture_runs(owner):
                if fixture is None:
                    label = f"{rule.id}+{overlay.key}"
                    results.append(FixtureResult(label, expectation, "-", False, f"the overlay has no '{expectation}' fixture"))
                else:
                    results.append(run_fixture(single, fixture, expectation, overlay))
    return results
