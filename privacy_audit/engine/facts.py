"""Lookups over one app's facts, built once and shared by every rule's conditions."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from privacy_audit.model import AppFacts, Evidence, Permission, Statement


class FactIndex:
    def __init__(self, facts: AppFacts) -> None:
        self.facts = facts
        self.by_capability: dict[str, list[Permission]] = defaultdict(list)
        self.by_permission: dict[str, list[Permission]] = defaultdict(list)
        for permission in facts.permissions:
            if not permission.effective:
                continue
            if permission.capability:
                self.by_capability[permission.capability].append(permission)
            # By full and short name ("android.permission.READ_CONTACTS", "READ_CONTACTS"): one
            # key when the name has no dotted prefix (an iOS key).
            for name in dict.fromkeys((permission.name, permission.name.rsplit(".", 1)[-1])):
                self.by_permission[name].append(permission)
        self.by_practice: dict[str, list[Statement]] = defaultdict(list)
        for statement in facts.statements:
            self.by_practice[statement.practice].append(statement)

    def declared(self, path: str) -> tuple[bool, Any]:
        """The value at a dotted path of the declared practices, and whether it is there."""
        node: Any = self.facts.declared
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return False, None
            node = node[part]
        return True, node

    def declared_evidence(self, path: str, value: Any) -> Evidence | None:
        """Where a declared value is written: its own line, else the ``practices:`` line."""
        where = self.facts.declared_at.get(path)
        if where is None and self.facts.declared_evidence is not None:
            fallback = self.facts.declared_evidence
            where = Evidence(fallback.file, fallback.line, f"practices.{path}: {value!r}")
        return where

    def policy_evidence(self) -> list[Evidence]:
        """Where to point when a rule fires on what a policy does *not* say."""
        return [
            # No sentence count here: the text is part of a finding's fingerprint, which must not
            # change each time a sentence is added to the policy.
            Evidence(p.path, 1, f"(privacy policy, language {p.language})")
            for p in self.facts.policies
            if p.analysed
        ]
