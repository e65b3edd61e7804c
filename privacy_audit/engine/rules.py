"""Rules: YAML files, one rule each, in pack folders; loaded, checked and compiled.

A file is either a rule or an *overlay*: a pack's addition to a rule of another pack
(``extends: PA101``, or a list of rules). An overlay adds references, actions, a note to the
message, or a higher severity wherever the rule holds, or, with a condition (``when``), where the
rule and that condition hold; an overlay that ``widens`` makes the rule hold wherever its condition
does (a market whose law is stricter than the rule). A finding lists every pack whose part held, so one fact found wrong by several packs is one
finding with every reference, not one finding per pack.

The built-in packs are validated against the rule schema by the test suite (and
``privacy-audit rules test``), so a normal run only compiles them; rules a user adds with
``--rules DIR`` are validated when loaded. Either way a broken rule is one line naming the
file and the JSON path of the fault.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_audit.engine.conditions import Condition, compile_condition
from privacy_audit.engine.packs import ALWAYS_ON, market_packs
from privacy_audit.engine.references import REGISTRY_FILE, reference, registry_with
from privacy_audit.errors import RuleError
from privacy_audit.model import Action, Reference, severity_rank
from privacy_audit.resources import (
    builtin_dir,
    builtin_yaml,
    files_state,
    load_yaml,
    schema,
)

PACK_FILE = "pack.yaml"
RETIRED_FILE = "retired.yaml"


@dataclass(frozen=True, slots=True)
class Overlay:
    """What one pack adds to a rule of another pack, and when."""

    pack: str
    name: str
    path: str
    extends: str
    severity: str | None
    message: Mapping[str, str] | None
    actions: tuple[Mapping[str, str], ...]
    references: tuple[Reference, ...]
    # None: the overlay holds whenever the rule's own condition does.
    condition: Condition | None
    tests: Mapping[str, Any]
    # The rule also holds wherever the condition does, not only where its own condition holds.
    widens: bool = False
    # The condition as written, for listings.
    when: Any = None

    @property
    def key(self) -> str:
        return f"{self.pack}:{self.name}"


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
    overlays: tuple[Overlay, ...] = ()
    # The condition as written, for listings.
    when: Any = None

    def localized_actions(self, lang: str) -> list[Action]:
        return [Action(a["audience"], a[lang]) for a in self.actions]

    @property
    def packs(self) -> list[str]:
        return list(dict.fromkeys([self.pack, *(o.pack for o in self.overlays)]))

    def alone(self) -> Rule:
        """The rule without the overlays of other packs."""
        return dataclasses.replace(self, overlays=())


def validate_rule_document(data: Any, path: str) -> None:
    """Check a rule or overlay file against the published rule schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), e.json_path))
    if errors:
        error = errors[0]
        raise RuleError(error.message, path, error.json_path)


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema("rule"))


def _references(data: Mapping[str, Any], path: str, registry: Mapping[str, Reference]) -> tuple[Reference, ...]:
    references = []
    for index, item in enumerate(data.get("references", [])):
        where = f"$.references[{index}]"
        if isinstance(item, str):
            if item not in registry:
                raise RuleError(f"unknown reference id {item!r}", path, where)
            references.append(registry[item])
        else:
            references.append(reference(item, path, where))
    return tuple(references)


def compile_rule(data: Any, path: str, pack: str, registry: Mapping[str, Reference]) -> Rule:
    if not isinstance(data, Mapping):
        raise RuleError("a rule file holds one rule, a mapping", path, "$")
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
        references=_references(data, path, registry),
        condition=compile_condition(data["when"], path),
        tests=data.get("tests", {}),
        when=data["when"],
    )


def compile_overlays(data: Mapping[str, Any], path: str, pack: str, registry: Mapping[str, Reference]) -> list[Overlay]:
    """An overlay file, once for each rule it extends (``extends: PA105`` or ``[PA105, PA106]``)."""
    when = data.get("when")
    bases = data["extends"] if isinstance(data["extends"], list) else [data["extends"]]
    overlay = Overlay(
        pack=pack,
        name=str(data["name"]),
        path=path,
        extends="",
        severity=str(data["severity"]) if data.get("severity") else None,
        message=data.get("message"),
        actions=tuple(data.get("actions", ())),
        references=_references(data, path, registry),
        condition=compile_condition(when, path) if when is not None else None,
        tests=data.get("tests", {}),
        widens=bool(data.get("widens", False)),
        when=when,
    )
    return [dataclasses.replace(overlay, extends=str(base)) for base in bases]


def _attach(rule: Rule, overlays: list[Overlay]) -> Rule:
    for overlay in overlays:
        if overlay.severity is not None and severity_rank(overlay.severity) > severity_rank(rule.severity):
            raise RuleError(
                f"an overlay may raise a rule's severity, not lower it ({rule.id} is {rule.severity})",
                overlay.path,
                "$.severity",
            )
    return dataclasses.replace(rule, overlays=tuple(overlays)) if overlays else rule


def _for_markets(rule: Rule, markets: frozenset[str] | None) -> Rule:
    """A rule citing only the instruments of the markets chosen (and those of no market)."""
    if markets is None:
        return rule
    kept = tuple(r for r in rule.references if r.market is None or r.market in markets)
    return dataclasses.replace(rule, references=kept)


def rule_files(folder: Path) -> list[Path]:
    """The rule and overlay files of a folder: its YAML files, lexicons and registries excepted."""
    skip = {REGISTRY_FILE, PACK_FILE}
    return sorted(
        p for p in folder.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and p.name not in skip and "lexicons" not in p.relative_to(folder).parts
    )


def builtin_packs() -> list[str]:
    root = builtin_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "lexicons")


def _builtin_rule_exists(rule_id: str) -> bool:
    """Whether a built-in pack, loaded or not, has the rule: its file is named ``<ID>-<name>``."""
    return any(p.name.startswith(f"{rule_id}-") for p in builtin_dir().glob("*/*.yaml"))


def retired_ids() -> dict[str, str]:
    """Rule ids no longer in use, with why: reserved, never to take another meaning."""
    return dict(builtin_yaml(RETIRED_FILE)["retired"] or {})


def _chosen_markets(packs: Iterable[str]) -> frozenset[str] | None:
    """The market packs among those loaded; None (cite every market) when none or all are."""
    known = set(market_packs())
    chosen = known.intersection(packs)
    return frozenset(chosen) if chosen and chosen != known else None


def load_rules(
    packs: Iterable[str] = ALWAYS_ON,
    extra_dirs: Iterable[Path] = (),
    validate_builtin: bool = False,
) -> list[Rule]:
    """Compile the chosen built-in packs and every rule under the user's folders, each rule with
    the overlays of the loaded packs. Where some but not all markets are chosen, the rules cite
    only their instruments (and those of no market).

    Compiled once per process for the same packs and folders, while the user's rule files keep
    their size and time (the built-in ones change only with the tool): a batch audits thousands
    of apps with a handful of pack choices, and compiling costs more than auditing an app. The
    packs are keyed as loaded (core first, each once), so ``()`` and ``("core",)`` share one
    compilation."""
    extra_dirs = tuple(Path(d) for d in extra_dirs)
    chosen = tuple(dict.fromkeys((*ALWAYS_ON, *packs)))
    return list(_compiled(chosen, extra_dirs, validate_builtin, files_state(extra_dirs)))


@functools.lru_cache(maxsize=32)
def _compiled(
    packs: tuple[str, ...], extra_dirs: tuple[Path, ...], validate_builtin: bool, _: tuple[tuple[str, int, int], ...]
) -> tuple[Rule, ...]:
    """``packs``: core first, each once, as ``load_rules`` passes them."""
    for folder in extra_dirs:
        if not folder.is_dir():
            raise RuleError("not a folder of rules", str(folder))
    registry = registry_with(extra_dirs)
    sources: list[tuple[Path, str, bool]] = []
    root = builtin_dir()
    for pack in packs:
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
    overlays: list[Overlay] = []
    seen: dict[str, str] = {}
    retired = retired_ids()
    for path, pack, validate in sources:
        data = load_yaml(path)
        if validate:
            validate_rule_document(data, str(path))
        if isinstance(data, Mapping) and "extends" in data:
            overlays.extend(compile_overlays(data, str(path), pack, registry))
            continue
        rule = compile_rule(data, str(path), pack, registry)
        if rule.id in retired:
            raise RuleError(f"rule id {rule.id} is retired ({retired[rule.id]}); take a new one", str(path), "$.id")
        if rule.id in seen:
            raise RuleError(f"rule id {rule.id} is also used by {seen[rule.id]}", str(path), "$.id")
        seen[rule.id] = str(path)
        rules.append(rule)
    by_base: dict[str, list[Overlay]] = {}
    for overlay in overlays:
        if overlay.extends not in seen and not _builtin_rule_exists(overlay.extends):
            raise RuleError(f"extends {overlay.extends}, which no rule has", overlay.path, "$.extends")
        # An overlay of a rule in a pack not chosen has nothing to add to.
        by_base.setdefault(overlay.extends, []).append(overlay)
    markets = _chosen_markets(packs)
    return tuple(_attach(_for_markets(rule, markets), by_base.get(rule.id, [])) for rule in rules)
