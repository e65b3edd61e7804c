"""A short Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``: counts by
severity, then each active finding with its evidence and actions; accepted and baselined findings
folded away below, never dropped."""

from __future__ import annotations

import textwrap

from privacy_audit.model import SEVERITIES, Evidence, Finding, Report, Suppression
from privacy_audit.paths import relative_path
from privacy_audit.report.labels import part_heading

EVIDENCE_SHOWN = 3
_LABELS = {
    "en": {
        "failing": "privacy-audit: {n} finding(s) at {fail_on} or above",
        "passing": "privacy-audit: no finding at {fail_on} or above",
        "report_only": " (report only: the run does not fail)",
        "headers": "| severity | findings | accepted | in baseline |",
        "more": "more",
        "suppressed": "Accepted or in the baseline ({n})",
        "accepted": "accepted",
        "baseline": "in the baseline",
        "expires": "expires",
        "warnings": "Warnings",
        "absent": "Baseline entries that no longer occur ({n}); refresh the baseline with --write-baseline:",
        "none": "No findings.",
    },
    "zh": {
        "failing": "privacy-audit：{n} 个问题达到 {fail_on} 及以上",
        "passing": "privacy-audit：没有达到 {fail_on} 及以上的问题",
        "report_only": "（仅报告：检查不会失败）",
        "headers": "| 严重程度 | 问题 | 已接受 | 基线内 |",
        "more": "更多",
        "suppressed": "已接受或在基线内（{n}）",
        "accepted": "已接受",
        "baseline": "在基线内",
        "expires": "到期",
        "warnings": "警告",
        "absent": "基线中有 {n} 项已不再出现；请用 --write-baseline 更新基线：",
        "none": "未发现问题。",
    },
}


def _code(text: str, width: int = 160) -> str:
    return "`" + textwrap.shorten(" ".join(text.split()), width, placeholder=" …").replace("`", "'") + "`"


def _where(evidence: Evidence, root: str | None) -> str:
    return f"`{relative_path(evidence.file, root)}:{evidence.line}`"


def _finding(finding: Finding, report: Report, labels: dict[str, str]) -> list[str]:
    packs = ", ".join(finding.packs)
    lines = [f"#### {finding.rule_id} · {finding.severity} · {finding.title} ({packs})", ""]
    for evidence in finding.evidence[:EVIDENCE_SHOWN]:
        lines.append(f"- {_where(evidence, report.root)} {_code(evidence.text)}")
    if len(finding.evidence) > EVIDENCE_SHOWN:
        lines.append(f"- (+{len(finding.evidence) - EVIDENCE_SHOWN} {labels['more']})")
    lines.append("")
    lines += [f"**{part_heading(report.lang, a.audience)}:** {' '.join(a.text.split())}" + "\n" for a in finding.actions]
    if finding.references:
        lines.append(f"**{part_heading(report.lang, 'references')}:**")
        lines += [f"- {r.markdown(report.lang)}" for r in finding.references]
        lines.append("")
    return lines


def _suppressed_line(finding: Finding, suppression: Suppression, report: Report, labels: dict[str, str]) -> str:
    where = f" {_where(finding.evidence[0], report.root)}" if finding.evidence else ""
    why = labels[suppression.kind]
    if suppression.kind == "accepted":
        why += f": {suppression.reason}"
        if suppression.expires is not None:
            why += f" ({labels['expires']} {suppression.expires.isoformat()})"
    return f"- {finding.rule_id} · {finding.severity} · {finding.title}{where} — {why}"


def render(report: Report) -> str:
    labels = _LABELS[report.lang]
    failing = report.failing()
    head = labels["failing"].format(n=len(failing), fail_on=report.fail_on) if failing else labels["passing"].format(fail_on=report.fail_on)
    if report.report_only:
        head += labels["report_only"]
    lines = [f"### {head}", ""]
    totals = report.by_severity()
    if report.findings:
        lines += [labels["headers"], "| --- | ---: | ---: | ---: |"]
        for severity in SEVERITIES:
            if totals[severity]:
                kinds = [f.suppression.kind for f in report.findings if f.severity == severity and f.suppression]
                lines.append(f"| {severity} | {totals[severity]} | {kinds.count('accepted')} | {kinds.count('baseline')} |")
        lines.append("")
    else:
        lines += [labels["none"], ""]
    for finding in report.active():
        lines += _finding(finding, report, labels)
    suppressed = [f for f in report.findings if f.suppression is not None]
    if suppressed:
        lines += ["<details>", f"<summary>{labels['suppressed'].format(n=len(suppressed))}</summary>", ""]
        lines += [_suppressed_line(f, f.suppression, report, labels) for f in suppressed if f.suppression is not None]
        lines += ["", "</details>", ""]
    if report.baseline is not None and report.baseline.absent:
        lines.append(labels["absent"].format(n=len(report.baseline.absent)))
        lines += [f"- {e.rule_id} {e.title} (`{e.file}:{e.line}`)" for e in report.baseline.absent]
        lines.append("")
    if report.facts.warnings:
        lines.append(f"**{labels['warnings']}:**")
        lines += [f"- {w}" for w in report.facts.warnings]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
