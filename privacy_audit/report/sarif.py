"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

One result per finding; its first evidence item is the location (the one GitHub annotates), the
others are related locations. Files are named relative to the report's root. The finding's
fingerprint, which ignores line numbers, is the partial fingerprint, so an alert survives lines
moving. Accepted findings carry an external suppression with the team's reason; with a baseline,
each result's ``baselineState`` says whether it is new.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from privacy_audit.model import Evidence, Finding, Report
from privacy_audit.paths import relative_path
from privacy_audit.report.labels import part_heading

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/privacy-audit/privacy-audit"
FINGERPRINT_KEY = "privacyAudit/v1"
ROOT_BASE_ID = "%SRCROOT%"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub reads these as critical (> 9.0), high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
# Info findings (a policy the tool cannot read) are notes, not security alerts: no score.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def _artifact(file: str, root: str | None) -> dict[str, Any]:
    relative = relative_path(file, root)
    if os.path.isabs(relative) or relative.startswith("../"):
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": ROOT_BASE_ID}


def _location(evidence: Evidence, root: str | None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": evidence.line}
    if evidence.text:
        region["snippet"] = {"text": evidence.text}
    return {"physicalLocation": {"artifactLocation": _artifact(evidence.file, root), "region": region}}


def _help(finding: Finding, lang: str) -> dict[str, str]:
    text, markdown = [finding.message], [finding.message]
    for action in finding.actions:
        heading = part_heading(lang, action.audience)
        text.append(f"{heading}: {action.text}")
        markdown.append(f"**{heading}:** {action.text}")
    if finding.references:
        heading = part_heading(lang, "references")
        text.append(f"{heading}: " + "; ".join(r.text(lang) for r in finding.references))
        markdown.append(f"**{heading}:**")
        markdown.append("\n".join(f"- {r.markdown(lang)}" for r in finding.references))
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _rule(finding: Finding, lang: str) -> dict[str, Any]:
    tags = ["privacy", *finding.packs]
    properties: dict[str, Any] = {
        "precision": finding.confidence,
        "severity": finding.severity,
        "packs": list(finding.packs),
        "references": [r.to_dict() for r in finding.references],
    }
    if finding.severity in SECURITY_SEVERITY:
        tags.insert(1, "security")
        properties["security-severity"] = SECURITY_SEVERITY[finding.severity]
    properties["tags"] = tags
    descriptor: dict[str, Any] = {
        "id": finding.rule_id,
        "name": finding.name,
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.message},
        "help": _help(finding, lang),
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": properties,
    }
    url = next((r.url for r in finding.references if r.url), None)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _anchor(report: Report) -> Evidence | None:
    """Where a finding with no evidence (e.g. no privacy policy at all) is shown: the audit
    manifest if there is one, else the first input."""
    inputs = sorted(report.facts.inputs, key=lambda i: i.kind != "audit-manifest")
    return Evidence(inputs[0].path, 1, "") if inputs else None


def _result(finding: Finding, index: int, report: Report) -> dict[str, Any]:
    evidence = finding.evidence or [e for e in (_anchor(report),) if e is not None]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.title} — {finding.message}"},
        "locations": [_location(e, report.root) for e in evidence[:1]],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {"severity": finding.severity, "confidence": finding.confidence},
    }
    if len(evidence) > 1:
        result["relatedLocations"] = [
            {"id": number, **_location(e, report.root), "message": {"text": e.text}}
            for number, e in enumerate(evidence[1:], start=1)
        ]
    suppression = finding.suppression
    if suppression is not None and suppression.kind == "accepted":
        entry: dict[str, Any] = {"kind": "external", "status": "accepted", "justification": suppression.reason}
        if suppression.where is not None:
            entry["location"] = _location(suppression.where, report.root)
        result["suppressions"] = [entry]
    if report.baseline is not None:
        in_baseline = suppression is not None and suppression.kind == "baseline"
        result["baselineState"] = "unchanged" if in_baseline else "new"
    return result


def _notifications(report: Report) -> list[dict[str, Any]]:
    notes = [{"level": "warning", "message": {"text": w}} for w in report.facts.warnings]
    if report.baseline is not None:
        notes += [
            {"level": "note", "message": {"text": f"{report.baseline.path}: {e.rule_id} {e.fingerprint} ({e.title}, {e.file}:{e.line}) no longer occurs"}}
            for e in report.baseline.absent
        ]
    return notes


def to_sarif(report: Report) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for finding in report.findings:
        if finding.rule_id not in index_of:
            index_of[finding.rule_id] = len(rules)
            rules.append(_rule(finding, report.lang))
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": report.exit_code()}
    notifications = _notifications(report)
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "privacy-audit",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": [_result(f, index_of[f.rule_id], report) for f in report.findings],
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"
