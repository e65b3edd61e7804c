"""The same lending app declared on Android, iOS and HarmonyOS reads as the same app."""

from __future__ import annotations

from conftest import SAMPLES
from privacy_audit.api import audit
from privacy_audit.model import Report

APP = SAMPLES / "three-platforms"


def scan(platform: str) -> Report:
    return audit([APP / platform], [APP / "privacy-policy.md"])


def capabilities(report: Report) -> set[str]:
    return {p.capability for p in report.facts.permissions if p.effective and p.capability}


def findings(report: Report) -> list[tuple[str, str]]:
    return [(f.rule_id, f.severity) for f in report.findings]


def test_three_platforms_give_the_same_capabilities_and_findings() -> None:
    android, ios, harmonyos = scan("android"), scan("ios"), scan("harmonyos")
    assert capabilities(android) == capabilities(ios) == capabilities(harmonyos) == {"contacts.read", "camera"}
    assert findings(android) == findings(ios) == findings(harmonyos)
    assert {"PA101", "PA105"} <= {rule for rule, _ in findings(android)}
    assert android.facts.package == ios.facts.package == harmonyos.facts.package == "com.example.kwikcash"
    assert [r.facts.platforms for r in (android, ios, harmonyos)] == [{"android"}, {"ios"}, {"harmonyos"}]


def test_purpose_string_is_the_evidence_on_ios_and_harmonyos() -> None:
    for platform in ("ios", "harmonyos"):
        pa101 = next(f for f in scan(platform).findings if f.rule_id == "PA101")
        assert "for risk assessment" in pa101.evidence[0].text
