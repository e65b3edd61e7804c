"""Read every input into one platform-neutral AppFacts."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from privacy_audit.model import AppFacts, InputRecord
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


READERS: dict[str, Reader] = {
    kinds.ANDROID_MANIFEST: _lazy("privacy_audit.readers.android:collect_manifest"),
    kinds.APK: _lazy("privacy_audit.readers.apk:collect_apk"),
    kinds.IOS_INFO_PLIST: _lazy("privacy_audit.readers.ios:collect_info_plist"),
    kinds.IOS_PRIVACY_MANIFEST: _lazy("privacy_audit.readers.ios:collect_privacy_manifest"),
    kinds.HARMONYOS_MODULE: _lazy("privacy_audit.readers.harmony:collect_module"),
    kinds.POLICY: _lazy("privacy_audit.readers.policy:collect_policy"),
    kinds.AUDIT_MANIFEST: _lazy("privacy_audit.readers.audit_manifest:collect_audit_manifest"),
}


def collect(sources: Iterable[tuple[str, Source]], rule_dirs: tuple[Path, ...] = ()) -> AppFacts:
    """Apply each (kind, source) to a fresh AppFacts; the audit manifest goes first."""
    facts = AppFacts()
    ordered = sorted(sources, key=lambda item: item[0] != kinds.AUDIT_MANIFEST)
    for kind, source in ordered:
        read_input(kind, source, facts, rule_dirs)
    return facts


def read_input(kind: str, source: Source, facts: AppFacts, rule_dirs: tuple[Path, ...]) -> None:
    """Read one input into ``facts`` and record it, with what was read, in ``facts.inputs``."""
    read = READERS[kind](source, facts, rule_dirs)
    facts.inputs.append(InputRecord(kind, source.path, source.sha256, read, source.origin.to_dict()))
