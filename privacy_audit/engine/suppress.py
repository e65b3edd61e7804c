"""Suppression: findings the team accepted in privacy-audit.yaml, or recorded in a baseline, stay
in every report, marked with why, and no longer fail the run.

An acceptance past its expiry date suppresses nothing and is itself reported as a finding
(PA001), so a forgotten decision fails the run instead of silencing a risk for ever. Acceptances
naming a rule no loaded rule has, or matching no finding, are warned about.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import os
from collections.abc import Iterable, Sequence

from privacy_audit.engine.evaluate import fingerprint
from privacy_audit.model import (
    AcceptedRisk,
    Action,
    AppFacts,
    BaselineEntry,
    BaselineOutcome,
    Finding,
    Suppression,
)
from privacy_audit.paths import posix_relative
from privacy_audit.resources import builtin_yaml

EXPIRED_RULE_ID = "PA001"
# The tool's own finding belongs to no rule pack: it is reported under the tool's name.
EXPIRED_PACK = "privacy-audit"


def _covers(acceptance: AcceptedRisk, finding: Finding) -> bool:
    if acceptance.rule != finding.rule_id:
        return False
    if acceptance.file is None:
        return True
    folder = os.path.abspath(os.path.dirname(acceptance.evidence.file))
    pattern = acceptance.file.removeprefix("./")
    for evidence in finding.evidence:
        relative = posix_relative(evidence.file, folder)
        if fnmatch.fnmatchcase(relative, pattern):
            return True
    return False


def _expired_finding(acceptance: AcceptedRisk, lang: str, root: str | None) -> Finding:
    text = builtin_yaml("accepted-risks.yaml")["expired"]
    fill = {"rule": acceptance.rule, "expires": acceptance.expires, "reason": acceptance.reason}
    evidence = [acceptance.evidence]
    return Finding(
        rule_id=text["id"],
        name=text["name"],
        severity=text["severity"],
        confidence=text["confidence"],
        title=text["title"][lang],
        message=" ".join(text["message"][lang].format(**fill).split()),
        pack=EXPIRED_PACK,
        evidence=evidence,
        actions=[Action(a["audience"], " ".join(a[lang].format(**fill).split())) for a in text["actions"]],
        references=[],
        fingerprint=fingerprint(text["id"], evidence, root),
        packs=[EXPIRED_PACK],
    )


def apply_acceptances(
    findings: Sequence[Finding],
    facts: AppFacts,
    known_rule_ids: Iterable[str],
    lang: str = "en",
    root: str | None = None,
    today: datetime.date | None = None,
) -> list[Finding]:
    """Mark the findings each live acceptance covers; report expired acceptances as findings.
    Warnings about acceptances go to ``facts.warnings``."""
    today = today or datetime.date.today()
    known = {*known_rule_ids, EXPIRED_RULE_ID}
    result = list(findings)
    for acceptance in facts.accepted_risks:
        where = f"{acceptance.evidence.file}:{acceptance.evidence.line}"
        if acceptance.rule not in known:
            facts.warnings.append(f"{where}: accepted_risks names rule {acceptance.rule}, which no loaded rule has")
            continue
        if acceptance.expires is not None and acceptance.expires < today:
            result.append(_expired_finding(acceptance, lang, root))
            continue
        covered = False
        suppression = Suppression("accepted", acceptance.reason, acceptance.evidence, acceptance.expires)
        for index, finding in enumerate(result):
            if finding.suppression is None and _covers(acceptance, finding):
                result[index] = dataclasses.replace(finding, suppression=suppression)
                covered = True
        if not covered:
            facts.warnings.append(f"{where}: the accepted risk for {acceptance.rule} matches no finding; remove it")
    return result


def apply_baseline(findings: Sequence[Finding], entries: Sequence[BaselineEntry], path: str) -> tuple[list[Finding], BaselineOutcome]:
    """Mark the findings the baseline records; list the entries that no longer occur."""
    recorded = {e.fingerprint for e in entries}
    suppression = Suppression("baseline", f"recorded in the baseline {path}")
    result = [
        dataclasses.replace(f, suppression=suppression) if f.fingerprint in recorded and f.suppression is None else f
        for f in findings
    ]
    present = {f.fingerprint for f in findings}
    return result, BaselineOutcome(path, [e for e in entries if e.fingerprint not in present])
