"""The ``inputs`` of privacy-audit.yaml decide what is scanned under its folder.

A folder scan finds every AndroidManifest.xml and policy-named file, test and library modules
included. A team that lists its files under ``inputs`` gets exactly those for each kind it lists;
kinds it leaves out are still found by the scan, and files named on the command line are kept.
"""

from __future__ import annotations

import dataclasses
import glob
import os
from collections.abc import Iterable

from privacy_audit.errors import InputError
from privacy_audit.paths import is_inside
from privacy_audit.readers import kinds
from privacy_audit.readers.audit_manifest import read_audit_manifest
from privacy_audit.readers.discover import Input, classify_file
from privacy_audit.readers.source import read_source


def _listed(manifest_path: str, key: str, patterns: list[str], discovered: dict[str, Input]) -> list[Input]:
    """The files a pattern names; one the folder scan also found keeps what the scan learned of
    it (its Gradle module, role and SDK levels)."""
    folder = os.path.dirname(manifest_path)
    found: list[Input] = []
    for index, pattern in enumerate(patterns):
        matches = sorted(m for m in glob.glob(os.path.join(folder, pattern), recursive=True) if os.path.isfile(m))
        if not matches:
            raise InputError(f"inputs.{key}[{index}]: {pattern!r} matches no file (paths are relative to this file's folder)", manifest_path)
        for match in matches:
            why = f"listed under inputs.{key} in {manifest_path}"
            known = discovered.get(os.path.abspath(match))
            listed = known or classify_file(match)
            found.append(Input(listed.kind, os.path.normpath(match), dataclasses.replace(listed.origin, why=why)))
    return found


def apply_manifest_inputs(inputs: Iterable[Input], given_files: Iterable[str], max_bytes: int) -> list[Input]:
    """Replace what the scan found under each audit manifest's folder by what it lists."""
    result = list(inputs)
    given = {os.path.abspath(p) for p in given_files}
    for manifest in [i for i in result if i.kind == kinds.AUDIT_MANIFEST]:
        listed_inputs = read_audit_manifest(read_source(manifest.path, max_bytes)).inputs
        if not listed_inputs:
            continue
        folder = os.path.dirname(manifest.path) or "."
        discovered = {os.path.abspath(i.path): i for i in result}
        listed = [i for key, patterns in listed_inputs.items() for i in _listed(manifest.path, key, patterns, discovered)]
        replaced = {i.kind for i in listed}
        result = [
            i for i in result
            if i.kind not in replaced or os.path.abspath(i.path) in given or not is_inside(i.path, folder)
        ]
        result.extend(listed)
    return list({os.path.abspath(i.path): i for i in result}.values())
