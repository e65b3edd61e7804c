"""Where the built-in rule packs, lexicons and tables live, and how data files are loaded.

In a wheel they are inside the package (``privacy_audit/builtin``); in a source checkout they are
the repository's top-level ``rules/`` folder.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from privacy_audit.errors import RuleError

_PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = _PACKAGE_DIR / "schemas"


@functools.cache
def builtin_dir() -> Path:
    """The folder holding the built-in rule packs, lexicons and tables."""
    for candidate in (_PACKAGE_DIR / "builtin", _PACKAGE_DIR.parent / "rules"):
        if (candidate / "capabilities.yaml").is_file():
            return candidate
    raise RuleError("the built-in rules were not found; reinstall privacy-audit")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely (see ``safeyaml``); errors name the file.

    A built-in file comes from the wheel's snapshot of them while that matches them."""
    from privacy_audit import snapshot

    known = snapshot.lookup(builtin_dir(), path)
    if known is not None:
        return known
    from privacy_audit import safeyaml
    from privacy_audit.errors import InputError
    from privacy_audit.limits import MAX_RULE_FILE_BYTES
    from privacy_audit.readers.source import read_bounded

    try:
        # A fixed limit: --max-file-size bounds the inputs audited, not the rules they are audited with.
        text = read_bounded(path, MAX_RULE_FILE_BYTES, "rule, lexicon and reference files", flag=False).decode("utf-8-sig")
        return safeyaml.load(text)[0]
    except InputError as exc:
        raise RuleError(exc.problem, str(path)) from None
    except UnicodeDecodeError:
        raise RuleError("not UTF-8 text", str(path)) from None
    except safeyaml.YamlProblem as exc:
        raise RuleError(str(exc), str(path)) from None


@functools.cache
def builtin_yaml(relative: str) -> Any:
    """A built-in data file, parsed once per process."""
    return load_yaml(builtin_dir() / relative)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """One of the published JSON Schemas (``report``, ``rule``, ...)."""
    with (SCHEMA_DIR / f"{name}.schema.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def files_state(folders: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Every file under the folders with its modification time and size: a key that changes
    when a user edits a file, for what is compiled once per process from them."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            stat = path.stat()
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].split("#")[0]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def bundled_schema(name: str) -> dict[str, Any]:
    """A published schema that stands alone: the other published schemas it refers to by
    ``$id`` are embedded under ``$defs`` (a JSON Schema 2020-12 compound document)."""
    document = dict(schema(name))
    names = {p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json")}
    by_id = {schema(n)["$id"]: n for n in names}
    embedded = {by_id[ref]: schema(by_id[ref]) for ref in sorted(_refs(document)) if ref in by_id and ref != document["$id"]}
    if embedded:
        document["$defs"] = {**document.get("$defs", {}), **embedded}
    return document
