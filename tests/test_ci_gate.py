"""The CI gate: baselines, accepted risks, report-only runs, the audit manifest's inputs and
declarations, `init`, and the Markdown summary."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from ci_app import by_rule, failing, report, write_app
from conftest import run
from privacy_audit.resources import schema

ACCEPT_PA101 = """\
version: 1
accepted_risks:
  - rule: PA101
    reason: Contacts are read only on the loan officers' in-house build; reviewed by the DPO.
    expires: {expires}
  - rule: PA103
    reason: The policy update is in legal review.
"""


def test_schema_version_is_1_2(tmp_path: Path) -> None:
    _, data = report(str(write_app(tmp_path / "app")))
    assert data["schema_version"] == "1.2"
    assert data["summary"]["suppressed"] == {"accepted": 0, "baseline": 0}
    assert data["summary"]["report_only"] is False


# --- baseline -------------------------------------------------------------------------------


def test_baseline_round_trip_only_the_new_finding_fails(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    baseline = tmp_path / "baseline.json"
    code, data = report(str(app), "--write-baseline", str(baseline))
    assert code == 0, "the findings just recorded do not fail the run that records them"
    written = json.loads(baseline.read_text(encoding="utf-8"))
    published = json.loads(run("schema", "baseline")[1])
    assert published["title"] == "privacy-audit baseline"
    jsonschema.validate(written, published)
    assert {e["rule_id"] for e in written["findings"]} == {"PA101", "PA103"}
    assert {e["file"] for e in written["findings"]} == {"AndroidManifest.xml"}

    # The app changes: every line moves down and READ_SMS is added.
    write_app(app, ("READ_CONTACTS", "READ_SMS"), padding=4)
    code, data = report(str(app), "--baseline", str(baseline))
    assert code == 1
    assert failing(data) == {"PA110"}
    findings = by_rule(data)
    assert findings["PA101"]["suppressed"]["kind"] == "baseline"
    assert findings["PA101"]["evidence"][0]["line"] == 6, "the line moved, the fingerprint did not"
    assert "suppressed" not in findings["PA110"]
    assert data["summary"]["suppressed"] == {"accepted": 0, "baseline": 2}
    assert data["baseline"] == {"file": str(baseline), "absent": []}

    # READ_CONTACTS is removed: its baseline entries no longer occur and are reported.
    write_app(app, ("READ_SMS",))
    code, data = report(str(app), "--baseline", str(baseline), "--fail-on", "critical")
    assert code == 0
    assert {e["rule_id"] for e in data["baseline"]["absent"]} == {"PA101", "PA103"}


def test_baseline_matches_whatever_folder_the_tool_runs_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = write_app(tmp_path / "repo" / "app")
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(app)
    assert run("scan", ".", "--write-baseline", str(baseline))[0] == 0
    monkeypatch.chdir(tmp_path)
    code, data = report("repo/app", "--baseline", str(baseline))
    assert code == 0
    assert all(f["suppressed"]["kind"] == "baseline" for f in data["findings"])
    code, data = report(str(app.resolve()), "--baseline", str(baseline))
    assert code == 0 and not data["baseline"]["absent"]


def test_baseline_fingerprints_survive_policy_edits(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", ("READ_CONTACTS",))
    (app / "privacy-policy.md").write_text("# Privacy policy\n\nWe collect your name to process your loan.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    run("scan", str(app), "--write-baseline", str(baseline))
    with (app / "privacy-policy.md").open("a", encoding="utf-8") as handle:
        handle.write("\nWe keep your data for five years.\nWe protect it with encryption.\n")
    code, data = report(str(app), "--baseline", str(baseline))
    assert code == 0, failing(data)
    assert "PA111" in by_rule(data), "an absence finding on the policy stays the same finding"


def test_baseline_options_are_checked(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    baseline = tmp_path / "baseline.json"
    code, _, err = run("scan", str(app), "--baseline", str(baseline), "--write-baseline", str(baseline))
    assert code == 2 and "not both" in err
    baseline.write_text('{"findings": "all of them"}', encoding="utf-8")
    code, out, err = run("scan", str(app), "--baseline", str(baseline))
    assert code == 2 and err.count("\n") == 1 and f"{baseline}: not a privacy-audit baseline" in err
    code, _, err = run("scan", str(app), "--write-baseline", str(app / "AndroidManifest.xml"))
    assert code == 2 and "is one of the inputs" in err
    assert "READ_CONTACTS" in (app / "AndroidManifest.xml").read_text(encoding="utf-8")


# --- accepted risks ---------------------------------------------------------------------------


def test_accepted_risk_is_kept_marked_and_does_not_fail(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", manifest=ACCEPT_PA101.format(expires="2999-12-31"))
    code, data = report(str(app))
    assert code == 0
    accepted = by_rule(data)["PA101"]["suppressed"]
    assert accepted == {
        "kind": "accepted",
        "reason": "Contacts are read only on the loan officers' in-house build; reviewed by the DPO.",
        "file": str(app / "privacy-audit.yaml"),
        "line": 3,
        "expires": "2999-12-31",
    }
    assert data["summary"]["suppressed"]["accepted"] == 2
    assert data["summary"]["by_severity"]["critical"] == 1, "accepted findings are still counted"
    code, out, _ = run("scan", str(app))
    assert "CRITICAL (accepted)" in out and "reviewed by the DPO" in out
    assert out.endswith("1 critical, 1 high; failing at high or above: 0; accepted: 2\n")


def test_expired_acceptance_fails_and_is_reported(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", manifest=ACCEPT_PA101.format(expires="2020-01-31"))
    code, data = report(str(app))
    assert code == 1
    assert failing(data) == {"PA101", "PA001"}
    expired = by_rule(data)["PA001"]
    assert expired["severity"] == "high"
    assert expired["evidence"] == [{"file": str(app / "privacy-audit.yaml"), "line": 3, "text": "- rule: PA101"}]
    assert "2020-01-31" in expired["message"] and "PA101" in expired["message"]
    assert "suppressed" not in by_rule(data)["PA101"]
    _, zh = report(str(app), "--lang", "zh")
    assert by_rule(zh)["PA001"]["title"] == "已接受的风险已过期"


def test_acceptance_limited_to_a_file(tmp_path: Path) -> None:
    manifest = "accepted_risks:\n  - rule: PA101\n    file: AndroidManifest.xml\n    reason: reviewed\n  - rule: PA103\n    file: 'docs/*.md'\n    reason: reviewed\n"
    app = write_app(tmp_path / "app", manifest=manifest)
    code, data = report(str(app))
    assert by_rule(data)["PA101"]["suppressed"]["kind"] == "accepted"
    assert "suppressed" not in by_rule(data)["PA103"], "the policy is not under docs/"
    assert code == 1
    assert any("privacy-audit.yaml:5: the accepted risk for PA103 matches no finding" in w for w in data["warnings"])


def test_acceptance_of_an_unknown_rule_is_a_warning(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", manifest="accepted_risks:\n  - rule: PA999\n    reason: typo\n")
    code, data = report(str(app))
    assert code == 1
    assert data["warnings"] == [f"{app / 'privacy-audit.yaml'}:2: accepted_risks names rule PA999, which no loaded rule has"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - rule: PA101\n", "line 2: $.accepted_risks[0]: 'reason' is a required property"),
        ("  - rule: PA101\n    reason: '   '\n", "line 3: $.accepted_risks[0].reason: '   ' does not match"),
        ("  - rule: PA101\n    reason: ok\n    expires: 2025-02-30\n", "line 4: $.accepted_risks[0].expires:"),
    ],
)
def test_acceptance_without_a_reason_is_refused(tmp_path: Path, entry: str, message: str) -> None:
    app = write_app(tmp_path / "app", manifest="accepted_risks:\n" + entry)
    code, out, err = run("scan", str(app))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{app / 'privacy-audit.yaml'}: {message}" in err


def test_report_only_mode(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    code, data = report(str(app), "--no-fail")
    assert code == 0
    assert data["summary"]["report_only"] is True and data["summary"]["exit_code"] == 0
    assert data["summary"]["failing"] == 2, "the findings are still reported as at or above the threshold"
    assert run("scan", str(tmp_path / "missing"), "--no-fail")[0] == 2, "errors still fail"


# --- the audit manifest ---------------------------------------------------------------------


def test_manifest_inputs_decide_what_is_scanned(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_app(repo / "app" / "src" / "main")
    write_app(repo / "lib" / "src" / "test", ("READ_SMS",))
    (repo / "privacy-audit.yaml").write_text("inputs:\n  android: ['app/src/*/AndroidManifest.xml']\n", encoding="utf-8")
    _, data = report(str(repo))
    paths = sorted(Path(i["path"]).relative_to(repo).as_posix() for i in data["inputs"])
    assert paths == [
        "app/src/main/AndroidManifest.xml",
        "app/src/main/privacy-policy.md",
        "lib/src/test/privacy-policy.md",  # policies are not listed, so the scan still finds them
        "privacy-audit.yaml",
    ]
    assert "PA110" not in by_rule(data), "the test module's READ_SMS is out of scope"


def test_manifest_inputs_that_match_nothing_are_an_error(tmp_path: Path) -> None:
    repo = write_app(tmp_path / "repo", manifest="inputs:\n  policies: [docs/privacy.md]\n")
    code, _, err = run("scan", str(repo))
    assert code == 2
    assert f"{repo / 'privacy-audit.yaml'}: inputs.policies[0]: 'docs/privacy.md' matches no file" in err


def test_the_manifest_alone_is_enough_to_scan(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_app(repo / "android")
    manifest = repo / "privacy-audit.yaml"
    manifest.write_text("inputs:\n  android: [android/AndroidManifest.xml]\n  policies: [android/privacy-policy.md]\n", encoding="utf-8")
    _, data = report(str(manifest))
    assert {i["kind"] for i in data["inputs"]} == {"audit-manifest", "android-manifest", "policy"}


def test_declared_practices_cite_their_own_line(tmp_path: Path) -> None:
    manifest = "app:\n  category: lending\npractices:\n  emergency_contacts:\n    collected: true\n    contacted_for_collection: true\n"
    app = write_app(tmp_path / "app", manifest=manifest)
    _, data = report(str(app))
    assert by_rule(data)["PA106"]["evidence"] == [{"file": str(app / "privacy-audit.yaml"), "line": 6, "text": "contacted_for_collection: true"}]


# --- init -----------------------------------------------------------------------------------


def test_init_writes_a_starter_that_validates_and_scans(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_app(repo / "app" / "src" / "main")
    write_app(repo / "app" / "src" / "debug", ("READ_SMS",))
    code, _, err = run("init", str(repo))
    assert code == 0 and "privacy-audit.yaml" in err
    text = (repo / "privacy-audit.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    jsonschema.validate(data, schema("audit-manifest"))
    assert data["inputs"]["android"] == ["app/src/main/AndroidManifest.xml"]
    assert "# - app/src/debug/AndroidManifest.xml" in text
    # Every practice question, once answered, is a valid declaration.
    block = text[text.index("# practices:"):text.index("\n\n", text.index("# practices:"))]
    answered = "\n".join(line[2:] for line in block.splitlines())
    practices = yaml.safe_load(answered)["practices"]
    assert set(practices) == {"emergency_contacts", "address_book", "collection"}
    assert all(value is None for section in practices.values() for value in section.values()), "questions stay unanswered"
    code, data = report(str(repo))
    assert "PA110" not in by_rule(data), "the debug manifest is left out"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    repo = write_app(tmp_path / "repo", manifest="version: 1\n")
    code, _, err = run("init", str(repo))
    assert code == 2 and "already exists" in err
    assert (repo / "privacy-audit.yaml").read_text(encoding="utf-8") == "version: 1\n"


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_summary(tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", ("READ_CONTACTS", "READ_SMS"), manifest=ACCEPT_PA101.format(expires="2999-12-31"))
    code, out, _ = run("scan", str(app), "--format", "markdown")
    assert code == 1
    assert out.startswith("### privacy-audit: 1 finding(s) at high or above\n")
    assert "| critical | 1 | 1 | 0 |" in out and "| high | 2 | 1 | 0 |" in out
    assert "#### PA110 · high ·" in out
    assert '- `AndroidManifest.xml:3` `<uses-permission android:name="android.permission.READ_SMS" />`' in out
    assert "**Fix:**" in out and "**For borrowers and their contacts:**" in out
    details = out[out.index("<details>"):]
    assert "PA101 · critical" in details and "accepted: Contacts are read only" in details and "(expires 2999-12-31)" in details
    assert "#### PA101" not in out, "accepted findings are folded away, not listed as failing"
    code, out, _ = run("scan", str(app), "--format", "markdown", "--lang", "zh", "--no-fail")
    assert code == 0 and "**整改:**" in out and "仅报告" in out


def test_an_acceptance_holds_through_its_expiry_day() -> None:
    import datetime

    from privacy_audit.engine.suppress import apply_acceptances
    from privacy_audit.model import AcceptedRisk, AppFacts, Evidence, Finding

    def outcome(today: datetime.date) -> list[tuple[str, str | None]]:
        facts = AppFacts()
        facts.accepted_risks.append(AcceptedRisk("PA101", "reviewed", Evidence("privacy-audit.yaml", 2, "- rule: PA101"), expires=datetime.date(2030, 6, 30)))
        finding = Finding("PA101", "n", "critical", "high", "t", "m", "core", [Evidence("AndroidManifest.xml", 3, "x")], [], [])
        found = apply_acceptances([finding], facts, ["PA101"], today=today)
        return [(f.rule_id, f.suppression.kind if f.suppression else None) for f in found]

    assert outcome(datetime.date(2030, 6, 30)) == [("PA101", "accepted")]
    assert outcome(datetime.date(2030, 7, 1)) == [("PA101", None), ("PA001", None)]
