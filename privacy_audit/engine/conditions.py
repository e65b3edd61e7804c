"""The rule condition language, compiled into functions over an app's facts.

    all: [c, ...]   any: [c, ...]   not: c
    capability: contacts.read | [..]         an effective permission gives the capability
    permission: READ_CONTACTS | [..]         an effective permission by name (short or full)
    statement: {practice, polarity, min_confidence, actor, purpose}
                                             a policy sentence states the practice
    declared: {path, equals | in | exists | at_least | at_most}
                                             a value the app team declared in privacy-audit.yaml
    category | jurisdiction | store | platform: word | [..]
    target_sdk | min_sdk: {at_least, below}
    policy: analysed | missing | not_analysed
    queries: broad | any                     the Android manifest's <queries> see every app (broad)
    description: {capability, platform, missing: true | purpose: [..] | purpose: none}
                                             an iOS / HarmonyOS permission's usage text
    contact_hours: {outside: "08:00-19:00"}  collectors may call outside these hours (policy or
                                             declared collection.contact_hours)

A condition returns whether it holds and the evidence that made it hold (none for `not`).
Names are checked against the tool's own vocabularies when a rule is compiled, so a rule that
names a capability or practice that does not exist is an error, not a rule that never fires.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from privacy_audit import capabilities
from privacy_audit.engine.facts import FactIndex
from privacy_audit.errors import RuleError
from privacy_audit.model import POLARITIES, Evidence, Permission, confidence_rank
from privacy_audit.resources import builtin_yaml, schema
from privacy_audit.text.hours import WINDOW, within
from privacy_audit.text.language import has_cjk

Result = tuple[bool, list[Evidence]]
Condition = Callable[[FactIndex], Result]
PLATFORMS = ("android", "ios", "harmonyos")
# Platforms whose permission declarations carry the text shown to the user (iOS usage
# descriptions, HarmonyOS reasons); Android's carry none.
DESCRIBED_PLATFORMS = ("ios", "harmonyos")
LEXICON_LANGUAGES = ("en", "zh")


@functools.cache
def practice_vocabulary() -> dict[str, str]:
    return dict(builtin_yaml("practices.yaml")["practices"])


@functools.cache
def market_vocabulary() -> dict[str, dict[str, dict[str, str]]]:
    """``markets.yaml``: jurisdictions, stores and categories, each word with its name (and pack)."""
    return {section: {word: dict(entry) for word, entry in words.items()} for section, words in builtin_yaml("markets.yaml").items()}


@functools.cache
def declared_vocabulary() -> dict[str, Mapping[str, Any]]:
    """Every declared path (``emergency_contacts``, ``emergency_contacts.collected``) with its
    node of the audit-manifest schema (type, description)."""
    paths: dict[str, Mapping[str, Any]] = {}

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            paths[path] = sub
            if sub.get("type") == "object":
                walk(sub, path + ".")

    walk(schema("audit-manifest")["properties"]["practices"], "")
    return paths


@functools.cache
def purpose_vocabulary() -> dict[str, str]:
    """Every purpose a lexicon can tell (``risk_assessment``, ``debt_collection``, ...), with the
    languages that have terms for it."""
    found: dict[str, list[str]] = {}
    for language in LEXICON_LANGUAGES:
        for name in builtin_yaml(f"lexicons/{language}.yaml").get("purposes", {}):
            found.setdefault(name, []).append(language)
    return {name: ", ".join(languages) for name, languages in found.items()}


@functools.cache
def _description_purposes(text: str) -> frozenset[str]:
    """The purposes a usage text names, read with the lexicon of its language."""
    # Imported here, not with the module: a scan with no usage text is spared ~15 ms of imports.
    from privacy_audit.text.lexicon import builtin_lexicon
    from privacy_audit.text.statements import purposes

    lexicon = builtin_lexicon("zh" if has_cjk(text) else "en")
    return frozenset(purposes(text, lexicon))


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


class _Compiler:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, problem: str, where: str) -> RuleError:
        return RuleError(problem, self.path, where)

    def compile(self, node: Any, where: str) -> Condition:
        if not isinstance(node, Mapping) or len(node) != 1:
            raise self.fail("a condition is a mapping with exactly one key", where)
        (key, value), = node.items()
        method = getattr(self, f"_{key}", None)
        if method is None:
            raise self.fail(f"unknown condition {key!r}", where)
        result: Condition = method(value, f"{where}.{key}")
        return result

    def _check(self, words: list[Any], known: Mapping[str, Any], what: str, where: str) -> list[str]:
        for index, word in enumerate(words):
            if word not in known:
                hint = ", ".join(sorted(known)[:12])
                raise self.fail(f"unknown {what} {word!r} (known: {hint}, ...)", f"{where}[{index}]" if len(words) > 1 else where)
        return [str(w) for w in words]

    def _all(self, value: Any, where: str) -> Condition:
        parts = [self.compile(c, f"{where}[{i}]") for i, c in enumerate(_as_list(value))]

        def all_(facts: FactIndex) -> Result:
            evidence: list[Evidence] = []
            for part in parts:
                ok, found = part(facts)
                if not ok:
                    return False, []
                evidence.extend(found)
            return True, evidence

        return all_

    def _any(self, value: Any, where: str) -> Condition:
        parts = [self.compile(c, f"{where}[{i}]") for i, c in enumerate(_as_list(value))]

        def any_(facts: FactIndex) -> Result:
            matched, evidence = False, []
            for part in parts:
                ok, found = part(facts)
                if ok:
                    matched = True
                    evidence.extend(found)
            return matched, evidence

        return any_

    def _not(self, value: Any, where: str) -> Condition:
        inner = self.compile(value, where)
        return lambda facts: (not inner(facts)[0], [])

    def _capability(self, value: Any, where: str) -> Condition:
        wanted = self._check(_as_list(value), capabilities.vocabulary(), "capability", where)

        def capability(facts: FactIndex) -> Result:
            found = [p.evidence for c in wanted for p in facts.by_capability.get(c, [])]
            return bool(found), found

        return capability

    def _permission(self, value: Any, where: str) -> Condition:
        wanted = [str(v) for v in _as_list(value)]

        def permission(facts: FactIndex) -> Result:
            found = [p.evidence for name in wanted for p in facts.by_permission.get(name, [])]
            return bool(found), list(dict.fromkeys(found))

        return permission

    def _statement(self, value: Any, where: str) -> Condition:
        if not isinstance(value, Mapping) or "practice" not in value:
            raise self.fail("'statement' needs a 'practice'", where)
        practices = self._check(_as_list(value["practice"]), practice_vocabulary(), "practice", f"{where}.practice")
        polarity = value.get("polarity", ["affirmed", "conditional"])
        polarities = set(POLARITIES) if polarity == "any" else set(_as_list(polarity))
        self._check(sorted(polarities), dict.fromkeys(POLARITIES), "polarity", f"{where}.polarity")
        floor = confidence_rank(value.get("min_confidence", "low"))
        actor = value.get("actor")
        wanted = value.get("purpose")
        purposes = set(self._check(_as_list(wanted), purpose_vocabulary(), "purpose", f"{where}.purpose")) if wanted else None

        def statement(facts: FactIndex) -> Result:
            found = [
                s.evidence
                for practice in practices
                for s in facts.by_practice.get(practice, [])
                if s.polarity in polarities
                and confidence_rank(s.confidence) >= floor
                and (actor is None or s.actor == actor)
                and (purposes is None or purposes.intersection(s.purposes))
            ]
            return bool(found), list(dict.fromkeys(found))

        return statement

    def _declared(self, value: Any, where: str) -> Condition:
        if not isinstance(value, Mapping) or "path" not in value:
            raise self.fail("'declared' needs a 'path'", where)
        path = str(value["path"])
        self._check([path], declared_vocabulary(), "declared path", f"{where}.path")
        tests = {k: v for k, v in value.items() if k != "path"}
        if len(tests) != 1:
            raise self.fail("'declared' needs exactly one of equals, in, exists, at_least, at_most", where)
        (op, expected), = tests.items()

        def declared(facts: FactIndex) -> Result:
            present, actual = facts.declared(path)
            if op == "exists":
                ok = present == bool(expected)
            elif not present:
                ok = False
            elif op == "equals":
                ok = actual == expected
            elif op == "in":
                ok = actual in expected or (isinstance(actual, list) and any(a in expected for a in actual))
            elif op == "at_least":
                ok = isinstance(actual, (int, float)) and actual >= expected
            else:
                ok = isinstance(actual, (int, float)) and actual <= expected
            if not (ok and present):
                return ok, []
            where = facts.declared_evidence(path, actual)
            return ok, [where] if where is not None else []

        return declared

    def _words(self, value: Any, where: str, known: Mapping[str, Any], what: str, get: Callable[[FactIndex], set[str]]) -> Condition:
        wanted = set(self._check(_as_list(value), known, what, where))
        return lambda facts: (bool(get(facts) & wanted), [])

    def _category(self, value: Any, where: str) -> Condition:
        return self._words(value, where, market_vocabulary()["categories"], "category", lambda f: {f.facts.category})

    def _jurisdiction(self, value: Any, where: str) -> Condition:
        return self._words(value, where, market_vocabulary()["jurisdictions"], "jurisdiction", lambda f: f.facts.jurisdictions)

    def _store(self, value: Any, where: str) -> Condition:
        return self._words(value, where, market_vocabulary()["stores"], "store", lambda f: f.facts.stores)

    def _platform(self, value: Any, where: str) -> Condition:
        return self._words(value, where, dict.fromkeys(PLATFORMS), "platform", lambda f: f.facts.platforms)

    def _sdk_range(self, value: Any, where: str, attribute: str) -> Condition:
        if not isinstance(value, Mapping) or not value:
            raise self.fail("an SDK range needs 'at_least' and/or 'below'", where)
        low, high = value.get("at_least"), value.get("below")

        def sdk(facts: FactIndex) -> Result:
            level = getattr(facts.facts, attribute)
            if level is None:
                return False, []
            return (low is None or level >= low) and (high is None or level < high), []

        return sdk

    def _target_sdk(self, value: Any, where: str) -> Condition:
        return self._sdk_range(value, where, "target_sdk")

    def _min_sdk(self, value: Any, where: str) -> Condition:
        return self._sdk_range(value, where, "min_sdk")

    def _policy(self, value: Any, where: str) -> Condition:
        if value not in ("analysed", "missing", "not_analysed"):
            raise self.fail("'policy' is one of analysed, missing, not_analysed", where)

        def policy(facts: FactIndex) -> Result:
            documents = facts.facts.policies
            if value == "missing":
                return not documents, []
            if value == "not_analysed":
                return bool(documents) and not any(d.analysed for d in documents), []
            return any(d.analysed for d in documents), facts.policy_evidence()

        return policy

    def _queries(self, value: Any, where: str) -> Condition:
        if value not in ("broad", "any"):
            raise self.fail("'queries' is broad or any", where)

        def queries(facts: FactIndex) -> Result:
            found = [q.evidence for q in facts.facts.queries if q.broad or value == "any"]
            return bool(found), found

        return queries

    def _description(self, value: Any, where: str) -> Condition:
        if not isinstance(value, Mapping) or "capability" not in value:
            raise self.fail("'description' needs a 'capability'", where)
        wanted = list(dict.fromkeys(self._check(_as_list(value["capability"]), capabilities.vocabulary(), "capability", f"{where}.capability")))
        platforms = set(self._check(_as_list(value.get("platform", list(DESCRIBED_PLATFORMS))), dict.fromkeys(DESCRIBED_PLATFORMS), "platform", f"{where}.platform"))
        tests = {k: v for k, v in value.items() if k not in ("capability", "platform")}
        if len(tests) != 1 or next(iter(tests)) not in ("missing", "purpose"):
            raise self.fail("'description' needs exactly one of missing, purpose", where)
        (op, expected), = tests.items()
        names: set[str] = set()
        if op == "purpose" and expected != "none":
            names = set(self._check(_as_list(expected), purpose_vocabulary(), "purpose", f"{where}.purpose"))

        def says(permission: Permission) -> bool:
            text = (permission.description or "").strip()
            if op == "missing":
                return (not text) == bool(expected)
            if not text:
                return False
            named = _description_purposes(text)
            return not named if expected == "none" else bool(named & names)

        def description(facts: FactIndex) -> Result:
            found = [
                p.evidence
                for capability in wanted
                for p in facts.by_capability.get(capability, [])
                if p.platform in platforms and says(p)
            ]
            return bool(found), list(dict.fromkeys(found))

        return description

    def _contact_hours(self, value: Any, where: str) -> Condition:
        limit = value.get("outside") if isinstance(value, Mapping) else None
        if not isinstance(limit, str) or not WINDOW.match(limit) or len(value) != 1:
            raise self.fail("'contact_hours' is {outside: HH:MM-HH:MM}, the hours the law allows", where)

        def contact_hours(facts: FactIndex) -> Result:
            found = [
                s.evidence
                for s in facts.by_practice.get("collection.contact_hours", [])
                if s.polarity != "negated" and s.hours and not within(s.hours, limit)
            ]
            declared, hours = facts.declared("collection.contact_hours")
            if declared and isinstance(hours, str) and not within(hours, limit):
                written = facts.declared_evidence("collection.contact_hours", hours)
                found += [written] if written is not None else []
            return bool(found), list(dict.fromkeys(found))

        return contact_hours


def compile_condition(node: Any, path: str, where: str = "$.when") -> Condition:
    return _Compiler(path).compile(node, where)
