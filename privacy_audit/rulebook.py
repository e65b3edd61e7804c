"""Rules as people read them: a list of the rules in the packs, and one rule in full (its text,
condition, actions, references and fixtures, and what each pack's overlay adds), in English or
Chinese, as text or JSON. ``privacy-audit rules list`` and ``rules show`` print these.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from privacy_audit.engine.rules import Overlay, Rule
from privacy_audit.model import Reference
from privacy_audit.report.labels import part_label

WIDTH = 100
_LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "headers": ["rule", "severity", "packs", "title"],
        "when": "when",
        "categories": "applies to",
        "all": "every category",
        "fixtures": "fixtures",
        "overlays": "added by other packs",
        "holds": "holds where the rule does and",
        "widens": "holds, and makes the rule hold, wherever",
        "with_rule": "holds wherever the rule does",
        "severity": "severity",
        "none": "No rules.",
    },
    "zh": {
        "headers": ["规则", "严重程度", "规则包", "标题"],
        "when": "条件",
        "categories": "适用类别",
        "all": "全部类别",
        "fixtures": "测试样例",
        "overlays": "其他规则包的补充",
        "holds": "在规则成立且满足以下条件时适用",
        "widens": "满足以下条件即适用（并使规则成立）",
        "with_rule": "在规则成立时适用",
        "severity": "严重程度",
        "none": "没有规则。",
    },
}


def _reference(ref: Reference, lang: str) -> dict[str, Any]:
    return {**ref.to_dict(), "citation": ref.citation(lang)}


def _actions(actions: Iterable[Mapping[str, str]], lang: str) -> list[dict[str, str]]:
    return [{"audience": a["audience"], "text": " ".join(a[lang].split())} for a in actions]


def _fixtures(tests: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        expectation: [{"name": f.get("name", "?"), "files": sorted(f.get("files", {}))} for f in tests.get(expectation, [])]
        for expectation in ("fires", "quiet")
    }


def _overlay(overlay: Overlay, lang: str) -> dict[str, Any]:
    return {
        "pack": overlay.pack,
        "name": overlay.name,
        "path": overlay.path,
        "severity": overlay.severity,
        "when": overlay.when,
        "widens": overlay.widens,
        "message": " ".join(overlay.message[lang].split()) if overlay.message else None,
        "actions": _actions(overlay.actions, lang),
        "references": [_reference(r, lang) for r in overlay.references],
        "fixtures": _fixtures(overlay.tests),
    }


def summary(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity,
        "pack": rule.pack,
        "packs": rule.packs,
        "title": rule.title[lang],
        "references": [r.id or r.instrument for r in rule.references],
    }


def detail(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        **summary(rule, lang),
        "confidence": rule.confidence,
        "categories": sorted(rule.categories) if rule.categories else None,
        "path": rule.path,
        "message": " ".join(rule.message[lang].split()),
        "when": rule.when,
        "actions": _actions(rule.actions, lang),
        "references": [_reference(r, lang) for r in rule.references],
        "fixtures": _fixtures(rule.tests),
        "overlays": [_overlay(o, lang) for o in rule.overlays],
    }


def in_pack(rules: Iterable[Rule], pack: str | None) -> list[Rule]:
    """The rules of a pack, and those a pack's overlays add to."""
    return [r for r in rules if pack is None or pack in r.packs]


def render_list(rules: list[Rule], lang: str, format_name: str) -> str:
    if format_name == "json":
        return json.dumps([summary(r, lang) for r in rules], ensure_ascii=False, indent=2) + "\n"
    from privacy_audit.report.text_table import text_table

    labels = _LABELS[lang]
    if not rules:
        return labels["none"] + "\n"
    rows = [[r.id, r.severity, ", ".join(r.packs), textwrap.shorten(r.title[lang], 70)] for r in rules]
    return text_table(rows, labels["headers"]) + "\n"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _condition(when: Any, indent: str) -> list[str]:
    import yaml

    dumped = yaml.safe_dump(when, allow_unicode=True, sort_keys=False, default_flow_style=None, width=WIDTH)
    return [indent + line for line in dumped.rstrip("\n").splitlines()]


def _part(part: Rule | Overlay, lang: str, indent: str) -> list[str]:
    """The actions, references (with how far each is confirmed) and fixtures of a rule or overlay."""
    lines = []
    for action in _actions(part.actions, lang):
        lines += _wrap(f"{part_label(lang, action['audience'])}: {action['text']}", indent)
    if part.references:
        lines.append(f"{indent}{part_label(lang, 'references')}:")
        for ref in part.references:
            status = f" [{ref.status}]" if ref.status else ""
            lines += _wrap(f"- {ref.text(lang)}{status}", indent + "  ")
    fixtures = _fixtures(part.tests)
    if fixtures["fires"] or fixtures["quiet"]:
        lines.append(f"{indent}{_LABELS[lang]['fixtures']}:")
        for expectation in ("fires", "quiet"):
            for fixture in fixtures[expectation]:
                lines += _wrap(f"{expectation}: {fixture['name']} ({', '.join(fixture['files'])})", indent + "  ")
    return lines


def render_show(rule: Rule, lang: str, format_name: str) -> str:
    if format_name == "json":
        return json.dumps(detail(rule, lang), ensure_ascii=False, indent=2) + "\n"
    labels = _LABELS[lang]
    categories = ", ".join(sorted(rule.categories)) if rule.categories else labels["all"]
    lines = [f"{rule.id} {rule.name} [{rule.severity}, {rule.confidence}]  ({', '.join(rule.packs)})", rule.title[lang], ""]
    lines += _wrap(rule.message[lang], "")
    lines += ["", f"{labels['categories']}: {categories}", f"{labels['when']}:"]
    lines += _condition(rule.when, "  ")
    lines += _part(rule, lang, "")
    if rule.overlays:
        lines += ["", f"{labels['overlays']}:"]
    for overlay in rule.overlays:
        head = f"+ {overlay.key}"
        if overlay.severity:
            head += f"  {labels['severity']} {overlay.severity}"
        holds = labels["widens"] if overlay.widens else labels["holds"] if overlay.when is not None else labels["with_rule"]
        lines += ["", head, f"  {holds}:"]
        if overlay.when is not None:
            lines += _condition(overlay.when, "    ")
        if overlay.message:
            lines += _wrap(overlay.message[lang], "  ")
        lines += _part(overlay, lang, "  ")
    return "\n".join(lines) + "\n"
