"""The wheel's JSON snapshot of the built-in YAML files: used only while it matches them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from privacy_audit import resources, snapshot


@pytest.fixture
def builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in rules standing in for an installed package's."""
    folder = tmp_path / "builtin"
    shutil.copytree(ROOT / "rules", folder)
    monkeypatch.setattr(resources, "builtin_dir", lambda: folder)
    snapshot._files.cache_clear()
    yield folder
    snapshot._files.cache_clear()


def test_the_snapshot_stands_for_the_yaml_until_a_file_changes(builtin: Path) -> None:
    parsed = resources.load_yaml(builtin / "markets.yaml")
    made = json.loads(snapshot.make(builtin))
    made["files"]["markets.yaml"] = json.dumps({"from": "snapshot"})
    (builtin / snapshot.FILE_NAME).write_text(json.dumps(made))
    snapshot._files.cache_clear()
    assert resources.load_yaml(builtin / "markets.yaml") == {"from": "snapshot"}
    assert resources.load_yaml(builtin / "capabilities.yaml") == json.loads(json.loads(snapshot.make(builtin))["files"]["capabilities.yaml"])

    with (builtin / "core" / "PA101-lending-app-reads-address-book.yaml").open("a") as handle:
        handle.write("\n# edited\n")
    snapshot._files.cache_clear()
    assert resources.load_yaml(builtin / "markets.yaml") == parsed


def test_a_snapshot_never_holds_what_json_cannot_carry(builtin: Path) -> None:
    (builtin / "core" / "dated.yaml").write_text("added: 2024-05-01\n")
    with pytest.raises(ValueError, match="dated.yaml: holds values JSON cannot carry"):
        snapshot.make(builtin)


@pytest.mark.slow
def test_the_wheel_carries_a_snapshot_of_the_rules(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        made = json.loads(archive.read(f"privacy_audit/builtin/{snapshot.FILE_NAME}"))
    rules = ROOT / "rules"
    assert made["digest"] == snapshot.digest(rules)
    assert sorted(made["files"]) == [p.relative_to(rules).as_posix() for p in snapshot.yaml_files(rules)]
    for relative, text in made["files"].items():
        assert json.loads(text) == resources.load_yaml(rules / relative)
