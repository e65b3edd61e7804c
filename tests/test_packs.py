"""Rule packs: chosen by market and store, overlays adding to rules of other packs, one finding
for one fact whichever packs find it wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLES, android_manifest
from conftest import run as run_cli
from privacy_audit.api import AuditOptions, audit, audit_sources
from privacy_audit.engine.packs import select_packs
from privacy_audit.engine.rules import builtin_packs, load_rules
from privacy_audit.engine.ruletest import run_rule_tests
from privacy_audit.errors import RuleError
from privacy_audit.model import Report
from privacy_audit.readers.source import Source

def android(*permissions: str, target: int = 34) -> tuple[str, Source]:
    return "android-manifest", Source("AndroidManifest.xml", android_manifest(*permissions, target_sdk=target).encode())


def policy(text: str, name: str = "privacy.md") -> tuple[str, Source]:
    return "policy", Source(name, f"# Privacy policy\n{text}\n".encode())


def run(*sources: tuple[str, Source], **options: object) -> Report:
    return audit_sources(list(sources), AuditOptions(**options))  # type: ignore[arg-type]


def finding(report: Report, rule_id: str):  # noqa: ANN201 - a Finding or None
    return next((f for f in report.findings if f.rule_id == rule_id), None)


def test_markets_and_stores_choose_their_packs() -> None:
    packs, warnings = select_packs([], ["in", "cn"], ["google-play"])
    assert packs == ["core", "cn", "in", "google-play"]
    assert warnings == []
    packs, warnings = select_packs([], ["pk"], [])
    assert packs == ["core"]
    assert "no rule pack for the jurisdiction 'pk'" in warnings[0]
    every, _ = select_packs([], [], [], builtin_packs())
    assert set(every) == set(builtin_packs()) and len(every) >= 12


def test_one_fact_found_wrong_by_several_packs_is_one_finding() -> None:
    report = run(android("READ_CONTACTS"), jurisdictions=["in", "ke"], stores=["google-play"])
    pa101 = [f for f in report.findings if f.rule_id == "PA101"]
    assert len(pa101) == 1
    (only,) = pa101
    assert only.pack == "core"
    assert only.packs[0] == "core" and {"google-play", "ke"} <= set(only.packs)
    ids = {r.id for r in only.references}
    assert {"play-personal-loans", "rbi-dl-2025-12i", "kenya-dcp-2022"} <= ids
    assert "Google Play:" in only.message and "Kenya:" in only.message
    assert len(report.findings) == len({f.rule_id for f in report.findings})


def test_core_rules_cite_the_chosen_markets_only() -> None:
    everywhere = finding(run(android("READ_CONTACTS")), "PA101")
    china = finding(run(android("READ_CONTACTS"), jurisdictions=["cn"]), "PA101")
    every_pack = finding(run(android("READ_CONTACTS"), all_packs=True), "PA101")
    assert {r.market for r in everywhere.references} >= {"cn", "in", "ke", "google-play"}
    assert {r.market for r in china.references} == {"cn"}
    assert {r.id for r in everywhere.references} <= {r.id for r in every_pack.references}


def test_an_overlay_raises_severity_only_where_it_holds() -> None:
    assert finding(run(android("READ_MEDIA_IMAGES")), "PA116").severity == "high"
    assert finding(run(android("READ_MEDIA_IMAGES"), stores=["google-play"]), "PA116").severity == "critical"
    # Play's list names ACCESS_FINE_LOCATION, not background location.
    assert finding(run(android("ACCESS_BACKGROUND_LOCATION"), stores=["google-play"]), "PA123").severity == "low"
    assert finding(run(android("ACCESS_FINE_LOCATION"), stores=["google-play"]), "PA123").severity == "high"


def test_android_17_contact_picker_policy_is_keyed_on_target_sdk() -> None:
    old = finding(run(android("READ_CONTACTS", target=36), stores=["google-play"]), "PA101")
    new = finding(run(android("READ_CONTACTS", target=37), stores=["google-play"]), "PA101")
    assert "play-contacts-permission" not in {r.id for r in old.references}
    assert "play-contacts-permission" in {r.id for r in new.references}
    assert "28 October 2026" in new.message and "27 January 2027" in new.message


def test_a_market_overlay_makes_a_rule_fire_on_its_stricter_terms() -> None:
    hours = policy("If your loan is overdue, our recovery agents may call you between 8 a.m. and 8 p.m.")
    assert finding(run(hours), "PA121") is None
    indian = finding(run(hours, jurisdictions=["in"]), "PA121")
    assert indian is not None and indian.packs == ["in"]
    assert [r.id for r in indian.references] == ["rbi-recovery-agents-2022"]
    assert finding(run(hours, jurisdictions=["id"]), "PA121") is None  # 08:00-20:00 is allowed there
    night = finding(run(policy("Our debt collectors may call you at any time."), jurisdictions=["in", "us"]), "PA121")
    assert night.packs == ["core", "in", "us"]


# Each market's complaint channels, as its pack names them (sources in each complaint-channels.yaml).
CHANNELS = {
    "cn": {"en": ["12378", "12363", "110"], "zh": ["12378", "12363", "110"]},
    "in": {"en": ["sachet.rbi.org.in", "cms.rbi.org.in", "cybercrime.gov.in"], "zh": ["sachet.rbi.org.in", "cms.rbi.org.in", "cybercrime.gov.in"]},
    "id": {"en": ["157", "konsumen@ojk.go.id"], "zh": ["157", "konsumen@ojk.go.id"]},
    "ph": {"en": ["Securities and Exchange Commission", "National Privacy Commission", "PNP-ACG"], "zh": ["SEC", "NPC", "PNP-ACG"]},
    "ke": {"en": ["Office of the Data Protection Commissioner (ODPC)"], "zh": ["数据保护专员办公室（ODPC）"]},
    "ng": {"en": ["FCCPC", "NDPC"], "zh": ["FCCPC", "NDPC"]},
    "us": {"en": ["consumerfinance.gov/complaint"], "zh": ["consumerfinance.gov/complaint"]},
    "eu": {"en": ["data protection authority"], "zh": ["数据保护机构"]},
}
CONTACT_RULES = {
    "PA105": [("policy", "privacy.md", "# Privacy policy\nIf your loan is overdue, we may call or message the people in your phone contact list.\n")],
    "PA106": [("policy", "隐私政策.md", "# 隐私政策\n如您逾期未还款，我们将联系您的紧急联系人。\n")],
    "PA108": [("policy", "隐私政策.md", "# 隐私政策\n申请借款时，您需要填写紧急联系人的姓名和手机号码。\n")],
    "PA119": [("audit-manifest", "privacy-audit.yaml", "practices:\n  emergency_contacts:\n    collected: true\n    purposes: [risk_assessment]\n")],
    "PA121": [("policy", "privacy.md", "# Privacy policy\nOur debt collectors may call you at any time.\n")],
}


@pytest.mark.parametrize("rule_id", sorted(CONTACT_RULES))
@pytest.mark.parametrize("market", sorted(CHANNELS))
def test_every_contact_rule_tells_people_whom_to_complain_to(rule_id: str, market: str) -> None:
    sources = [(kind, Source(name, text.encode())) for kind, name, text in CONTACT_RULES[rule_id]]
    found = finding(run(*sources, jurisdictions=[market]), rule_id)
    for lang in ("en", "zh"):
        report = audit_sources(sources, AuditOptions(jurisdictions=[market], lang=lang))
        users = " ".join(a.text for a in finding(report, rule_id).actions if a.audience == "user")
        for channel in CHANNELS[market][lang]:
            assert channel in users, (rule_id, market, lang, channel)
        assert ("police" if lang == "en" else "公安机关") in users
        assert ("not the borrower" if lang == "en" else "不是借款人") in users
    assert market in found.packs


def test_without_a_market_people_still_get_what_to_do() -> None:
    for rule_id, sources in CONTACT_RULES.items():
        report = run(*[(kind, Source(name, text.encode())) for kind, name, text in sources])
        users = " ".join(a.text for a in finding(report, rule_id).actions if a.audience == "user")
        assert "police" in users and "12378" not in users, rule_id


def test_jurisdictions_in_the_audit_manifest_choose_packs() -> None:
    manifest = "version: 1\napp:\n  jurisdictions: [id]\npractices:\n  emergency_contacts:\n    collected: true\n    contacted_for_collection: true\n"
    report = run(("audit-manifest", Source("privacy-audit.yaml", manifest.encode())))
    assert "id" in report.rule_packs
    assert "id" in finding(report, "PA106").packs


def test_store_packs_tell_the_three_platforms_apart() -> None:
    app = SAMPLES / "three-platforms"

    def pa101(platform: str, store: str):  # noqa: ANN202
        report = audit([app / platform], [app / "privacy-policy.md"], AuditOptions(stores=[store]))
        return finding(report, "PA101"), {f.rule_id for f in report.findings}

    apple, apple_rules = pa101("ios", "apple")
    assert "apple" in apple.packs and "AP101" in apple_rules
    harmony, _ = pa101("harmonyos", "harmonyos")
    assert "harmonyos" in harmony.packs
    play_on_ios, _ = pa101("ios", "google-play")
    # Play's policy overlays hold on Android permissions only (its report-an-app action on any app).
    assert play_on_ios.overlays == ("google-play:report-to-google-play",)


def test_overlays_cannot_lower_severity(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "PA116-softer.yaml").write_text(yaml.safe_dump({"extends": "PA116", "name": "softer", "severity": "low"}))
    with pytest.raises(RuleError, match="may raise a rule's severity, not lower it"):
        load_rules((), [folder])


def test_an_overlay_of_no_rule_is_an_error_but_of_an_unloaded_pack_adds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    note = {"en": "ACME note.", "zh": "ACME 说明。"}
    (folder / "PA999-x.yaml").write_text(yaml.safe_dump({"extends": "PA999", "name": "x", "message": note}))
    with pytest.raises(RuleError, match="extends PA999, which no rule has"):
        load_rules((), [folder])
    (folder / "PA999-x.yaml").unlink()
    (folder / "CN101-x.yaml").write_text(yaml.safe_dump({"extends": "CN101", "name": "x", "message": note}))
    assert all(r.id != "CN101" for r in load_rules((), [folder]))
    (cn101,) = [r for r in load_rules(["cn"], [folder]) if r.id == "CN101"]
    assert [o.key for o in cn101.overlays] == ["mine:x"]


def test_an_overlay_with_a_condition_narrows_unless_it_widens(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    contacts_34 = {"AndroidManifest.xml": android_manifest("READ_CONTACTS", target_sdk=34)}
    contacts_29 = {"AndroidManifest.xml": android_manifest("READ_CONTACTS", target_sdk=29)}
    overlay = {"extends": "PA101", "name": "modern", "message": {"en": "Modern app.", "zh": "新应用。"},
               "when": {"target_sdk": {"at_least": 30}},
               "tests": {"fires": [{"name": "34", "files": contacts_34}], "quiet": [{"name": "29", "files": contacts_29}]}}
    (folder / "PA101-modern.yaml").write_text(yaml.safe_dump(overlay))
    rules = load_rules((), [folder])
    no_contacts = audit_sources([android("CAMERA")], AuditOptions(rules=rules))
    assert finding(no_contacts, "PA101") is None
    contacts = audit_sources([android("READ_CONTACTS")], AuditOptions(rules=rules))
    assert finding(contacts, "PA101").overlays == ("mine:modern",)
    (folder / "PA101-modern.yaml").write_text(yaml.safe_dump({**overlay, "widens": True}))
    widened = audit_sources([android("CAMERA")], AuditOptions(rules=load_rules((), [folder])))
    assert finding(widened, "PA101").packs == ["mine"]


def test_overlay_fixtures_are_tested_and_can_fail(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    overlay = {
        "extends": "PA101",
        "name": "wrong-fixture",
        "message": {"en": "Note.", "zh": "说明。"},
        "when": {"target_sdk": {"at_least": 30}},
        "tests": {
            "fires": [{"name": "old app", "files": {"AndroidManifest.xml": android_manifest("READ_CONTACTS", target_sdk=29)}}],
            "quiet": [{"name": "no contacts", "files": {"AndroidManifest.xml": android_manifest(target_sdk=34)}}],
        },
    }
    (folder / "PA101-wrong-fixture.yaml").write_text(yaml.safe_dump(overlay))
    rules = load_rules((), [folder])
    results = run_rule_tests(rules, lambda path: str(folder) in path)
    assert [(r.rule_id, r.expectation, r.passed) for r in results] == [
        ("PA101+mine:wrong-fixture", "fires", False),
        ("PA101+mine:wrong-fixture", "quiet", True),
    ]


def test_conditional_overlays_carry_both_kinds_of_fixture() -> None:
    for rule in load_rules(builtin_packs(), validate_builtin=True):
        for overlay in rule.overlays:
            if overlay.condition is not None:
                assert overlay.tests.get("fires") and overlay.tests.get("quiet"), overlay.path


def test_all_packs_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "AndroidManifest.xml").write_text(android_manifest("READ_CONTACTS", target_sdk=34))
    _, core_only, _ = run_cli("scan", str(tmp_path))
    assert "only the core rules ran" in core_only
    data = json.loads(run_cli("scan", str(tmp_path), "--all-packs", "--format", "json")[1])
    assert set(data["rule_packs"]) == set(builtin_packs())
    pa101 = next(f for f in data["findings"] if f["rule_id"] == "PA101")
    assert {"core", "google-play", "eu"} <= set(pa101["packs"])
