"""The pre-commit hook as users get it: the real `pre-commit try-repo` against this repository,
run in a throw-away git repository holding a sample app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES

HOOK_ID = "privacy-audit"


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == HOOK_ID)
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    import re

    files = re.compile(hook["files"])
    for path in ("app/src/main/AndroidManifest.xml", "privacy-audit.yaml", "docs/privacy-policy.md", "隐私政策.html",
                 "ios/App/Info.plist", "entry/src/main/module.json5", "PrivacyInfo.xcprivacy"):
        assert files.search(path), path
    for path in ("README.md", "app/build.gradle", "src/Main.kt", "docs/policy/overview.png"):
        assert not files.search(path), path


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout: pre-commit try-repo clones the hook's repository")
    # The hook's environment is built once (pip installs this repository) and shared by the tests.
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(app_sample: str, tmp_path: Path, home: Path) -> subprocess.CompletedProcess[str]:
    repo = tmp_path / "app"
    shutil.copytree(SAMPLES / app_sample, repo)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))},
        "PRE_COMMIT_HOME": str(home),
        # try-repo commits uncommitted changes of the hook's repository into a shadow copy.
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True, env=env)
    subprocess.run(["git", "add", "--all"], cwd=repo, check=True, env=env)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), HOOK_ID, "--all-files"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.slow
def test_hook_fails_on_the_risky_app(tmp_path: Path, pre_commit_home: Path) -> None:
    result = try_repo("lending-en-risky", tmp_path, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "privacy-audit" in result.stdout and "Failed" in result.stdout
    assert "PA101 [critical]" in result.stdout


@pytest.mark.slow
def test_hook_passes_on_the_compliant_app(tmp_path: Path, pre_commit_home: Path) -> None:
    result = try_repo("lending-en-compliant", tmp_path, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
