"""The human report: a table of findings, then each finding's evidence and actions."""

from __future__ import annotations

import textwrap

from privacy_audit.model import SEVERITIES, Finding, Reference, Report
from privacy_audit.report.text_table import text_table

_LABELS = {
    "en": {
        "none": "No findings.",
        "evidence": "evidence",
        "developer": "fix",
        "user": "for borrowers and contacts",
        "references": "rests on",
        "more": "more",
        "summary": "{counts}; failing at {fail_on} or above: {failing}",
        "headers": ["severity", "rule", "finding", "where"],
        "inputs": "inputs",
        "accepted": "accepted",
        "baseline": "in the baseline",
        "absent": "{n} baseline entries no longer occur (refresh with --write-baseline)",
        "report_only": "report only: exit 0",
    },
    "zh": {
        "none": "未发现问题。",
        "evidence": "证据",
        "developer": "整改",
        "user": "借款人及联系人",
        "references": "依据",
        "more": "更多",
        "summary": "{counts}；达到 {fail_on} 及以上的问题：{failing}",
        "headers": ["严重程度", "规则", "问题", "位置"],
        "inputs": "输入",
        "accepted": "已接受",
        "baseline": "在基线内",
        "absent": "基线中有 {n} 项已不再出现（用 --write-baseline 更新）",
        "report_only": "仅报告：退出码为 0",
    },
}
WIDTH = 100


def _where(finding: Finding, more: str) -> str:
    if not finding.evidence:
        return ""
    first = finding.evidence[0]
    extra = f" (+{len(finding.evidence) - 1} {more})" if len(finding.evidence) > 1 else ""
    return f"{first.file}:{first.line}{extra}"


def _severity(finding: Finding, labels: dict[str, str]) -> str:
    marker = f" ({labels[finding.suppression.kind]})" if finding.suppression is not None else ""
    return finding.severity.upper() + marker


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _reference(ref: Reference) -> str:
    parts = [ref.instrument, ref.article or "", f"({ref.issuer})"]
    return " ".join(p for p in parts if p)


def render(report: Report) -> str:
    labels = _LABELS[report.lang]
    lines = [f"privacy-audit {report.tool_version}  {labels['inputs']}: " + ", ".join(i.path for i in report.facts.inputs)]
    for warning in report.facts.warnings:
        lines.append(f"! {warning}")
    lines.append("")
    if not report.findings:
        lines.append(labels["none"])
    else:
        rows = [
            [_severity(f, labels), f.rule_id, textwrap.shorten(f.title, 60), _where(f, labels["more"])]
            for f in report.findings
        ]
        lines.append(text_table(rows, labels["headers"]))
        for finding in report.findings:
            lines.append("")
            lines.append(f"{finding.rule_id} [{finding.severity}] {finding.title}")
            if finding.suppression is not None:
                lines.append(_wrap(f"{labels[finding.suppression.kind]}: {finding.suppression.reason}", "  "))
            lines.append(_wrap(finding.message, "  "))
            for evidence in finding.evidence[:5]:
                lines.append(_wrap(f"{labels['evidence']}: {evidence.file}:{evidence.line}  {evidence.text}", "  "))
            for action in finding.actions:
                lines.append(_wrap(f"{labels[action.audience]}: {action.text}", "  "))
            refs = "; ".join(_reference(r) for r in finding.references)
            lines.append(_wrap(f"{labels['references']}: {refs}", "  "))
    counts = report.by_severity()
    lines.append("")
    if report.baseline is not None and report.baseline.absent:
        lines.append(labels["absent"].format(n=len(report.baseline.absent)))
    lines.append(
        labels["summary"].format(
            counts=", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s]) or "0",
            fail_on=report.fail_on,
            failing=len(report.failing()),
        )
        + "".join(f"; {labels[kind]}: {n}" for kind, n in report.suppressed().items() if n)
        + (f" ({labels['report_only']})" if report.report_only else "")
    )
    return "\n".join(lines) + "\n"
