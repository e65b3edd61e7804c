"""End-to-end tests of the command line, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLES, android_manifest, run, validate_report

RISKY_MANIFEST = android_manifest("READ_CONTACTS")


@pytest.mark.parametrize(
    ("sample", "code"),
    [("lending-zh-risky", 1), ("lending-en-risky", 1), ("lending-zh-compliant", 0), ("lending-en-compliant", 0)],
)
def test_samples_exit_codes_and_valid_json(sample: str, code: int) -> None:
    exit_code, out, err = run("scan", str(SAMPLES / sample), "--format", "json")
    report = validate_report(out)
    assert exit_code == code, [(f["rule_id"], f["evidence"][0]["text"] if f["evidence"] else "") for f in report["findings"]]
    assert report["summary"]["exit_code"] == code
    assert report["app"]["category"] == "lending"
    assert {i["kind"] for i in report["inputs"]} == {"android-manifest", "policy"}
    assert all(len(i["sha256"]) == 64 for i in report["inputs"])


def test_risky_sample_findings_cover_the_three_channels() -> None:
    _, out, _ = run("scan", str(SAMPLES / "lending-zh-risky"), "--format", "json")
    report = validate_report(out)
    fired = {f["rule_id"] for f in report["findings"]}
    assert {"PA101", "PA105", "PA106", "PA107", "PA109", "PA110", "PA111"} <= fired
    pa101 = next(f for f in report["findings"] if f["rule_id"] == "PA101")
    assert pa101["severity"] == "critical"
    assert pa101["evidence"][0]["line"] == 9
    assert "READ_CONTACTS" in pa101["evidence"][0]["text"]
    assert {a["audience"] for a in pa101["actions"]} == {"developer", "user"}
    assert any("Google Play" == r["issuer"] for r in pa101["references"])
    commented = [p for p in report["permissions"] if p["name"].endswith("SEND_SMS")]
    assert commented == []


def test_table_output_and_chinese() -> None:
    code, out, _ = run("scan", str(SAMPLES / "lending-en-risky"))
    assert code == 1
    assert "CRITICAL" in out and "PA101" in out and "privacy-policy.md:" in out
    code, out, _ = run("scan", str(SAMPLES / "lending-en-risky"), "--lang", "zh")
    assert "借贷类应用可读取借款人的整个通讯录" in out and "整改" in out


def test_manifest_and_policy_given_as_files(tmp_path: Path) -> None:
    manifest = tmp_path / "app" / "src" / "main" / "AndroidManifest.xml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(RISKY_MANIFEST)
    policy = tmp_path / "docs" / "privacy.md"
    policy.parent.mkdir()
    policy.write_text("# Privacy\nWe never access your contacts.\n")
    output = tmp_path / "report.json"
    code, out, _ = run("scan", str(manifest), "--policy", str(policy), "--format", "json", "-o", str(output))
    assert code == 1 and out == ""
    report = validate_report(output.read_text(encoding="utf-8"))
    assert "PA104" in {f["rule_id"] for f in report["findings"]}  # the policy denies what the manifest asks
    assert [s["polarity"] for s in report["statements"] if s["practice"] == "contacts.collect"] == ["negated"]
    assert not list(tmp_path.glob(".report.json.*")), "no temporary file left behind"


def test_fail_on_threshold() -> None:
    assert run("scan", str(SAMPLES / "lending-zh-risky"), "--fail-on", "critical")[0] == 1


def test_fail_on_threshold_above_findings(write) -> None:
    path = write("m/AndroidManifest.xml", android_manifest("READ_SMS"))
    assert run("scan", str(path.parent), "--fail-on", "critical")[0] == 0  # only high findings
    assert run("scan", str(path.parent), "--fail-on", "high")[0] == 1


def test_category_option_switches_rules_off(write) -> None:
    path = write("AndroidManifest.xml", RISKY_MANIFEST)
    _, out, _ = run("scan", str(path), "--category", "social", "--format", "json")
    assert "PA101" not in {f["rule_id"] for f in json.loads(out)["findings"]}


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    manifest = tmp_path / "AndroidManifest.xml"
    manifest.write_text(RISKY_MANIFEST)
    before = manifest.read_bytes()
    code, _, err = run("scan", str(manifest), "-o", str(manifest))
    assert code == 2 and "is one of the inputs" in err
    assert manifest.read_bytes() == before
    policy = tmp_path / "privacy.md"
    policy.write_text("We never read your contacts.")
    code, _, err = run("scan", str(tmp_path), "-o", str(policy))
    assert code == 2 and "is one of the inputs" in err
    assert policy.read_text() == "We never read your contacts."


def test_failed_run_leaves_previous_output_intact(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    output.write_text("previous")
    code, _, err = run("scan", str(tmp_path / "missing.xml"), "-o", str(output))
    assert code == 2
    assert output.read_text() == "previous"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "no/such/AndroidManifest.xml"], "no/such/AndroidManifest.xml: no such file"),
        (["scan", "--fail-on", "severe", "x"], "Invalid value for '--fail-on'"),
        (["policy", "no-such-policy.md"], "no-such-policy.md: no such file"),
    ],
)
def test_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_malformed_manifest_is_exit_2(write) -> None:
    path = write("AndroidManifest.xml", "<manifest><uses-permission")
    code, _, err = run("scan", str(path))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert f"{path}: not well-formed XML at line 1" in err


def test_unreadable_input_kind(write) -> None:
    path = write("notes.csv", "a,b")
    code, _, err = run("scan", str(path))
    assert code == 2 and "cannot tell what kind of input" in err


def test_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("scan", str(tmp_path))
    assert code == 2 and "found no Android manifest" in err


def test_user_rules_option(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text("id: BAD-1\nseverity: high\n")
    code, _, err = run("scan", str(SAMPLES / "lending-en-compliant"), "--rules", str(rules))
    assert code == 2
    assert "bad.yaml: $: 'name' is a required property" in err


def test_policy_command_table_and_json() -> None:
    path = SAMPLES / "lending-zh-risky" / "隐私政策.html"
    code, out, _ = run("policy", str(path))
    assert code == 0
    assert "emergency_contact.contact_for_collection" in out and "gb18030" in out
    code, out, _ = run("policy", str(path), "--format", "json")
    data = json.loads(out)
    assert data["language"] == "zh" and data["analysed"] is True
    assert {"file", "line", "text"} <= set(data["statements"][0]["evidence"])


def test_schema_command_prints_each_schema() -> None:
    for name, title in (("report", "privacy-audit report"), ("rule", "privacy-audit rule"), ("manifest", "privacy-audit.yaml")):
        code, out, _ = run("schema", name)
        assert code == 0 and json.loads(out)["title"] == title


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "privacy-audit" in out
