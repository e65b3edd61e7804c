"""The reference registry (``rules/references.yaml``): every instrument rules cite, once, by id.

An entry names the instrument (in its original language and in English), its issuer, date,
article, URL, the market whose pack it belongs to, and a status saying how far it is confirmed
(``official``, ``secondary``, ``uncertain``). An article whose status is ``uncertain`` is dropped
here, when the registry is read, so that no report or listing can print it as if it were verified.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from privacy_audit.errors import RuleError
from privacy_audit.model import Reference
from privacy_audit.resources import builtin_dir, builtin_yaml, load_yaml

STATUSES = ("official", "secondary", "uncertain")
REGISTRY_FILE = "references.yaml"


def _instrument(value: Any, path: str, where: str) -> tuple[str, str | None, str | None]:
    """The printed name, the original-language title and the English one."""
    if isinstance(value, str) and value.strip():
        return value, None, None
    if isinstance(value, Mapping) and isinstance(value.get("en"), str):
        original, english = value.get("original"), value["en"]
        if original is not None and not isinstance(original, str):
            raise RuleError("'instrument.original' must be text", path, f"{where}.original")
        shown = f"{original} ({english})" if original and original != english else english
        return shown, original, english
    raise RuleError("'instrument' is a name, or a mapping with 'en' (and 'original')", path, where)


def reference(entry: Mapping[str, Any], path: str, where: str, key: str | None = None) -> Reference:
    """One registry entry, or a reference written inline in a rule, as it may be printed."""
    if not isinstance(entry, Mapping) or "instrument" not in entry or not entry.get("issuer"):
        raise RuleError("a reference needs an 'instrument' and an 'issuer'", path, where)
    status = entry.get("status")
    if status is not None and status not in STATUSES:
        raise RuleError("a reference's status is official, secondary or uncertain", path, f"{where}.status")
    shown, original, english = _instrument(entry["instrument"], path, f"{where}.instrument")
    article = entry.get("article")
    return Reference(
        instrument=shown,
        issuer=str(entry["issuer"]),
        # Not confirmed: the instrument may be cited, its article may not.
        article=str(article) if article and status != "uncertain" else None,
        url=str(entry["url"]) if entry.get("url") else None,
        status=status,
        id=key,
        date=str(entry["date"]) if entry.get("date") else None,
        market=str(entry["market"]) if entry.get("market") else None,
        instrument_original=original,
        instrument_en=english,
    )


def parse_registry(data: Any, path: str) -> dict[str, Reference]:
    if not isinstance(data, Mapping) or not isinstance(data.get("references"), Mapping):
        raise RuleError("a reference registry maps 'references' to entries", path, "$.references")
    registry = {}
    for key, entry in data["references"].items():
        where = f"$.references.{key}"
        if not isinstance(entry, Mapping) or entry.get("status") not in STATUSES:
            raise RuleError("a reference needs a status: official, secondary or uncertain", path, f"{where}.status")
        registry[str(key)] = reference(entry, path, where, str(key))
    return registry


@functools.cache
def reference_registry() -> dict[str, Reference]:
    """The built-in registry."""
    return parse_registry(builtin_yaml(REGISTRY_FILE), str(builtin_dir() / REGISTRY_FILE))


def registry_with(extra_dirs: Iterable[Path]) -> dict[str, Reference]:
    """The built-in registry and the ``references.yaml`` of each user rule folder."""
    registry = dict(reference_registry())
    for folder in extra_dirs:
        user_refs = folder / REGISTRY_FILE
        if user_refs.is_file():
            registry.update(parse_registry(load_yaml(user_refs), str(user_refs)))
    return registry
