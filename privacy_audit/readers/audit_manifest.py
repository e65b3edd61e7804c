"""The app team's own ``privacy-audit.yaml``: category, markets, inputs, declared practices and
accepted risks, each value with the line that sets it."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_audit import safeyaml
from privacy_audit.errors import InputError
from privacy_audit.model import AcceptedRisk, AppFacts, Evidence
from privacy_audit.readers.source import Source, check_config_size
from privacy_audit.resources import schema


@dataclass(slots=True)
class AuditManifest:
    path: str
    data: dict[str, Any]
    # Dotted key (``practices.emergency_contacts.count``, ``accepted_risks[0]``) -> 1-based line.
    lines: dict[str, int] = field(default_factory=dict)
    text_lines: list[str] = field(default_factory=list)

    @property
    def app(self) -> dict[str, Any]:
        return dict(self.data.get("app", {}))

    @property
    def practices(self) -> dict[str, Any]:
        return dict(self.data.get("practices", {}))

    @property
    def inputs(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.data.get("inputs", {}).items()}

    @property
    def practices_line(self) -> int:
        return self.lines.get("practices", 1)

    def evidence(self, key: str) -> Evidence:
        line = self.lines.get(key, 1)
        text = self.text_lines[line - 1].strip() if line <= len(self.text_lines) else key
        return Evidence(self.path, line, text)

    def declared_at(self) -> dict[str, Evidence]:
        """Each declared practice path (``emergency_contacts.count``) -> the line that sets it."""
        prefix = "practices."
        return {k[len(prefix):]: self.evidence(k) for k in self.lines if k.startswith(prefix) and "[" not in k}

    def accepted_risks(self) -> list[AcceptedRisk]:
        return [
            AcceptedRisk(
                rule=entry["rule"],
                reason=" ".join(entry["reason"].split()),
                evidence=self.evidence(f"accepted_risks[{index}]"),
                file=entry.get("file"),
                expires=datetime.date.fromisoformat(entry["expires"]) if "expires" in entry else None,
            )
            for index, entry in enumerate(self.data.get("accepted_risks", []))
        ]


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema("audit-manifest"), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _key_lines(node: Any, prefix: str, lines: dict[str, int]) -> None:
    """Record the line of every key and list item under a composed YAML node."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            lines[path] = key.start_mark.line + 1
            _key_lines(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}[{index}]"
            lines[path] = item.start_mark.line + 1
            _key_lines(item, path, lines)


@functools.cache
def _loader() -> Any:
    """The safe loader, with dates left as text: YAML would turn ``expires: 2025-06-30`` into a
    date (and crash on 2025-02-30); the schema, like JSON, checks date strings itself."""
    import yaml

    class Loader(safeyaml.safe_loader()):  # type: ignore[misc]
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return Loader


def _dotted(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_audit_manifest(source: Source) -> AuditManifest:
    """Discovery reads it for ``inputs`` and the audit for the rest: it is parsed and checked once."""
    return _parse(source.path, source.data, source.limit)


@functools.lru_cache(maxsize=16)
def _parse(path: str, content: bytes, limit: int) -> AuditManifest:
    source = Source(path, content, limit=limit)
    check_config_size(source.data, source.path, source.limit)
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source.path) from None
    try:
        data, node = safeyaml.load(text, _loader(), with_node=True)
    except safeyaml.YamlProblem as exc:
        raise InputError(str(exc), source.path) from None
    data = data if data is not None else {}
    lines: dict[str, int] = {}
    _key_lines(node, "", lines)
    errors = sorted(_validator().iter_errors(data), key=lambda e: e.json_path)
    if errors:
        error = errors[0]
        key = _dotted(error.absolute_path)
        line = f"line {lines[key]}: " if key in lines else ""
        raise InputError(f"{line}{error.json_path}: {error.message}", source.path)
    return AuditManifest(source.path, data, lines, text.splitlines())


def collect_audit_manifest(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    """The ``audit-manifest`` reader: category, markets, declared practices, accepted risks."""
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
