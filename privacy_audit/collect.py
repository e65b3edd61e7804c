"""Read every input into one platform-neutral AppFacts."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from privacy_audit.model import AppFacts, Evidence, InputRecord
from privacy_audit.readers import kinds
from privacy_audit.readers.source import Source

Reader = Callable[[Source, AppFacts, tuple[Path, ...]], dict[str, Any]]


def _lazy(target: str) -> Reader:
    """A reader imported when first used ("module:function"), so a run loads only what it reads."""
    module_name, name = target.split(":")

    def read(source: Source, facts: AppFacts, rule_dirs: tuple[Path, ...]) -> dict[str, Any]:
        reader: Reader = getattr(importlib.import_module(module_name), name)
        return reader(source, facts, rule_dirs)

    return read


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
    kinds.ANDROID_MANIFEST: _lazy("privacy_audit.readers.android:collect_manifest"),
    kinds.APK: _lazy("privacy_audit.readers.apk:collect_apk"),
    kinds.IOS_INFO_PLIST: _lazy("privacy_audit.readers.ios:collect_info_plist"),
    kinds.IOS_PRIVACY_MANIFEST: _lazy("privacy_audit.readers.ios:collect_privacy_manifest"),
    kinds.HARMONYOS_MODULE: _lazy("privacy_audit.readers.harmony:collect_module"),
    kinds.POLICY: _policy,
    kinds.AUDIT_MANIFEST: _audit_manifest,
}


def collect(sources: Iterable[tuple[str, Source]], rule_dirs: tuple[Path, ...] = ()) -> AppFacts:
    """Apply each (kind, source) to a fresh AppFacts; the audit manifest goes first."""
    facts = AppFacts()
    ordered = sorted(sources, key=lambda item: item[0] != kinds.AUDIT_MANIFEST)
    for kind, source in ordered:
        read = READERS[kind](source, facts, rule_dirs)
        facts.inputs.append(InputRecord(kind, source.path, source.sha256, read, source.origin.to_dict()))
    return facts
