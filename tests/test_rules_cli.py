"""privacy-audit rules list / show / test / vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from privacy_audit.cli import cli
from privacy_audit.engine.rules import builtin_packs, load_rules

EXAMPLE = ROOT / "docs" / "examples" / "my-rules"


def invoke(*args: str):  # noqa: ANN201 - a click Result
    return CliRunner().invoke(cli, list(args))


def test_rules_test_passes_for_every_builtin_rule_and_overlay() -> None:
    result = invoke("rules", "test")
    rules = load_rules(builtin_packs())
    overlays = sum(len(r.overlays) for r in rules)
    assert result.exit_code == 0, result.output
    assert f"{len(rules)} rules, {overlays} overlays, " in result.output
    assert result.output.strip().endswith(" fixtures, 0 failed")
    assert len(rules) >= 27 and overlays >= 50


def test_rules_list_table_json_and_pack() -> None:
    table = invoke("rules", "list")
    assert table.exit_code == 0 and "PA101" in table.output and "CN101" in table.output
    listed = json.loads(invoke("rules", "list", "--format", "json").output)
    assert {r["id"] for r in listed} == {r.id for r in load_rules(builtin_packs())}
    cn = json.loads(invoke("rules", "list", "--pack", "cn", "--format", "json").output)
    assert "CN101" in {r["id"] for r in cn} and "PA106" in {r["id"] for r in cn}
    assert "PA102" not in {r["id"] for r in cn}
    assert all("cn" in r["packs"] for r in cn)
    chinese = invoke("rules", "list", "--pack", "cn", "--lang", "zh")
    assert "向他人提供个人信息" in chinese.output and "严重程度" in chinese.output


def test_rules_show_text_json_and_languages() -> None:
    english = invoke("rules", "show", "pa106")
    assert english.exit_code == 0
    for part in ("PA106 emergency-contacts-contacted-for-collection", "when:", "emergency_contact.contact_for_collection",
                 "fix:", "for borrowers and their contacts:", "rests on:", "fixtures:", "fires: Chinese policy",
                 "+ id:emergency-contacts-not-for-collection", "+ cn:complaint-channels", "12378"):
        assert part in english.output, part
    chinese = invoke("rules", "show", "PA106", "--lang", "zh")
    assert "借款逾期时会联系紧急联系人" in chinese.output and "依据:" in chinese.output and "测试样例:" in chinese.output
    data = json.loads(invoke("rules", "show", "PA121", "--format", "json").output)
    assert data["when"] == {"contact_hours": {"outside": "06:00-22:00"}}
    assert {o["pack"] for o in data["overlays"]} >= {"in", "id", "cn", "us"}
    assert all(r["status"] for r in data["references"])


def test_rules_show_unknown_rule_is_a_usage_error() -> None:
    result = invoke("rules", "show", "PA999")
    assert result.exit_code == 2
    assert "no rule 'PA999'" in result.output


def test_rules_test_on_a_user_folder_with_an_overlay_of_a_builtin_rule() -> None:
    result = invoke("rules", "test", "-v", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "1 rules, 1 overlays, 6 fixtures, 0 failed" in result.output
    assert "ok   PA101+acme:acme-escalation fires" in result.output
    assert "ok   ACME-101 quiet" in result.output


def test_rules_test_reports_a_failing_fixture(tmp_path: Path) -> None:
    broken = (EXAMPLE / "acme" / "ACME-101-one-emergency-contact.yaml").read_text(encoding="utf-8").replace("count: 2", "count: 1")
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "ACME-101-one-emergency-contact.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "references.yaml").write_text((EXAMPLE / "references.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("rules", "test", str(tmp_path))
    assert result.exit_code == 1
    assert "FAIL ACME-101 fires: two contacts (did not fire)" in result.output


def test_the_worked_example_lexicon_teaches_the_reader_a_word(tmp_path: Path) -> None:
    policy = tmp_path / "privacy.md"
    policy.write_text("# Privacy policy\nWe read your phone directory to verify your identity.\n", encoding="utf-8")
    plain = json.loads(invoke("scan", str(policy), "--format", "json").output)
    taught = json.loads(invoke("scan", str(policy), "--rules", str(EXAMPLE), "--format", "json").output)
    assert "PA118" not in {f["rule_id"] for f in plain["findings"]}
    assert "PA118" in {f["rule_id"] for f in taught["findings"]}


def test_rules_vocabulary() -> None:
    markdown = invoke("rules", "vocabulary")
    assert markdown.exit_code == 0 and "### Capabilities" in markdown.output and "`contacts.read`" in markdown.output
    data = json.loads(invoke("rules", "vocabulary", "--format", "json").output)
    assert "contact_hours" in data["conditions"] and "service.refused_without_permission" in data["practices"]
    assert data["capabilities"]["contacts.read"]["permissions"]["ios"] == ["NSContactsUsageDescription"]
