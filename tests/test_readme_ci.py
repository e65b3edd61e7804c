"""The README's "Use in CI" section works when copied: its YAML parses, the workflow uses only
inputs the action has, the commands run as shown, and the action's own scripts do what it says."""

from __future__ import annotations

import datetime
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, SAMPLES, run
from privacy_audit.readers.audit_manifest import read_audit_manifest
from privacy_audit.readers.source import Source

BIN = Path(sys.executable).parent


def ci_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Use in CI\n")
    return text[start:text.index("\n## ", start + 1)]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", ci_section(), re.DOTALL)


def yaml_blocks() -> list[Any]:
    return [yaml.safe_load(b) for b in blocks("yaml")]


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def source_url() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        url: str = tomllib.load(handle)["project"]["urls"]["Source"]
    return url


def sh(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture
def risky_repo(tmp_path: Path) -> Path:
    if not (BIN / "privacy-audit").exists():
        pytest.skip(f"the privacy-audit command is not installed next to {sys.executable}")
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "lending-en-risky", repo)
    return repo


def test_every_yaml_block_parses() -> None:
    parsed = yaml_blocks()
    assert len(parsed) == 4 and all(isinstance(p, dict) for p in parsed)


def test_manifest_example_is_valid_and_scans(tmp_path: Path) -> None:
    manifest = next(b for b in blocks("yaml") if b.startswith("version: 1"))
    read = read_audit_manifest(Source("privacy-audit.yaml", manifest.encode("utf-8")))  # raises if invalid
    assert read.accepted_risks()[0].expires == datetime.date(2030, 6, 30)
    repo = tmp_path / "repo"
    (repo / "app" / "src" / "main").mkdir(parents=True)
    (repo / "docs").mkdir()
    shutil.copy(SAMPLES / "lending-en-risky" / "AndroidManifest.xml", repo / "app" / "src" / "main")
    shutil.copy(SAMPLES / "lending-en-risky" / "privacy-policy.md", repo / "docs")
    (repo / "privacy-audit.yaml").write_text(manifest, encoding="utf-8")
    code, out, err = run("scan", str(repo), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["app"]["jurisdictions"] == ["in", "ng"]
    assert report["declared"]["emergency_contacts"]["count"] == 1


def test_workflow_uses_only_the_actions_inputs() -> None:
    workflow = next(b for b in yaml_blocks() if "jobs" in b)
    steps = workflow["jobs"]["privacy-audit"]["steps"]
    step = next(s for s in steps if s["uses"].startswith("privacy-audit/privacy-audit@"))
    assert source_url().endswith("/" + step["uses"].split("@")[0])
    inputs = action()["inputs"]
    assert set(step["with"]) <= set(inputs)
    assert workflow["permissions"]["security-events"] == "write"
    named = re.search(r"Its inputs: (.*?)\.\n", ci_section(), re.DOTALL)
    assert named is not None
    assert set(re.findall(r"`([a-z-]+)`", named.group(1))) == set(inputs)


def test_action_is_composite_and_refers_only_to_its_inputs() -> None:
    definition = action()
    assert definition["runs"]["using"] == "composite"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.([a-z-]+)", text)) <= set(definition["inputs"])
    for step in definition["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], "inputs reach scripts through env, never pasted into them"
    upload = next(s for s in definition["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"


def action_step(name: str) -> dict[str, Any]:
    return next(s for s in action()["runs"]["steps"] if s.get("name") == name)


@pytest.mark.parametrize(("report_only", "code"), [("false", 1), ("true", 0)])
def test_action_scripts_run(risky_repo: Path, tmp_path: Path, report_only: str, code: int) -> None:
    env = {
        "SCAN_PATH": ".", "SCAN_ARGS": "--lang en", "SARIF_FILE": "out.sarif", "FAIL_ON": "high",
        "REPORT_ONLY": report_only, "SUMMARY": "true", "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    sarif = sh(action_step("Write the SARIF report")["run"], risky_repo, env)
    assert sarif.returncode == 0, sarif.stderr
    assert json.loads((risky_repo / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    gate = sh(action_step("Audit")["run"], risky_repo, env)
    assert gate.returncode == code, gate.stderr
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("### privacy-audit: 10 finding(s) at high or above")
    assert (tmp_path / "output").read_text(encoding="utf-8") == f"exit-code={code}\n"


def test_pre_commit_snippet_names_this_repository_and_hook() -> None:
    config = next(b for b in yaml_blocks() if "repos" in b)
    (repo,) = config["repos"]
    assert repo["repo"] == source_url()
    hook_ids = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {h["id"] for h in repo["hooks"]} <= hook_ids


def test_gitlab_job_runs_as_written(risky_repo: Path) -> None:
    job = next(b for b in yaml_blocks() if "privacy-audit" in b and "script" in b.get("privacy-audit", {}))["privacy-audit"]
    install, *commands = job["script"]
    assert shlex.split(install)[-1] == f"git+{source_url()}@main"
    codes = [sh(command, risky_repo).returncode for command in commands]
    assert codes == [0, 0, 1], "reports first, never failing; then the gate, failing on the risky app"
    for artifact in job["artifacts"]["paths"]:
        assert (risky_repo / artifact).stat().st_size > 0
    scanned = sh("privacy-audit scan . --format json", risky_repo)
    inputs = {Path(i["path"]).name for i in json.loads(scanned.stdout)["inputs"]}
    assert inputs == {"AndroidManifest.xml", "privacy-policy.md"}, "the gate must not read its own reports"


def test_baseline_commands_run_as_written(risky_repo: Path) -> None:
    (commands,) = blocks("sh")
    lines = [line.split("#")[0].strip() for line in commands.splitlines() if line.strip()]
    assert [sh(line, risky_repo).returncode for line in lines] == [0, 0]
    assert (risky_repo / "privacy-audit-baseline.json").exists()
