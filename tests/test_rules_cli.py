"""privacy-audit rules list / show / test / vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run
from privacy_audit.engine.rules import builtin_packs, load_rules

EXAMPLE = ROOT / "docs" / "examples" / "my-rules"


def test_rules_test_passes_for_every_builtin_rule_and_overlay() -> None:
    code, out, _ = run("rules", "test")
    rules = load_rules(builtin_packs())
    overlays = sum(len(r.overlays) for r in rules)
    assert code == 0, out
    assert f"{len(rules)} rules, {overlays} overlays, " in out
    assert out.strip().endswith(" fixtures, 0 failed")
    assert len(rules) >= 27 and overlays >= 50


def test_rules_list_table_json_and_pack() -> None:
    code, table, _ = run("rules", "list")
    assert code == 0 and "PA101" in table and "CN101" in table
    listed = json.loads(run("rules", "list", "--format", "json")[1])
    assert {r["id"] for r in listed} == {r.id for r in load_rules(builtin_packs())}
    cn = json.loads(run("rules", "list", "--pack", "cn", "--format", "json")[1])
    assert "CN101" in {r["id"] for r in cn} and "PA106" in {r["id"] for r in cn}
    assert "PA102" not in {r["id"] for r in cn}
    assert all("cn" in r["packs"] for r in cn)
    _, chinese, _ = run("rules", "list", "--pack", "cn", "--lang", "zh")
    assert "向他人提供个人信息" in chinese and "严重程度" in chinese


def test_rules_show_text_json_and_languages() -> None:
    code, english, _ = run("rules", "show", "pa106")
    assert code == 0
    for part in ("PA106 emergency-contacts-contacted-for-collection", "when:", "emergency_contact.contact_for_collection",
                 "fix:", "for borrowers and their contacts:", "rests on:", "fixtures:", "fires: Chinese policy",
                 "+ id:emergency-contacts-not-for-collection", "+ cn:complaint-channels", "12378"):
        assert part in english, part
    _, chinese, _ = run("rules", "show", "PA106", "--lang", "zh")
    assert "借款逾期时会联系紧急联系人" in chinese and "依据:" in chinese and "测试样例:" in chinese
    data = json.loads(run("rules", "show", "PA121", "--format", "json")[1])
    assert data["when"] == {"contact_hours": {"outside": "06:00-22:00"}}
    assert {o["pack"] for o in data["overlays"]} >= {"in", "id", "cn", "us"}
    assert all(r["status"] for r in data["references"])


def test_rules_show_unknown_rule_is_a_usage_error() -> None:
    code, _, err = run("rules", "show", "PA999")
    assert code == 2
    assert "no rule 'PA999'" in err


def test_rules_test_on_a_user_folder_with_an_overlay_of_a_builtin_rule() -> None:
    code, out, _ = run("rules", "test", "-v", str(EXAMPLE))
    assert code == 0, out
    assert "1 rules, 1 overlays, 6 fixtures, 0 failed" in out
    assert "ok   PA101+acme:acme-escalation fires" in out
    assert "ok   ACME-101 quiet" in out


def test_rules_test_reports_a_failing_fixture(tmp_path: Path) -> None:
    broken = (EXAMPLE / "acme" / "ACME-101-one-emergency-contact.yaml").read_text(encoding="utf-8").replace("count: 2", "count: 1")
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "ACME-101-one-emergency-contact.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "references.yaml").write_text((EXAMPLE / "references.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run("rules", "test", str(tmp_path))
    assert code == 1
    assert "FAIL ACME-101 fires: two contacts (did not fire)" in out


def test_the_worked_example_lexicon_teaches_the_reader_a_word(tmp_path: Path) -> None:
    policy = tmp_path / "privacy.md"
    policy.write_text("# Privacy policy\nWe read your phone directory to verify your identity.\n", encoding="utf-8")
    plain = json.loads(run("scan", str(policy), "--format", "json")[1])
    taught = json.loads(run("scan", str(policy), "--rules", str(EXAMPLE), "--format", "json")[1])
    assert "PA118" not in {f["rule_id"] for f in plain["findings"]}
    assert "PA118" in {f["rule_id"] for f in taught["findings"]}


def test_rules_vocabulary() -> None:
    code, markdown, _ = run("rules", "vocabulary")
    assert code == 0 and "### Capabilities" in markdown and "`contacts.read`" in markdown
    assert markdown.endswith("|\n")
    _, text, _ = run("rules", "vocabulary", "--format", "json")
    assert text.endswith("}\n")  # ends its last line, as every JSON the tool prints does
    data = json.loads(text)
    assert "contact_hours" in data["conditions"] and "service.refused_without_permission" in data["practices"]
    assert data["capabilities"]["contacts.read"]["permissions"]["ios"] == ["NSContactsUsageDescription"]
