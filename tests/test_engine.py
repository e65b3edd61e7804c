from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import android_manifest
from privacy_audit.api import AuditOptions, audit_sources
from privacy_audit.engine.conditions import compile_condition
from privacy_audit.engine.evaluate import fingerprint
from privacy_audit.engine.facts import FactIndex
from privacy_audit.engine.rules import builtin_packs, load_rules
from privacy_audit.engine.ruletest import run_rule_tests
from privacy_audit.errors import RuleError
from privacy_audit.model import AppFacts, Evidence, Permission, PolicyDocument, Statement
from privacy_audit.resources import builtin_dir, load_yaml, schema


def facts_with(permissions=(), statements=(), policies=(), declared=None, **kwargs) -> AppFacts:
    facts = AppFacts(**kwargs)
    facts.permissions.extend(permissions)
    facts.statements.extend(statements)
    facts.policies.extend(policies)
    facts.declared = declared or {}
    facts.declared_evidence = Evidence("privacy-audit.yaml", 3, "practices:")
    return facts


def permission(name: str, capability: str | None, state: str = "requested", line: int = 2) -> Permission:
    return Permission(name, "android", capability, state, Evidence("AndroidManifest.xml", line, name), "uses-permission")


def statement(practice: str, polarity: str, confidence: str = "high", actor: str | None = None) -> Statement:
    return Statement(practice, polarity, confidence, Evidence("privacy.md", 5, f"{practice} {polarity}"), actor)


def holds(condition: dict, facts: AppFacts) -> tuple[bool, list[Evidence]]:
    return compile_condition(condition, "test.yaml")(FactIndex(facts))


def test_capability_matches_effective_permissions_only() -> None:
    facts = facts_with([permission("android.permission.READ_CONTACTS", "contacts.read", "removed")])
    assert holds({"capability": "contacts.read"}, facts) == (False, [])
    facts.permissions.append(permission("android.permission.READ_CONTACTS", "contacts.read", "implied", line=7))
    ok, evidence = holds({"capability": ["sms.read", "contacts.read"]}, facts)
    assert ok and [e.line for e in evidence] == [7]


def test_permission_by_short_or_full_name() -> None:
    facts = facts_with([permission("android.permission.QUERY_ALL_PACKAGES", "apps.list")])
    assert holds({"permission": "QUERY_ALL_PACKAGES"}, facts)[0]
    assert holds({"permission": "android.permission.QUERY_ALL_PACKAGES"}, facts)[0]
    assert not holds({"permission": "READ_CONTACTS"}, facts)[0]


def test_a_permission_without_a_dotted_prefix_is_indexed_once() -> None:
    plist = Permission("NSContactsUsageDescription", "ios", "contacts.read", "requested", Evidence("Info.plist", 9, "key"), "usage-description")
    index = FactIndex(facts_with([plist, permission("android.permission.READ_CONTACTS", "contacts.read")]))
    assert index.by_permission["NSContactsUsageDescription"] == [plist]
    assert len(index.by_permission["READ_CONTACTS"]) == len(index.by_permission["android.permission.READ_CONTACTS"]) == 1


def test_statement_polarity_confidence_and_actor() -> None:
    facts = facts_with(statements=[statement("contacts.collect", "negated"), statement("contacts.share", "affirmed", "low", "third_party")])
    assert not holds({"statement": {"practice": "contacts.collect"}}, facts)[0]  # default: affirmed or conditional
    assert holds({"statement": {"practice": "contacts.collect", "polarity": "negated"}}, facts)[0]
    assert holds({"statement": {"practice": "contacts.collect", "polarity": "any"}}, facts)[0]
    assert holds({"statement": {"practice": "contacts.share"}}, facts)[0]
    assert not holds({"statement": {"practice": "contacts.share", "min_confidence": "medium"}}, facts)[0]
    assert not holds({"statement": {"practice": "contacts.share", "actor": "first_party"}}, facts)[0]


def test_all_any_not_combine_evidence() -> None:
    facts = facts_with([permission("android.permission.READ_CONTACTS", "contacts.read")], [statement("contacts.collect", "negated")])
    contradiction = {
        "all": [
            {"capability": "contacts.read"},
            {"statement": {"practice": "contacts.collect", "polarity": "negated"}},
            {"not": {"statement": {"practice": "contacts.collect"}}},
        ]
    }
    ok, evidence = holds(contradiction, facts)
    assert ok and [e.file for e in evidence] == ["AndroidManifest.xml", "privacy.md"]
    assert holds({"any": [{"capability": "sms.read"}, {"capability": "contacts.read"}]}, facts)[0]
    assert not holds({"not": {"capability": "contacts.read"}}, facts)[0]


def test_declared_values() -> None:
    facts = facts_with(declared={"emergency_contacts": {"collected": True, "count": 2, "purposes": ["verification", "collection"]}})
    assert holds({"declared": {"path": "emergency_contacts.collected", "equals": True}}, facts)[0]
    assert holds({"declared": {"path": "emergency_contacts.count", "at_least": 2}}, facts)[0]
    assert not holds({"declared": {"path": "emergency_contacts.count", "at_most": 1}}, facts)[0]
    assert holds({"declared": {"path": "emergency_contacts.purposes", "in": ["collection"]}}, facts)[0]
    assert holds({"declared": {"path": "collection.outsourced", "exists": False}}, facts)[0]
    ok, evidence = holds({"declared": {"path": "emergency_contacts.collected", "equals": True}}, facts)
    assert evidence[0].file == "privacy-audit.yaml"


def test_category_market_platform_sdk_policy() -> None:
    facts = facts_with(
        category="lending", jurisdictions={"cn"}, stores={"google-play"}, platforms={"android"}, target_sdk=37,
        policies=[PolicyDocument("p.md", "id", False, 3)],
    )
    assert holds({"category": ["lending", "finance"]}, facts)[0]
    assert holds({"jurisdiction": "cn"}, facts)[0] and not holds({"jurisdiction": "in"}, facts)[0]
    assert holds({"store": "google-play"}, facts)[0]
    assert holds({"platform": "android"}, facts)[0]
    assert holds({"target_sdk": {"at_least": 37}}, facts)[0] and not holds({"target_sdk": {"below": 37}}, facts)[0]
    assert holds({"policy": "not_analysed"}, facts)[0]
    assert not holds({"policy": "analysed"}, facts)[0] and not holds({"policy": "missing"}, facts)[0]


@pytest.mark.parametrize(
    ("condition", "where", "problem"),
    [
        ({"capability": "contacts.raed"}, "$.when.capability", "unknown capability 'contacts.raed'"),
        ({"all": [{"capability": "camera"}, {"statement": {"practice": "contacts.steal"}}]}, "$.when.all[1].statement.practice", "unknown practice"),
        ({"declared": {"path": "emergency_contacts.colour", "equals": 1}}, "$.when.declared.path", "unknown declared path"),
        ({"jurisdiction": "xx"}, "$.when.jurisdiction", "unknown jurisdiction"),
        ({"frobnicate": 1}, "$.when", "unknown condition 'frobnicate'"),
        ({"any": [{"capability": "camera", "platform": "ios"}]}, "$.when.any[0]", "exactly one key"),
    ],
)
def test_condition_errors_name_the_json_path(condition: dict, where: str, problem: str) -> None:
    with pytest.raises(RuleError) as error:
        compile_condition(condition, "rules/mine.yaml")
    assert error.value.json_path == where
    assert problem in str(error.value)
    assert str(error.value).startswith(f"rules/mine.yaml: {where}: ")


def _user_rule(**overrides) -> dict:
    rule = {
        "id": "ACME-001",
        "name": "no-camera",
        "severity": "low",
        "title": {"en": "Camera", "zh": "相机"},
        "message": {"en": "Uses the camera.", "zh": "使用相机。"},
        "when": {"capability": "camera"},
        "actions": [{"audience": "developer", "en": "Remove it.", "zh": "删除。"}],
        "references": [{"instrument": "ACME internal privacy standard", "issuer": "ACME", "article": "4.2"}],
        "tests": {
            "fires": [{"name": "camera", "files": {"AndroidManifest.xml": android_manifest("CAMERA")}}],
            "quiet": [{"name": "none", "files": {"AndroidManifest.xml": android_manifest()}}],
        },
    }
    rule.update(overrides)
    return rule


def _write_rule(folder: Path, rule: dict, name: str = "rule.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(rule, allow_unicode=True), encoding="utf-8")
    return path


def test_user_rules_load_validate_and_pass_their_fixtures(tmp_path: Path) -> None:
    _write_rule(tmp_path / "acme", _user_rule())
    rules = load_rules((), [tmp_path / "acme"])
    (mine,) = [r for r in rules if r.id == "ACME-001"]
    assert mine.pack == "acme"
    assert all(r.passed for r in run_rule_tests([mine]))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"severity": "severe"}, "$.severity"),
        ({"colour": "red"}, "$"),
        ({"title": {"en": "only English"}}, "$.title"),
        ({"tests": {"fires": []}}, "$.tests"),
    ],
)
def test_broken_user_rule_is_one_line_with_json_path(tmp_path: Path, change: dict, where: str) -> None:
    path = _write_rule(tmp_path / "r", _user_rule(**change))
    with pytest.raises(RuleError) as error:
        load_rules((), [tmp_path / "r"])
    assert error.value.path == str(path)
    assert error.value.json_path == where
    assert "\n" not in str(error.value)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "bad.yaml").write_text("id: X\nname: [unclosed\n")
    with pytest.raises(RuleError, match=r"bad.yaml: invalid YAML at line 3"):
        load_rules((), [tmp_path / "r"])


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    _write_rule(tmp_path / "r", _user_rule(), "a.yaml")
    _write_rule(tmp_path / "r", _user_rule(name="again"), "b.yaml")
    with pytest.raises(RuleError, match="ACME-001 is also used by"):
        load_rules((), [tmp_path / "r"])


def test_user_rule_cannot_reuse_a_builtin_id(tmp_path: Path) -> None:
    _write_rule(tmp_path / "r", _user_rule(id="PA101"))
    with pytest.raises(RuleError, match="PA101 is also used by"):
        load_rules((), [tmp_path / "r"])


def test_unknown_reference_id(tmp_path: Path) -> None:
    _write_rule(tmp_path / "r", _user_rule(references=["no-such-law"]))
    with pytest.raises(RuleError, match="unknown reference id 'no-such-law'"):
        load_rules((), [tmp_path / "r"])


def test_uncertain_article_is_never_printed(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "references.yaml").write_text(
        "references:\n  acme-law:\n    instrument: ACME Act\n    issuer: ACME Parliament\n    article: Art. 99\n    status: uncertain\n"
    )
    _write_rule(tmp_path / "r", _user_rule(references=["acme-law"]))
    (rule,) = [r for r in load_rules((), [tmp_path / "r"]) if r.id == "ACME-001"]
    assert rule.references[0].article is None
    assert rule.references[0].instrument == "ACME Act"


def test_builtin_rules_validate_and_have_both_kinds_of_fixture() -> None:
    rules = load_rules(builtin_packs(), validate_builtin=True)
    assert len(rules) >= 15
    for rule in rules:
        assert rule.tests.get("fires"), f"{rule.id} has no firing fixture"
        assert rule.tests.get("quiet"), f"{rule.id} has no compliant twin"
        assert rule.title["en"] and rule.title["zh"] and rule.message["zh"]


def test_rule_without_quiet_fixture_fails_the_rule_tests(tmp_path: Path) -> None:
    rule = _user_rule()
    (rule,) = [r for r in load_rules((), [_write_rule(tmp_path / "r", rule).parent]) if r.id == "ACME-001"]
    object.__setattr__(rule, "tests", {"fires": rule.tests["fires"]})
    results = run_rule_tests([rule])
    assert [r.detail for r in results if not r.passed] == ["the rule has no 'quiet' fixture"]


def test_core_pack_covers_all_three_channels() -> None:
    text = " ".join(str(load_yaml(p)["when"]) for p in (builtin_dir() / "core").glob("PA*.yaml"))
    for fact in ("contacts.read", "emergency_contact.contact_for_collection", "collection.outsourced",
                 "contacts.use_for_collection", "call_log.read", "sms.read", "consent.withdraw", "data.deletion"):
        assert fact in text


def test_findings_are_sorted_and_fingerprints_ignore_lines() -> None:
    manifest = android_manifest("READ_CONTACTS", "READ_SMS")
    from privacy_audit.readers.source import Source

    first = audit_sources([("android-manifest", Source("AndroidManifest.xml", manifest.encode()))], AuditOptions())
    moved_down = "\n\n\n" + manifest  # every line three lines further down
    moved = audit_sources([("android-manifest", Source("AndroidManifest.xml", moved_down.encode()))], AuditOptions())
    assert [f.severity for f in first.findings] == sorted((f.severity for f in first.findings), key=["critical", "high", "medium", "low", "info"].index)
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in moved.findings]
    assert first.findings[0].evidence[0].line != moved.findings[0].evidence[0].line
    assert fingerprint("PA101", first.findings[0].evidence) != fingerprint("PA102", first.findings[0].evidence)


def test_rule_schema_is_published_and_describes_every_condition() -> None:
    rule_schema = schema("rule")
    conditions = set(rule_schema["$defs"]["condition"]["properties"])
    assert conditions == {"all", "any", "not", "capability", "permission", "statement", "declared", "category",
                          "jurisdiction", "store", "platform", "target_sdk", "min_sdk", "policy", "queries", "description",
                          "contact_hours"}
    from privacy_audit.engine import conditions as module

    for name in conditions:
        assert hasattr(module._Compiler, f"_{name}"), name


def test_category_filter_on_rule() -> None:
    from privacy_audit.readers.source import Source

    manifest = android_manifest("READ_CONTACTS").encode()
    lending = audit_sources([("android-manifest", Source("m.xml", manifest))], AuditOptions())
    social = audit_sources([("android-manifest", Source("m.xml", manifest))], AuditOptions(category="social"))
    assert "PA101" in {f.rule_id for f in lending.findings}
    assert "PA101" not in {f.rule_id for f in social.findings}


def test_queries_broad_or_any() -> None:
    from privacy_audit.model import PackageQuery

    facts = facts_with()
    facts.queries.append(PackageQuery("package", "com.whatsapp", False, Evidence("m.xml", 3, "<package>")))
    assert holds({"queries": "any"}, facts)[0] and not holds({"queries": "broad"}, facts)[0]
    facts.queries.append(PackageQuery("intent", "android.intent.action.MAIN", True, Evidence("m.xml", 4, "<intent>")))
    ok, evidence = holds({"queries": "broad"}, facts)
    assert ok and [e.line for e in evidence] == [4]


def described(text: str | None, platform: str = "ios") -> Permission:
    return Permission("NSContactsUsageDescription", platform, "contacts.read", "requested", Evidence("Info.plist", 9, "key"), "usage-description", description=text)


@pytest.mark.parametrize(
    ("condition", "text", "expected"),
    [
        ({"missing": True}, "", True),
        ({"missing": True}, "To pick an emergency contact.", False),
        ({"purpose": ["risk_assessment"]}, "We read your contacts for risk assessment.", True),
        ({"purpose": ["risk_assessment"]}, "我们会读取通讯录用于风险评估", True),
        ({"purpose": ["risk_assessment"]}, "Lets you fill in an emergency contact.", False),
        ({"purpose": "none"}, "需要访问您的通讯录", True),
        ({"purpose": "none"}, "Lets you fill in an emergency contact.", False),
    ],
)
def test_description_of_a_permission(condition: dict, text: str, expected: bool) -> None:
    facts = facts_with([described(text)])
    assert holds({"description": {"capability": "contacts.read", **condition}}, facts)[0] is expected


def test_description_only_on_platforms_that_have_one() -> None:
    android = facts_with([permission("android.permission.READ_CONTACTS", "contacts.read")])
    assert not holds({"description": {"capability": "contacts.read", "missing": True}}, android)[0]
    harmony = facts_with([described(None, "harmonyos")])
    assert holds({"description": {"capability": "contacts.read", "missing": True}}, harmony)[0]
    assert not holds({"description": {"capability": "contacts.read", "platform": "ios", "missing": True}}, harmony)[0]


def test_contact_hours_from_policy_and_declaration() -> None:
    night = Statement("collection.contact_hours", "affirmed", "high", Evidence("p.md", 3, "8 to 22"), hours="08:00-22:00")
    facts = facts_with(statements=[night])
    assert holds({"contact_hours": {"outside": "08:00-19:00"}}, facts)[0]
    assert not holds({"contact_hours": {"outside": "06:00-22:00"}}, facts)[0]
    declared = facts_with(declared={"collection": {"contact_hours": "07:00-20:00"}})
    ok, evidence = holds({"contact_hours": {"outside": "08:00-20:00"}}, declared)
    assert ok and evidence[0].file == "privacy-audit.yaml"


def test_statement_purpose() -> None:
    collected = Statement("emergency_contact.collect", "affirmed", "high", Evidence("p.md", 2, "x"), purposes=["risk_assessment"])
    facts = facts_with(statements=[collected])
    assert holds({"statement": {"practice": "emergency_contact.collect", "purpose": "risk_assessment"}}, facts)[0]
    assert not holds({"statement": {"practice": "emergency_contact.collect", "purpose": ["social"]}}, facts)[0]


@pytest.mark.parametrize(
    ("condition", "where", "problem"),
    [
        ({"queries": "some"}, "$.when.queries", "broad or any"),
        ({"description": {"capability": "contacts.read"}}, "$.when.description", "exactly one of missing, purpose"),
        ({"description": {"capability": "contacts.read", "purpose": "scoring"}}, "$.when.description.purpose", "unknown purpose"),
        ({"contact_hours": {"outside": "8-19"}}, "$.when.contact_hours", "HH:MM-HH:MM"),
        ({"statement": {"practice": "emergency_contact.collect", "purpose": "gossip"}}, "$.when.statement.purpose", "unknown purpose"),
    ],
)
def test_new_condition_errors(condition: dict, where: str, problem: str) -> None:
    with pytest.raises(RuleError) as error:
        compile_condition(condition, "rules/mine.yaml")
    assert error.value.json_path == where and problem in str(error.value)


def test_retired_ids_are_never_reused_and_files_are_named_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for rule in load_rules(builtin_packs()):
        assert Path(rule.path).name.startswith(f"{rule.id}-"), rule.path
    from privacy_audit.engine import rules as module

    monkeypatch.setattr(module, "retired_ids", lambda: {"ACME-001": "split into ACME-002 and ACME-003"})
    _write_rule(tmp_path / "r", _user_rule())
    with pytest.raises(RuleError, match="ACME-001 is retired"):
        load_rules((), [tmp_path / "r"])
