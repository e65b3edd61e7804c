"""A commented starter ``privacy-audit.yaml`` for a repository, from what a folder scan finds.

The ``inputs`` come from discovery (test and debug manifests written as comments); the
``practices`` questions come from the manifest's JSON Schema, and the markets, stores and
categories from ``markets.yaml``, so they never drift from what the tool reads. Questions stay
commented out: a starter must not declare facts nobody checked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from privacy_audit.engine.conditions import market_vocabulary
from privacy_audit.paths import posix_relative
from privacy_audit.readers import kinds
from privacy_audit.readers.discover import discover
from privacy_audit.resources import schema

INPUT_KEYS = {
    kinds.ANDROID_MANIFEST: "android",
    kinds.IOS_INFO_PLIST: "ios",
    kinds.IOS_PRIVACY_MANIFEST: "ios",
    kinds.HARMONYOS_MODULE: "harmonyos",
    kinds.POLICY: "policies",
}
# Declared by Apple's privacy manifest, which privacy-audit reads itself: one pointer, no questions.
READ_FROM_PLATFORM_FILES = frozenset({"collected_data"})
# Folders whose manifests are not the shipped app's.
NOT_SHIPPED = frozenset({"test", "androidTest", "sharedTest", "testFixtures", "debug", "sample", "samples", "example", "examples"})


def _answer_hint(node: Mapping[str, Any]) -> str:
    kind = node.get("type")
    if kind == "boolean":
        return "true or false"
    if kind == "integer":
        return "a number"
    if kind == "array":
        choices = node.get("items", {}).get("enum")
        return "a list of: " + ", ".join(choices) if choices else "a list"
    return "HH:MM-HH:MM" if "pattern" in node else "text"


def _practice_lines(node: Mapping[str, Any], depth: int) -> list[str]:
    lines = []
    for name, sub in node.get("properties", {}).items():
        indent = "  " * depth
        if depth == 1 and name in READ_FROM_PLATFORM_FILES:
            lines.append(f"# {indent}# {name}: read from PrivacyInfo.xcprivacy; declare it here only for other platforms (see the schema)")
            continue
        if sub.get("type") == "object":
            lines.append(f"# {indent}{name}:" + (f"  # {sub['description']}" if sub.get("description") else ""))
            lines += _practice_lines(sub, depth + 1)
        else:
            note = f"{_answer_hint(sub)}. {sub['description']}" if sub.get("description") else _answer_hint(sub)
            lines.append(f"# {indent}{name}:  # {note}")
    return lines


def _shipped(relative: str) -> bool:
    return not NOT_SHIPPED.intersection(relative.split("/")[:-1])


def _input_lines(folder: str) -> list[str]:
    found: dict[str, list[str]] = {key: [] for key in INPUT_KEYS.values()}
    for item in discover([folder]):
        key = INPUT_KEYS.get(item.kind)
        if key is not None:
            found[key].append(posix_relative(item.path, folder))
    lines = []
    for key, paths in found.items():
        shipped = [p for p in paths if _shipped(p)]
        if not shipped:
            lines.append(f"  # {key}: []  # none found; list yours here")
            continue
        lines.append(f"  {key}:")
        for path in paths:
            lines.append(f"    - {path}" if path in shipped else f"    # - {path}  # test, debug or sample: not the shipped app")
    return lines


def starter_manifest(folder: str) -> str:
    """The text of a starter privacy-audit.yaml for the repository at ``folder``."""
    name = os.path.basename(os.path.abspath(folder))
    practices = schema("audit-manifest")["properties"]["practices"]
    markets = market_vocabulary()
    categories = list(markets["categories"])
    lines = [
        "# privacy-audit.yaml: what privacy-audit cannot see in the app's own files.",
        "# Written by `privacy-audit init`; review every line. Schema: `privacy-audit schema manifest`.",
        "version: 1",
        "",
        "app:",
        f"  name: {name}",
        f"  # {', '.join(categories[:-1])} or {categories[-1]}: some rules apply to some categories only.",
        "  category: lending",
        f"  # Markets the app ships to: {', '.join(markets['jurisdictions'])}.",
        "  jurisdictions: []",
        f"  # Stores it ships to: {', '.join(markets['stores'])}.",
        "  stores: []",
        "",
        "# Where the app's files are, relative to this file (glob patterns allowed). A list here replaces",
        "# what a folder scan finds for that kind of file; kinds left out are still found by the scan.",
        "inputs:",
        *_input_lines(folder),
        "",
        "# What the app does that no platform file shows. Rules test these answers like permissions and",
        "# policy statements. Uncomment `practices:` and every question you answer.",
        "# practices:",
        *_practice_lines(practices, 1),
        "",
        "# Findings the team accepts. Each needs a reason; an expiry date makes the team look again.",
        "# An accepted finding stays in every report, marked as accepted, and no longer fails the run.",
        "# accepted_risks:",
        "#   - rule: PA109",
        "#     file: app/src/main/AndroidManifest.xml  # optional: only findings with evidence in this file",
        "#     reason: Why the risk is accepted, and who decided.",
        "#     expires: 2030-12-31  # optional: the last day the acceptance holds",
    ]
    return "\n".join(lines) + "\n"
