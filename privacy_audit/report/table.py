"""The human report: a table of findings, then each finding's evidence and actions."""

from __future__ import annotations

import textwrap
from typing import Any

from privacy_audit.errors import one_line
from privacy_audit.model import SEVERITIES, Finding, Report
from privacy_audit.report.labels import part_label
from privacy_audit.report.text_table import text_table

_LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "none": "No findings.",
        "evidence": "evidence",
        "more": "more",
        "summary": "{counts}; failing at {fail_on} or above: {failing}",
        "headers": ["severity", "rule", "finding", "where"],
        "inputs": "inputs",
        "accepted": "accepted",
        "baseline": "in the baseline",
        "absent": "{n} baseline entries no longer occur (refresh with --write-baseline)",
        "report_only": "report only: exit 0",
        "core_only": "only the core rules ran: name the markets and stores with --jurisdiction and --store (or in privacy-audit.yaml), or use --all-packs",
    },
    "zh": {
        "none": "未发现问题。",
        "evidence": "证据",
        "more": "更多",
        "summary": "{counts}；达到 {fail_on} 及以上的问题：{failing}",
        "headers": ["严重程度", "规则", "问题", "位置"],
        "inputs": "输入",
        "accepted": "已接受",
        "baseline": "在基线内",
        "absent": "基线中有 {n} 项已不再出现（用 --write-baseline 更新）",
        "report_only": "仅报告：退出码为 0",
        "core_only": "仅运行了核心规则：请用 --jurisdiction 和 --store（或在 privacy-audit.yaml 中）指明市场和应用商店，或使用 --all-packs",
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
            packs = ", ".join(finding.packs)
            lines.append(f"{finding.rule_id} [{finding.severity}] {finding.title}  ({packs})")
            if finding.suppression is not None:
                lines.append(_wrap(f"{labels[finding.suppression.kind]}: {finding.suppression.reason}", "  "))
            lines.append(_wrap(finding.message, "  "))
            for evidence in finding.evidence[:5]:
                lines.append(_wrap(f"{labels['evidence']}: {evidence.file}:{evidence.line}  {evidence.text}", "  "))
            for action in finding.actions:
                lines.append(_wrap(f"{part_label(report.lang, action.audience)}: {action.text}", "  "))
            if finding.references:
                lines.append(f"  {part_label(report.lang, 'references')}:")
                lines += [_wrap(f"- {r.text(report.lang)}", "    ") for r in finding.references]
    counts = report.by_severity()
    lines.append("")
    if report.rule_packs == ["core"]:
        lines.append(labels["core_only"])
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
    # Evidence quotes files written by whoever is audited: no control character (a terminal escape
    # sequence) of theirs reaches the auditor's terminal.
    return "\n".join(one_line(line, limit=None) for line in "\n".join(lines).split("\n")) + "\n"
