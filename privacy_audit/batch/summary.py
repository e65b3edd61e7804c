"""Counts over a results file, read as a stream: per severity, rule, capability and
jurisdiction, and the apps most at risk.

Where a file holds several lines for one app (a re-run after the app changed, or with
--retry-errors), the last one counts. A first pass notes each app's last line number; the
second counts those lines only, so memory grows with the number of apps, never with reports.

Findings accepted in an app's privacy-audit.yaml (or in a baseline) are counted like the others,
but, as in ``scan``, do not make an app failing.

Risk order: more critical findings first, then more high, then medium, low and info (one
critical outweighs any number of high findings); equal apps in order of their ids.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from privacy_audit.batch.line import active_by_severity, is_failing
from privacy_audit.batch.results import ResultLines
from privacy_audit.errors import UsageError
from privacy_audit.model import EFFECTIVE_STATES, SEVERITIES, severity_rank

NO_JURISDICTION = "(none)"


@dataclass(frozen=True, slots=True)
class RiskyApp:
    app: str
    package: str | None
    by_severity: tuple[int, ...]  # counts in SEVERITIES order
    rules: tuple[str, ...]

    @property
    def worst(self) -> str | None:
        return next((s for s, n in zip(SEVERITIES, self.by_severity) if n), None)

    def __lt__(self, other: RiskyApp) -> bool:
        """Less at risk; between equal counts the later id is the lesser, so it goes first."""
        if self.by_severity != other.by_severity:
            return self.by_severity < other.by_severity
        return self.app > other.app


@dataclass(slots=True)
class RuleCount:
    title: str
    severity: str
    apps: int = 0


@dataclass(slots=True)
class Summary:
    path: str
    fail_on: str
    top: int  # how many of the apps most at risk to keep; 0: all
    apps: int = 0
    audited: int = 0
    failing: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    findings_by_severity: Counter[str] = field(default_factory=Counter)
    apps_by_severity: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleCount] = field(default_factory=dict)
    capabilities: Counter[str] = field(default_factory=Counter)
    jurisdictions: Counter[str] = field(default_factory=Counter)
    failing_by_jurisdiction: Counter[str] = field(default_factory=Counter)
    incomplete_bytes: int = 0
    _risky: list[RiskyApp] = field(default_factory=list)

    def add(self, line: dict[str, Any]) -> None:
        self.apps += 1
        batch = line["batch"]
        if batch["status"] == "error":
            self.errors[batch.get("error", {}).get("kind", "input")] += 1
            return
        self.audited += 1
        counts = line["summary"]["by_severity"]
        failing = is_failing(active_by_severity(line), self.fail_on)
        self.failing += failing
        for severity in SEVERITIES:
            self.findings_by_severity[severity] += counts[severity]
            self.apps_by_severity[severity] += counts[severity] > 0
        # A rule counts once per app, however many findings it made there (one per expired acceptance).
        first_by_rule: dict[str, dict[str, Any]] = {}
        for finding in line["findings"]:
            first_by_rule.setdefault(finding["rule_id"], finding)
        for rule_id, finding in first_by_rule.items():
            self.rules.setdefault(rule_id, RuleCount(finding["title"], finding["severity"])).apps += 1
        self.capabilities.update(
            {p["capability"] for p in line["permissions"] if p["capability"] and p["state"] in EFFECTIVE_STATES}
        )
        jurisdictions = line["app"]["jurisdictions"] or [NO_JURISDICTION]
        self.jurisdictions.update(jurisdictions)
        if failing:
            self.failing_by_jurisdiction.update(jurisdictions)
        if line["findings"]:
            self._rank(RiskyApp(
                batch["app"],
                line["app"]["package"],
                tuple(counts[s] for s in SEVERITIES),
                tuple(first_by_rule),
            ))

    def _rank(self, app: RiskyApp) -> None:
        if not self.top or len(self._risky) < self.top:
            heapq.heappush(self._risky, app)
        elif self._risky[0] < app:
            heapq.heapreplace(self._risky, app)

    def most_at_risk(self) -> list[RiskyApp]:
        return sorted(self._risky, reverse=True)

    def rules_by_apps(self) -> list[tuple[str, RuleCount]]:
        return sorted(self.rules.items(), key=lambda item: (-item[1].apps, severity_rank(item[1].severity), item[0]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "results": self.path,
            "fail_on": self.fail_on,
            "apps": {
                "total": self.apps,
                "audited": self.audited,
                "failing": self.failing,
                "not_audited": sum(self.errors.values()),
                "errors_by_kind": dict(sorted(self.errors.items())),
            },
            "by_severity": [
                {"severity": s, "findings": self.findings_by_severity[s], "apps": self.apps_by_severity[s]}
                for s in SEVERITIES
            ],
            "by_rule": [
                {"rule_id": rule_id, "title": rule.title, "severity": rule.severity, "apps": rule.apps}
                for rule_id, rule in self.rules_by_apps()
            ],
            "by_capability": [{"capability": c, "apps": n} for c, n in _ranked(self.capabilities)],
            "by_jurisdiction": [
                {"jurisdiction": j, "apps": n, "failing": self.failing_by_jurisdiction[j]}
                for j, n in _ranked(self.jurisdictions)
            ],
            "most_at_risk": [
                {
                    "app": a.app,
                    "package": a.package,
                    "worst": a.worst,
                    "by_severity": dict(zip(SEVERITIES, a.by_severity)),
                    "rules": list(a.rules),
                }
                for a in self.most_at_risk()
            ],
        }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def summarize(path: str, fail_on: str = "high", top: int = 20) -> Summary:
    lines = ResultLines(path)
    last = {line["batch"]["app"]: number for number, line in lines}
    summary = Summary(path, fail_on, top, incomplete_bytes=lines.partial_bytes)
    for number, line in lines:
        # .get: a batch still running may have appended lines since the first pass.
        if last.get(line["batch"]["app"]) == number:
            try:
                summary.add(line)
            except (KeyError, TypeError, AttributeError) as exc:
                raise UsageError(f"line {number} is not a whole batch result line ({type(exc).__name__}: {exc})", path) from None
    return summary
