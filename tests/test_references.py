"""The reference registry: every entry has a status; an uncertain article is printed nowhere; every
report format shows each reference with its URL."""

from __future__ import annotations

import json

import pytest

from conftest import android_manifest, run
from privacy_audit.api import AuditOptions, audit_sources
from privacy_audit.engine.packs import market_packs
from privacy_audit.engine.references import reference_registry
from privacy_audit.engine.rules import builtin_packs, load_rules
from privacy_audit.engine.ruletest import fixture_sources
from privacy_audit.report import FORMATS, render
from privacy_audit.resources import builtin_dir, load_yaml

RAW = load_yaml(builtin_dir() / "references.yaml")["references"]
UNCERTAIN_ARTICLES = {key: str(entry["article"]) for key, entry in RAW.items() if entry["status"] == "uncertain" and entry.get("article")}


def test_every_reference_has_a_status_an_issuer_and_a_known_market() -> None:
    assert RAW and all(entry.get("status") in ("official", "secondary", "uncertain") for entry in RAW.values())
    assert all(entry.get("issuer") and entry.get("instrument") for entry in RAW.values())
    markets = set(market_packs())
    assert {entry.get("market") for entry in RAW.values()} <= markets | {None}
    assert all(isinstance(entry.get("date", ""), str) for entry in RAW.values()), "dates are quoted text"
    assert set(reference_registry()) == set(RAW)


def test_the_registry_drops_uncertain_articles() -> None:
    assert UNCERTAIN_ARTICLES, "the registry has an uncertain article, so the tests below test something"
    registry = reference_registry()
    for key in UNCERTAIN_ARTICLES:
        assert registry[key].article is None and registry[key].status == "uncertain"
    assert registry["pipl-16"].article == "Art. 16"


def test_every_cited_reference_exists_and_every_entry_is_cited() -> None:
    rules = load_rules(builtin_packs(), validate_builtin=True)
    cited = {r.id for rule in rules for r in rule.references} | {r.id for rule in rules for o in rule.overlays for r in o.references}
    assert cited == set(RAW)


def _outputs_citing_uncertain_references() -> list[str]:
    """Every report format of every fixture that fires a rule (or overlay) citing an uncertain
    reference, and the listings of those rules, in both languages."""
    rules = load_rules(builtin_packs())
    outputs = []
    for rule in rules:
        parts = [(rule.alone(), rule.references, rule.tests)]
        parts += [(rule, o.references, o.tests if o.condition is not None else rule.tests) for o in rule.overlays]
        for subject, references, tests in parts:
            if not {r.id for r in references} & set(UNCERTAIN_ARTICLES):
                continue
            for fixture in tests["fires"]:
                sources = fixture_sources(rule.path, rule.id, fixture["files"])
                for lang in ("en", "zh"):
                    report = audit_sources(sources, AuditOptions(rules=[subject], lang=lang))
                    assert report.findings, f"{rule.id} {fixture['name']}"
                    outputs += [render(report, name) for name in FORMATS]
            for lang in ("en", "zh"):
                outputs += run("rules", "show", rule.id, "--lang", lang)[1:]
                outputs += run("rules", "show", rule.id, "--format", "json")[1:]
    outputs += run("rules", "list", "--format", "json")[1:]
    return outputs


def test_no_report_or_listing_prints_an_uncertain_article() -> None:
    outputs = _outputs_citing_uncertain_references()
    assert len(outputs) > 10
    for article in UNCERTAIN_ARTICLES.values():
        assert all(article not in text for text in outputs), article
    # The instrument itself is still cited.
    assert any("GB/T 35273-2020" in text for text in outputs)


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_every_format_shows_the_references_with_their_url(format_name: str) -> None:
    manifest = android_manifest("READ_CONTACTS")
    sources = fixture_sources("x", "app", {"AndroidManifest.xml": manifest})
    report = audit_sources(sources, AuditOptions(stores=["google-play"], jurisdictions=["cn"]))
    text = render(report, format_name)
    pa101 = next(f for f in report.findings if f.rule_id == "PA101")
    for reference in pa101.references:
        if reference.url:
            assert reference.url in text, (format_name, reference.id)
    assert "google-play" in text


def test_sarif_rule_properties_list_packs_and_references() -> None:
    manifest = android_manifest("READ_SMS")
    report = audit_sources(fixture_sources("x", "app", {"AndroidManifest.xml": manifest}), AuditOptions(stores=["google-play"]))
    run = json.loads(render(report, "sarif"))["runs"][0]
    (rule,) = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "PA110"]
    assert rule["properties"]["packs"] == ["core", "google-play"]
    assert "play-sms-call-log" in {r.get("id") for r in rule["properties"]["references"]}
    assert "https://support.google.com/googleplay/android-developer/answer/10208820" in rule["help"]["markdown"]


def test_chinese_reports_name_chinese_instruments_in_chinese() -> None:
    policy = "# 隐私政策\n如您拒绝授权通讯录权限，将无法使用借款服务。\n"
    sources = fixture_sources("x", "app", {"隐私政策.md": policy})
    report = audit_sources(sources, AuditOptions(jurisdictions=["cn"], lang="zh"))
    text = render(report, "table")
    assert "中华人民共和国个人信息保护法 Art. 16" in text
    assert "Personal Information Protection Law of the PRC) Art. 16" not in text
