"""privacy-audit summarize: counts over a batch's results, streamed, in three formats.

The apps declare permissions only (no policy), so their findings come from manifest rules alone
and do not move when the policy reader is retuned.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import android_manifest, run

APPS = {
    "a-contacts": ["READ_CONTACTS"],
    "b-sms": ["READ_SMS"],
    "c-calls": ["READ_CONTACTS", "READ_CALL_LOG"],
    "d-clean": ["INTERNET"],
}


def write_app(folder: Path, name: str, permissions: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "AndroidManifest.xml").write_text(android_manifest(*permissions, package=f"com.example.{name[0]}"))


@pytest.fixture
def results(tmp_path: Path) -> Path:
    apps = tmp_path / "apps"
    for name, permissions in APPS.items():
        write_app(apps / name, name, permissions)
    (apps / "b-sms" / "privacy-audit.yaml").write_text("app:\n  jurisdictions: [ng, in]\n")
    (apps / "e-broken").mkdir()
    (apps / "e-broken" / "AndroidManifest.xml").write_text("<manifest")
    output = tmp_path / "results.jsonl"
    code, _, err = run("batch", str(apps), "-o", str(output), "-q")
    assert code == 2, err  # e-broken
    return output


def test_table_counts_every_section_and_lists_the_apps_most_at_risk_first(results: Path) -> None:
    code, out, _ = run("summarize", str(results))
    assert code == 0
    assert out.startswith(f"{results}: 5 apps, 4 audited, 3 (75.0%) with findings at high or above, 1 not audited (1 input)\n")
    for title in ("By severity", "By rule", "By capability (declared or implied)", "By jurisdiction", "Most at risk"):
        assert f"\n{title}\n" in out
    risky = out.split("Most at risk")[1]
    assert [risky.index(f"{app} ") for app in ("c-calls", "a-contacts", "b-sms", "d-clean")] == sorted(
        risky.index(f"{app} ") for app in ("c-calls", "a-contacts", "b-sms", "d-clean")
    )


def test_json_summary(results: Path) -> None:
    code, out, _ = run("summarize", str(results), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["apps"] == {"total": 5, "audited": 4, "failing": 3, "not_audited": 1, "errors_by_kind": {"input": 1}}
    assert data["by_severity"][0] == {"severity": "critical", "findings": 3, "apps": 2}
    assert [(r["rule_id"], r["apps"]) for r in data["by_rule"]] == [("PA113", 4), ("PA101", 2), ("PA109", 1), ("PA110", 1)]
    assert data["by_capability"] == [
        {"capability": "contacts.read", "apps": 2},
        {"capability": "call_log.read", "apps": 1},
        {"capability": "sms.read", "apps": 1},
    ]
    assert data["by_jurisdiction"] == [
        {"jurisdiction": "(none)", "apps": 3, "failing": 2},
        {"jurisdiction": "in", "apps": 1, "failing": 1},
        {"jurisdiction": "ng", "apps": 1, "failing": 1},
    ]
    assert [a["app"] for a in data["most_at_risk"]] == ["c-calls", "a-contacts", "b-sms", "d-clean"]
    assert data["most_at_risk"][0] == {
        "app": "c-calls",
        "package": "com.example.c",
        "worst": "critical",
        "by_severity": {"critical": 2, "high": 0, "medium": 1, "low": 0, "info": 0},
        "rules": ["PA101", "PA109", "PA113"],
    }


def test_csv_summary_is_one_tidy_table(results: Path) -> None:
    code, out, _ = run("summarize", str(results), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == ["section", "key", "label", "measure", "value"]
    values = {(r["section"], r["key"], r["measure"]): r["value"] for r in rows if r["section"] != "most_at_risk"}
    assert values[("apps", "total", "apps")] == "5"
    assert values[("apps", "not_audited", "apps")] == "1"
    assert values[("rule", "PA101", "apps")] == "2"
    assert values[("severity", "critical", "findings")] == "3"
    assert values[("capability", "contacts.read", "apps")] == "2"
    assert values[("jurisdiction", "ng", "failing")] == "1"
    risky = [r["key"] for r in rows if r["section"] == "most_at_risk" and r["measure"] == "critical"]
    assert risky == ["c-calls", "a-contacts", "b-sms", "d-clean"]
    pa101 = next(r for r in rows if r["key"] == "PA101")
    assert pa101["label"] == "Lending app can read the borrower's whole address book"


def test_top_and_fail_on(results: Path) -> None:
    data = json.loads(run("summarize", str(results), "--format", "json", "--top", "2", "--fail-on", "critical")[1])
    assert [a["app"] for a in data["most_at_risk"]] == ["c-calls", "a-contacts"]
    assert data["apps"]["failing"] == 2


def test_an_accepted_finding_is_counted_but_does_not_fail_its_app(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    write_app(apps / "a-contacts", "a-contacts", ["READ_CONTACTS"])
    (apps / "a-contacts" / "privacy-audit.yaml").write_text(
        "version: 1\naccepted_risks:\n  - rule: PA101\n    reason: The release build drops READ_CONTACTS; see LEGAL-1.\n"
    )
    output = tmp_path / "results.jsonl"
    code, _, err = run("batch", str(apps), "-o", str(output))
    assert code == 0 and "0 with findings at high or above" in err  # PA101 accepted, PA113 medium
    data = json.loads(run("summarize", str(output), "--format", "json")[1])
    assert data["apps"]["failing"] == 0
    assert ("PA101", 1) in [(r["rule_id"], r["apps"]) for r in data["by_rule"]]


def test_the_last_line_of_an_app_counts(results: Path) -> None:
    apps = results.parent / "apps"
    write_app(apps / "a-contacts", "a-contacts", ["INTERNET"])
    run("batch", str(apps), "-o", str(results), "-q")
    assert results.read_text().count('"app":"a-contacts"') == 2
    data = json.loads(run("summarize", str(results), "--format", "json")[1])
    assert data["apps"]["total"] == 5
    assert [(r["rule_id"], r["apps"]) for r in data["by_rule"]][:2] == [("PA113", 4), ("PA101", 1)]


def test_an_incomplete_last_line_is_left_out_and_a_foreign_line_is_an_error(results: Path) -> None:
    whole = results.read_bytes()
    results.write_bytes(whole + b'{"batch":{"app":"f-half"')
    code, out, err = run("summarize", str(results), "--format", "json")
    assert code == 0 and json.loads(out)["apps"]["total"] == 5
    assert "left out an incomplete last line (24 bytes)" in err
    results.write_bytes(whole + b"not json\n")
    code, _, err = run("summarize", str(results))
    assert code == 2 and f"{results}: line 6 is not a privacy-audit batch result line" in err
    results.write_bytes(whole + b'{"batch":{"app":"f","status":"ok"}}\n')
    code, _, err = run("summarize", str(results))
    assert code == 2 and "line 6 is not a whole batch result line" in err and "Traceback" not in err


def test_output_file_and_never_over_the_results(results: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    code, out, _ = run("summarize", str(results), "--format", "csv", "-o", str(target))
    assert code == 0 and out == "" and target.read_text().startswith("section,key,label,measure,value\n")
    before = results.read_bytes()
    code, _, err = run("summarize", str(results), "-o", str(results))
    assert code == 2 and "is one of the inputs" in err and results.read_bytes() == before


def test_a_rule_with_several_findings_in_one_app_counts_that_app_once(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    write_app(apps / "a-contacts", "a-contacts", ["READ_CONTACTS"])
    expired = "".join(f"  - rule: {rule}\n    reason: Decided in 1999.\n    expires: 2000-01-01\n" for rule in ("PA101", "PA113"))
    (apps / "a-contacts" / "privacy-audit.yaml").write_text(f"version: 1\naccepted_risks:\n{expired}")
    output = tmp_path / "results.jsonl"
    run("batch", str(apps), "-o", str(output), "-q")
    assert [f["rule_id"] for f in json.loads(output.read_text())["findings"]].count("PA001") == 2
    data = json.loads(run("summarize", str(output), "--format", "json")[1])
    assert ("PA001", 1) in [(r["rule_id"], r["apps"]) for r in data["by_rule"]]
    assert data["most_at_risk"][0]["rules"].count("PA001") == 1
