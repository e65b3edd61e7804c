"""The app team's own ``privacy-audit.yaml``: category, markets, inputs, declared practices."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from privacy_audit.errors import InputError
from privacy_audit.readers.source import Source
from privacy_audit.resources import schema


@dataclass(slots=True)
class AuditManifest:
    path: str
    data: dict[str, Any]
    practices_line: int = 1
    inputs: dict[str, list[str]] = field(default_factory=dict)

    @property
    def app(self) -> dict[str, Any]:
        return dict(self.data.get("app", {}))

    @property
    def practices(self) -> dict[str, Any]:
        return dict(self.data.get("practices", {}))


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema("audit-manifest"), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def read_audit_manifest(source: Source) -> AuditManifest:
    import yaml

    try:
        text = source.data.decode("utf-8-sig")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source.path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}", source.path) from None
    if data is None:
        data = {}
    errors = sorted(_validator().iter_errors(data), key=lambda e: e.json_path)
    if errors:
        raise InputError(f"{errors[0].json_path}: {errors[0].message}", source.path)
    return AuditManifest(
        source.path,
        data,
        _line_of(text, "practices"),
        {k: list(v) for k, v in data.get("inputs", {}).items()},
    )
