"""Paths the user gave -> typed inputs. A folder is walked for manifests and policies."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from privacy_audit.errors import InputError
from privacy_audit.readers import kinds

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "build", ".gradle", ".idea", "dist", ".venv", "venv", "__pycache__", "Pods", ".cxx", "oh_modules"})


@dataclass(frozen=True, slots=True)
class Input:
    kind: str
    path: str
    why: str


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(512)
    except OSError:
        return b""


def classify_file(path: str) -> Input:
    kind = kinds.kind_of(path, _head(path))
    if kind is None:
        if not os.path.exists(path):
            raise InputError("no such file or folder", path)
        raise InputError("cannot tell what kind of input this is (expected an Android manifest, a privacy policy or privacy-audit.yaml)", path)
    return Input(kind, path, "given on the command line")


def walk(folder: str) -> list[Input]:
    found: list[Input] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            path = os.path.join(root, name)
            if name == "AndroidManifest.xml":
                found.append(Input(kinds.ANDROID_MANIFEST, path, "Android manifest"))
            elif name.lower() in kinds.AUDIT_MANIFEST_NAMES and root == folder:
                found.append(Input(kinds.AUDIT_MANIFEST, path, "audit manifest at the root"))
            elif kinds.is_policy_name(name):
                found.append(Input(kinds.POLICY, path, "named like a privacy policy"))
    return found


def discover(paths: list[str | Path]) -> list[Input]:
    inputs: list[Input] = []
    for given in paths:
        path = str(given)
        if os.path.isdir(path):
            inputs.extend(walk(path))
        else:
            inputs.append(classify_file(path))
    return list({i.path: i for i in inputs}.values())
