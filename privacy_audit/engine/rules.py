"""Rules: YAML files, one rule each, in pack folders; loaded, checked and compiled.

The built-in packs are validated against the rule schema by the test suite (and
``privacy-audit rules test``), so a normal run only compiles them; rules a user adds with
``--rules DIR`` are validated when loaded. Either way a broken rule is one line naming the
file and the JSON path of the fault.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_audit.engine.conditions import Condition, compile_condition
from privacy_audit.errors import RuleError
from privacy_audit.model import Action, Reference
from privacy_audit.resources import builtin_dir, builtin_yaml, load_yaml, schema

ALWAYS_ON = ("core",)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    pack: str
    path: str
    severity: str
    confidence: str
    categories: frozenset[str] | None
    title: Mapping[str, str]
    message: Mapping[str, str]
    actions: tuple[Mapping[str, str], ...]
    references: tuple[Reference, ...]
    condition: Condition
    tests: Mapping[str, Any]

    def localized_actions(self, lang: str) -> list[Action]:
        return [Action(a["audience"], a[lang]) for a in self.actions]


@functools.cache
def reference_registry() -> dict[str, Reference]:
    return _references(builtin_yaml("references.yaml"), str(builtin_dir() / "references.yaml"))


def _references(data: Any, path: str) -> dict[str, Reference]:
    if not isinstance(data, Mapping) or not isinstance(data.get("references"), Mapping):
        raise RuleError("a reference registry maps 'references' to entries", path, "$.references")
    registry = {}
    for key, entry in data["references"].items():
        where = f"$.references.{key}"
        if not isinstance(entry, Mapping) or not entry.get("instrument") or not entry.get("issuer"):
            raise RuleError("a reference needs an 'instrument' and an 'issuer'", path, where)
        status = entry.get("status")
        if status not in ("official", "secondary", "uncertain"):
            raise RuleError("a reference needs a status: official, secondary or uncertain", path, f"{where}.status")
        registry[str(key)] = Reference(
            instrument=str(entry["instrument"]),
            issuer=str(entry["issuer"]),
            article=str(entry["article"]) if entry.get("article") else None,
            url=entry.get("url"),
            status=status,
        )
    return registry


def _printable(reference: Reference) -> Reference:
    """An article whose number is uncertain is not printed as if it were verified."""
    if reference.status == "uncertain" and reference.article:
        return Reference(reference.instrument, reference.issuer, None, reference.url, reference.status)
    return reference


def validate_rule_document(data: Any, path: str) -> None:
    """Check a rule file against the published rule schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), e.json_path))
    if errors:
        error = errors[0]
        raise RuleError(error.message, path, error.json_path)


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema("rule"))


def compile_rule(data: Any, path: str, pack: str, registry: Mapping[str, Reference]) -> Rule:
    if not isinstance(data, Mapping):
        raise RuleError("a rule file holds one rule, a mapping", path, "$")
    references = []
    for index, item in enumerate(data.get("references", [])):
        if isinstance(item, str):
            if item not in registry:
                raise RuleError(f"unknown reference id {item!r}", path, f"$.references[{index}]")
            references.append(_printable(registry[item]))
        else:
            references.append(_printable(Reference(**item)))
    categories = data.get("categories")
    return Rule(
        id=str(data["id"]),
        name=str(data["name"]),
        pack=pack,
        path=path,
        severity=str(data["severity"]),
        confidence=str(data.get("confidence", "medium")),
        categories=frozenset(categories) if categories else None,
        title=data["title"],
        message=data["message"],
        actions=tuple(data["actions"]),
        references=tuple(references),
        condition=compile_condition(data["when"], path),
        tests=data.get("tests", {}),
    )


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder: its YAML files, lexicons and registries excepted."""
    skip = {"references.yaml", "pack.yaml"}
    return sorted(
        p for p in folder.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and p.name not in skip and "lexicons" not in p.relative_to(folder).parts
    )


def builtin_packs() -> list[str]:
    root = builtin_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "lexicons")


def load_rules(
    packs: Iterable[str] = ALWAYS_ON,
    extra_dirs: Iterable[Path] = (),
    validate_builtin: bool = False,
) -> list[Rule]:
    """Compile the chosen built-in packs and every rule under the user's folders."""
    registry = dict(reference_registry())
    extra_dirs = tuple(extra_dirs)
    for folder in extra_dirs:
        if not folder.is_dir():
            raise RuleError("not a folder of rules", str(folder))
        user_refs = folder / "references.yaml"
        if user_refs.is_file():
            registry.update(_references(load_yaml(user_refs), str(user_refs)))
    sources: list[tuple[Path, str, bool]] = []
    root = builtin_dir()
    for pack in dict.fromkeys((*ALWAYS_ON, *packs)):
        folder = root / pack
        if not folder.is_dir():
            raise RuleError(f"no rule pack named {pack!r} (packs: {', '.join(builtin_packs())})")
        sources.extend((p, pack, validate_builtin) for p in rule_files(folder))
    for folder in extra_dirs:
        for path in rule_files(folder):
            relative = path.relative_to(folder).parts
            pack = relative[0] if len(relative) > 1 else folder.resolve().name
            sources.append((path, pack, True))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, pack, validate in sources:
        data = load_yaml(path)
        if validate:
            validate_rule_document(data, str(path))
        rule = compile_rule(data, str(path), pack, registry)
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id} is also used by {seen[rule.id]}", str(path), "$.id")
        seen[rule.id] = str(path)
        rules.append(rule)
    return rules
