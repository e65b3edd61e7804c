"""The words a rule may use, read from the tool's own tables so that documentation cannot drift:
condition atoms (the rule schema), capabilities and the permissions that give them
(``capabilities.yaml``), practices (``practices.yaml``), declared values (the audit-manifest
schema), markets and stores with their packs (``markets.yaml``), purposes and lexicon categories
(the built-in lexicons).

``privacy-audit rules vocabulary`` prints it; ``docs/writing-rules.md`` embeds its Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privacy_audit import capabilities
from privacy_audit.engine.conditions import (
    LEXICON_LANGUAGES,
    PLATFORMS,
    declared_vocabulary,
    market_vocabulary,
    practice_vocabulary,
    purpose_vocabulary,
)
from privacy_audit.resources import builtin_yaml, schema
from privacy_audit.text.lexicon import SECTIONS


def _declared() -> dict[str, dict[str, str]]:
    """Declared paths with type and meaning. Where an object's members all share one shape (the
    data types of ``collected_data``), their paths are given once, as ``collected_data.<type>...``."""
    nodes = declared_vocabulary()
    families = {
        path: list(node["properties"])
        for path, node in nodes.items()
        if node.get("type") == "object"
        and len(node.get("properties", {})) > 2
        and all(child == next(iter(node["properties"].values())) and child.get("type") == "object" for child in node["properties"].values())
    }
    found: dict[str, dict[str, str]] = {}
    for path, node in nodes.items():
        kind = str(node.get("type", "value"))
        if kind == "object":
            continue
        shown = path
        for family, members in families.items():
            member = path[len(family) + 1 :].split(".", 1)[0]
            if path.startswith(family + ".") and member in members:
                shown = f"{family}.<type>.{path[len(family) + len(member) + 2 :]}"
                found.setdefault(f"{family}.<type>", {"type": "one of " + ", ".join(members), "description": str(nodes[family].get("description", ""))})
        choices = node.get("items", {}).get("enum") if kind == "array" else None
        found.setdefault(shown, {"type": "list of " + ", ".join(choices) if choices else kind, "description": str(node.get("description", ""))})
    return found


def _permissions_by_capability() -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = {name: {} for name in capabilities.vocabulary()}
    for platform in PLATFORMS:
        for permission, capability in capabilities.platform(platform).permissions.items():
            if capability:
                table[capability].setdefault(platform, []).append(permission)
    return table


def _lexicon_categories() -> dict[str, dict[str, list[str]]]:
    """Each lexicon section's categories, with the languages that have terms in them."""
    found: dict[str, dict[str, list[str]]] = {section: {} for section in (*SECTIONS, "not_objects")}
    for language in LEXICON_LANGUAGES:
        data = builtin_yaml(f"lexicons/{language}.yaml")
        for section in SECTIONS:
            for name in data.get(section, {}):
                found[section].setdefault(name, []).append(language)
        if data.get("not_objects"):
            found["not_objects"].setdefault("(look-alikes)", []).append(language)
    return found


def vocabulary() -> dict[str, Any]:
    conditions = schema("rule")["$defs"]["condition"]["properties"]
    permissions = _permissions_by_capability()
    return {
        "conditions": {name: str(node.get("description", "")) for name, node in conditions.items()},
        "capabilities": {
            name: {"description": description, "permissions": permissions[name]}
            for name, description in capabilities.vocabulary().items()
        },
        "practices": practice_vocabulary(),
        "declared": _declared(),
        "markets": market_vocabulary(),
        "purposes": purpose_vocabulary(),
        "lexicon": _lexicon_categories(),
    }


_KINDS = {"jurisdictions": "jurisdiction", "stores": "store", "categories": "category"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(words: Mapping[str, Any]) -> str:
    """The vocabulary as Markdown sections (headings at level 3)."""
    lines = ["### Conditions", "", "| condition | holds when |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in words["conditions"].items()]
    lines += ["", "### Capabilities", "", "| capability | what it gives | Android | iOS | HarmonyOS |", "| --- | --- | --- | --- | --- |"]
    for name, entry in words["capabilities"].items():
        names = [", ".join(entry["permissions"].get(p, [])) or "-" for p in PLATFORMS]
        lines.append(f"| `{name}` | {_cell(entry['description'])} | " + " | ".join(_cell(n) for n in names) + " |")
    lines += ["", "### Practices (policy statements)", "", "| practice | the sentence says |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in words["practices"].items()]
    lines += ["", "### Declared values (privacy-audit.yaml `practices`)", "", "| path | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{path}` | {_cell(e['type'])} | {_cell(e['description'])} |" for path, e in words["declared"].items()]
    lines += ["", "### Markets, stores and categories", "", "| word | kind | name | pack |", "| --- | --- | --- | --- |"]
    for section, entries in words["markets"].items():
        for word, entry in entries.items():
            pack = f"`{entry['pack']}`" if entry.get("pack") else "-"
            lines.append(f"| `{word}` | {_KINDS[section]} | {_cell(entry['name'])} | {pack} |")
    lines += ["", "### Purposes (lexicon `purposes`)", "", "| purpose | languages |", "| --- | --- |"]
    lines += [f"| `{name}` | {languages} |" for name, languages in words["purposes"].items()]
    lines += ["", "### Lexicon categories", "", "| section | categories (languages) |", "| --- | --- |"]
    for section, categories in words["lexicon"].items():
        listed = ", ".join(f"`{name}` ({', '.join(langs)})" for name, langs in categories.items())
        lines.append(f"| `{section}` | {listed} |")
    return "\n".join(lines) + "\n"
