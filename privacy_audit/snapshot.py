"""A JSON snapshot of the built-in YAML files, made when the wheel is built.

Parsing the built-in rule packs, lexicons and tables, and importing PyYAML to do it, costs about
15 ms of every run; reading the same data as JSON costs about 1 ms. The snapshot is keyed by the
sha256 of the YAML files it was made from, checked on every run, so it is used only while those
files are exactly as they were: an edited rule is read from its YAML. A source checkout has no
snapshot and always reads the YAML (so do the tests and ``rules test`` there).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

FILE_NAME = "snapshot.json"


def yaml_files(folder: Path) -> list[Path]:
    # os.walk, not Path.rglob: this runs on every start, and is four times faster so.
    found = [
        Path(root, name) for root, _, names in os.walk(folder) for name in names if name.endswith((".yaml", ".yml"))
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def digest(folder: Path) -> str:
    """sha256 over every YAML file's path (relative to ``folder``) and bytes."""
    hasher = hashlib.sha256()
    for path in yaml_files(folder):
        hasher.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        data = path.read_bytes()
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


def make(folder: Path) -> str:
    """The snapshot of ``folder`` as JSON text; fails on data JSON cannot carry (e.g. dates)."""
    from privacy_audit.resources import load_yaml

    files = {}
    for path in yaml_files(folder):
        data = load_yaml(path)
        try:
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            carried = json.loads(text) == data
        except TypeError:
            carried = False
        if not carried:
            raise ValueError(f"{path}: holds values JSON cannot carry (dates, non-string keys)")
        files[path.relative_to(folder).as_posix()] = text
    return json.dumps({"digest": digest(folder), "files": files}, ensure_ascii=False)


@functools.cache
def _files(folder: Path) -> dict[str, str] | None:
    try:
        snapshot = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(snapshot, dict) or snapshot.get("digest") != digest(folder):
        return None
    files: dict[str, str] = snapshot["files"]
    return files


def lookup(folder: Path, path: Path) -> Any | None:
    """The data of ``path`` (a file under ``folder``) from a valid snapshot, freshly parsed;
    None when there is no valid snapshot or the file is not in it."""
    files = _files(folder)
    if files is None:
        return None
    try:
        text = files.get(path.resolve().relative_to(folder).as_posix())
    except ValueError:
        return None
    return None if text is None else json.loads(text)
