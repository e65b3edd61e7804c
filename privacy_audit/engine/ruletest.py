"""Rule tests: every rule carries fixtures that must make it fire and a compliant twin that
must keep it quiet (like ``semgrep --test``). Fixtures are small apps held in the rule file
itself; they are audited in memory, nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from privacy_audit.engine.rules import Rule
from privacy_audit.errors import PrivacyAuditError
from privacy_audit.readers.kinds import kind_of
from privacy_audit.readers.source import Source


@dataclass(frozen=True, slots=True)
class FixtureResult:
    rule_id: str
    expectation: str  # "fires" or "quiet"
    name: str
    passed: bool
    detail: str


def fixture_sources(rule: Rule, files: Mapping[str, str]) -> list[tuple[str, Source]]:
    sources = []
    for name, content in files.items():
        data = content.encode("utf-8")
        kind = kind_of(name, data[:512])
        if kind is None:
            raise PrivacyAuditError(f"fixture file {name!r}: cannot tell what kind of input it is", rule.path)
        sources.append((kind, Source(f"{rule.id}/{name}", data)))
    return sources


def run_fixture(rule: Rule, fixture: Mapping[str, Any], expectation: str) -> FixtureResult:
    from privacy_audit.api import AuditOptions, audit_sources

    options = AuditOptions(
        category=fixture.get("category", "lending"),
        jurisdictions=fixture.get("jurisdictions", ()),
        stores=fixture.get("stores", ()),
        rules=[rule],
    )
    name = str(fixture.get("name", "?"))
    try:
        report = audit_sources(fixture_sources(rule, fixture["files"]), options)
    except PrivacyAuditError as exc:
        return FixtureResult(rule.id, expectation, name, False, f"error: {exc}")
    fired = [f for f in report.findings if f.rule_id == rule.id]
    passed = bool(fired) == (expectation == "fires")
    if passed:
        detail = "fired" if fired else "quiet"
    elif fired:
        detail = "fired on the compliant fixture: " + "; ".join(f"{e.file}:{e.line} {e.text[:80]}" for e in fired[0].evidence)
    else:
        detail = "did not fire"
    return FixtureResult(rule.id, expectation, name, passed, detail)


def run_rule_tests(rules: Iterable[Rule]) -> list[FixtureResult]:
    results = []
    for rule in rules:
        tests = rule.tests or {}
        for expectation in ("fires", "quiet"):
            fixtures = tests.get(expectation) or []
            if not fixtures:
                results.append(FixtureResult(rule.id, expectation, "-", False, f"the rule has no '{expectation}' fixture"))
            for fixture in fixtures:
                results.append(run_fixture(rule, fixture, expectation))
    return results
