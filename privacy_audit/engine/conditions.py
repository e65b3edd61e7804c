"""The rule condition language, compiled into functions over an app's facts.

    all: [c, ...]   any: [c, ...]   not: c
    capability: contacts.read | [..]         an effective permission gives the capability
    permission: READ_CONTACTS | [..]         an effective permission by name (short or full)
    statement: {practice, polarity, min_confidence, actor}
                                             a policy sentence states the practice
    declared: {path, equals | in | exists | at_least | at_most}
                                             a value the app team declared in privacy-audit.yaml
    category | jurisdiction | store | platform: word | [..]
    target_sdk | min_sdk: {at_least, below}
    policy: analysed | missing | not_analysed

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
from privacy_audit.model import POLARITIES, Evidence, confidence_rank
from privacy_audit.resources import builtin_yaml, schema

Result = tuple[bool, list[Evidence]]
Condition = Callable[[FactIndex], Result]
PLATFORMS = ("android", "ios", "harmonyos")


@functools.cache
def practice_vocabulary() -> dict[str, str]:
    return dict(builtin_yaml("practices.yaml")["practices"])


@functools.cache
def market_vocabulary() -> dict[str, dict[str, str]]:
    return {k: dict(v) for k, v in builtin_yaml("markets.yaml").items()}


@functools.cache
def declared_vocabulary() -> dict[str, str]:
    """Every declared path (``emergency_contacts.collected``) with its JSON type."""
    paths: dict[str, str] = {}

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            paths[path] = str(sub.get("type", "value"))
            if sub.get("type") == "object":
                walk(sub, path + ".")

    walk(schema("audit-manifest")["properties"]["practices"], "")
    return paths


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

        def statement(facts: FactIndex) -> Result:
            found = [
                s.evidence
                for practice in practices
                for s in facts.by_practice.get(practice, [])
                if s.polarity in polarities
                and confidence_rank(s.confidence) >= floor
                and (actor is None or s.actor == actor)
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
            where = facts.facts.declared_at.get(path)
            if where is None and facts.facts.declared_evidence is not None:
                fallback = facts.facts.declared_evidence
                where = Evidence(fallback.file, fallback.line, f"practices.{path}: {actual!r}")
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


def compile_condition(node: Any, path: str, where: str = "$.when") -> Condition:
    return _Compiler(path).compile(node, where)
