"""Read every input into one platform-neutral AppFacts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from privacy_audit.model import AppFacts, Evidence, InputRecord
from privacy_audit.readers import kinds
from privacy_audit.readers.source import Source

Reader = Callable[[Source, AppFacts, tuple[Path, ...]], dict[str, Any]]


def _android(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    from privacy_audit.readers.android import read_manifest

    manifest = read_manifest(source.data, source.path)
    facts.platforms.add("android")
    facts.package = facts.package or manifest.package
    facts.min_sdk = facts.min_sdk if facts.min_sdk is not None else manifest.min_sdk
    facts.target_sdk = facts.target_sdk if facts.target_sdk is not None else manifest.target_sdk
    facts.permissions.extend(manifest.permissions)
    facts.queries.extend(manifest.queries)
    return {
        "package": manifest.package,
        "min_sdk": manifest.min_sdk,
        "target_sdk": manifest.target_sdk,
        "permissions": len(manifest.permissions),
    }


def _policy(source: Source, facts: AppFacts, rule_dirs: tuple[Path, ...]) -> dict[str, Any]:
    from privacy_audit.readers.policy import read_policy

    reading = read_policy(source, rule_dirs)
    facts.policies.append(reading.document)
    facts.statements.extend(reading.statements)
    if reading.document.note:
        facts.warnings.append(f"{source.path}: {reading.document.note}")
    return {
        "encoding": reading.encoding,
        "language": reading.document.language,
        "analysed": reading.document.analysed,
        "sentences": len(reading.sentences),
        "statements": len(reading.statements),
    }


def _audit_manifest(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    from privacy_audit.readers.audit_manifest import read_audit_manifest

    manifest = read_audit_manifest(source)
    app = manifest.app
    if app.get("category"):
        facts.category = app["category"]
    facts.jurisdictions.update(app.get("jurisdictions", []))
    facts.stores.update(app.get("stores", []))
    facts.declared = manifest.practices
    facts.declared_evidence = Evidence(source.path, manifest.practices_line, "practices:")
    facts.declared_at = manifest.declared_at()
    accepted = manifest.accepted_risks()
    facts.accepted_risks.extend(accepted)
    return {"app": app, "declared": sorted(manifest.practices), "accepted_risks": len(accepted)}


READERS: dict[str, Reader] = {
    kinds.ANDROID_MANIFEST: _android,
    kinds.POLICY: _policy,
    kinds.AUDIT_MANIFEST: _audit_manifest,
}


def collect(sources: Iterable[tuple[str, Source]], rule_dirs: tuple[Path, ...] = ()) -> AppFacts:
    """Apply each (kind, source) to a fresh AppFacts; the audit manifest goes first."""
    facts = AppFacts()
    ordered = sorted(sources, key=lambda item: item[0] != kinds.AUDIT_MANIFEST)
    for kind, source in ordered:
        read = READERS[kind](source, facts, rule_dirs)
        facts.inputs.append(InputRecord(kind, source.path, source.sha256, read))
    return facts
