"""A baseline file written by ``--write-baseline``: the findings a team has chosen to live with."""

from __future__ import annotations

import functools
import json
from typing import Any

from privacy_audit.errors import InputError
from privacy_audit.model import BaselineEntry
from privacy_audit.readers.source import DEFAULT_MAX_FILE_BYTES, read_source
from privacy_audit.resources import schema


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema("baseline"))


def read_baseline(path: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[BaselineEntry]:
    source = read_source(path, max_bytes)
    try:
        data = json.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a privacy-audit baseline (not JSON: {exc})", path) from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: e.json_path)
    if errors:
        raise InputError(f"not a privacy-audit baseline: {errors[0].json_path}: {errors[0].message}", path)
    return [
        BaselineEntry(
            fingerprint=item["fingerprint"],
            rule_id=item["rule_id"],
            severity=item.get("severity", "info"),
            title=item.get("title", ""),
            file=item.get("file"),
            line=item.get("line"),
        )
        for item in data["findings"]
    ]
