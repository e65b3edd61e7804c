"""SARIF output: valid against the official OASIS SARIF 2.1.0 schema (from ../shared/data/sarif),
and carrying what GitHub code scanning relies on."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest

from ci_app import by_rule, report, write_app
from conftest import SAMPLES, run, shared


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    document = json.loads(shared("sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(document)  # the draft the schema itself declares
    cls.check_schema(document)
    return cls(document)


def sarif(validator: jsonschema.protocols.Validator, *args: str) -> tuple[int, dict]:
    code, out, err = run("scan", *args, "--format", "sarif")
    assert code in (0, 1), err
    log = json.loads(out)
    validator.validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    return code, log["runs"][0]


def check_github_fields(run_: dict) -> None:
    """What code scanning needs of every rule and result."""
    driver = run_["tool"]["driver"]
    assert driver["name"] == "privacy-audit" and driver["version"]
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        properties = rule["properties"]
        assert properties["precision"] in ("high", "medium", "low")
        if "security" in properties["tags"]:
            assert 0.1 <= float(properties["security-severity"]) <= 10.0
        if "helpUri" in rule:
            assert rule["helpUri"].startswith(("https://", "http://"))
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert len(result["locations"]) == 1
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "./", "../")) and "\\" not in uri
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"]["startLine"] >= 1
        assert len(result["partialFingerprints"]["privacyAudit/v1"]) == 32


def test_risky_sample_is_valid_sarif_with_github_fields(sarif_validator) -> None:
    code, run_ = sarif(sarif_validator, str(SAMPLES / "lending-zh-risky"))
    assert code == 1
    check_github_fields(run_)
    _, data = report(str(SAMPLES / "lending-zh-risky"))
    assert [r["ruleId"] for r in run_["results"]] == [f["rule_id"] for f in data["findings"]]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    pa101 = rules["PA101"]
    assert pa101["properties"]["security-severity"] == "9.5" and pa101["defaultConfiguration"]["level"] == "error"
    assert pa101["helpUri"] == "https://support.google.com/googleplay/android-developer/answer/9876821"
    assert "Google Play" in pa101["help"]["text"] and "**Fix:**" in pa101["help"]["markdown"]
    assert rules["PA112"]["properties"]["security-severity"] == "5.5"
    assert next(r["level"] for r in run_["results"] if r["ruleId"] == "PA112") == "warning"


def test_policy_findings_point_at_the_policy_file_and_line(sarif_validator) -> None:
    _, run_ = sarif(sarif_validator, str(SAMPLES / "lending-zh-risky"))
    _, data = report(str(SAMPLES / "lending-zh-risky"))
    evidence = by_rule(data)["PA106"]["evidence"][0]
    result = next(r for r in run_["results"] if r["ruleId"] == "PA106")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("/" + quote("隐私政策.html"))
    assert physical["region"]["startLine"] == evidence["line"] > 1
    assert physical["region"]["snippet"]["text"] == evidence["text"]


def test_every_evidence_item_is_a_location(sarif_validator) -> None:
    _, run_ = sarif(sarif_validator, str(SAMPLES / "lending-en-risky"))
    _, data = report(str(SAMPLES / "lending-en-risky"))
    for finding, result in zip(data["findings"], run_["results"], strict=True):
        related = result.get("relatedLocations", [])
        assert len(related) == len(finding["evidence"]) - 1
        assert [r["id"] for r in related] == list(range(1, len(related) + 1))
    assert any(r.get("relatedLocations") for r in run_["results"])


def test_uris_and_fingerprints_do_not_depend_on_the_working_folder(sarif_validator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, first = sarif(sarif_validator, str(SAMPLES / "lending-en-risky"))
    monkeypatch.chdir(SAMPLES / "lending-en-risky")
    _, second = sarif(sarif_validator, ".")

    def keys(run_: dict) -> list[tuple[str, str, str]]:
        return [
            (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["privacyAudit/v1"])
            for r in run_["results"]
        ]

    assert keys(first) == keys(second)


def test_fingerprints_survive_lines_moving(sarif_validator, tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    _, before = sarif(sarif_validator, str(app))
    write_app(app, padding=7)
    _, after = sarif(sarif_validator, str(app))
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in (before["results"][0], after["results"][0])]
    assert lines[1] == lines[0] + 7
    assert [r["partialFingerprints"] for r in before["results"]] == [r["partialFingerprints"] for r in after["results"]]


def test_accepted_findings_are_suppressed_not_dropped(sarif_validator, tmp_path: Path) -> None:
    manifest = "accepted_risks:\n  - rule: PA101\n    reason: Reviewed with the DPO.\n    expires: 2999-01-01\n"
    app = write_app(tmp_path / "app", manifest=manifest)
    code, run_ = sarif(sarif_validator, str(app))
    assert code == 1  # PA103 is not accepted
    results = {r["ruleId"]: r for r in run_["results"]}
    assert results["PA101"]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Reviewed with the DPO.",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": "privacy-audit.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 2, "snippet": {"text": "- rule: PA101"}},
                }
            },
        }
    ]
    assert "suppressions" not in results["PA103"]
    assert run_["invocations"][0]["exitCode"] == 1


def test_expired_acceptance_is_a_result_on_the_manifest(sarif_validator, tmp_path: Path) -> None:
    app = write_app(tmp_path / "app", manifest="accepted_risks:\n  - rule: PA101\n    reason: r\n    expires: 2001-01-01\n")
    _, run_ = sarif(sarif_validator, str(app))
    check_github_fields(run_)
    expired = next(r for r in run_["results"] if r["ruleId"] == "PA001")
    assert expired["level"] == "error"
    assert expired["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "privacy-audit.yaml"
    assert all("suppressions" not in r for r in run_["results"])


def test_baseline_states(sarif_validator, tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    baseline = tmp_path / "baseline.json"
    assert run("scan", str(app), "--write-baseline", str(baseline))[0] == 0
    write_app(app, ("READ_SMS",), padding=2)
    code, run_ = sarif(sarif_validator, str(app), "--baseline", str(baseline))
    assert code == 1
    assert {r["ruleId"]: r["baselineState"] for r in run_["results"]} == {"PA110": "new"}
    notes = [n["message"]["text"] for n in run_["invocations"][0]["toolExecutionNotifications"]]
    assert sum("no longer occurs" in n for n in notes) == 2
    write_app(app, ("READ_CONTACTS", "READ_SMS"))
    code, run_ = sarif(sarif_validator, str(app), "--baseline", str(baseline))
    states = {r["ruleId"]: r["baselineState"] for r in run_["results"]}
    assert states == {"PA101": "unchanged", "PA103": "unchanged", "PA110": "new"}
    assert all("suppressions" not in r for r in run_["results"]), "a baseline is not a reviewed suppression"


def test_finding_without_evidence_is_anchored_to_an_input(sarif_validator, tmp_path: Path) -> None:
    manifest = tmp_path / "AndroidManifest.xml"
    manifest.write_text('<manifest xmlns:android="http://schemas.android.com/apk/res/android" />', encoding="utf-8")
    _, run_ = sarif(sarif_validator, str(manifest), "--fail-on", "critical")
    result = next(r for r in run_["results"] if r["ruleId"] == "PA113")  # no privacy policy at all
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "AndroidManifest.xml" and location["region"] == {"startLine": 1}


def test_files_outside_the_root_get_absolute_uris(sarif_validator, tmp_path: Path) -> None:
    app = write_app(tmp_path / "app")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _, run_ = sarif(sarif_validator, str(app), "--root", str(elsewhere))
    location = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (app / "AndroidManifest.xml").resolve().as_uri()}
