"""Build hook: put a JSON snapshot of the built-in YAML files into the wheel
(``privacy_audit/builtin/snapshot.json``; see privacy_audit/snapshot.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SnapshotHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        from privacy_audit import snapshot

        output = Path(tempfile.mkdtemp()) / snapshot.FILE_NAME
        output.write_text(snapshot.make(root / "rules"), encoding="utf-8")
        build_data["force_include"][str(output)] = f"privacy_audit/builtin/{snapshot.FILE_NAME}"
