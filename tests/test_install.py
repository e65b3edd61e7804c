"""The package as users get it: a real process, and a non-editable install in a fresh venv."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, validate_report

EXPECTED = {"lending-zh-risky": 1, "lending-en-risky": 1, "lending-zh-compliant": 0, "lending-en-compliant": 0}


def test_module_entry_point_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "privacy_audit", "scan", str(SAMPLES / "lending-en-risky"), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    validate_report(result.stdout)


@pytest.mark.slow
def test_non_editable_install_in_fresh_venv_audits_every_sample(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(python), "-c", "import privacy_audit.resources as r; print(r.builtin_dir())"],
        capture_output=True, text=True, cwd=outside, env=environment, timeout=60,
    )
    assert str(env_dir) in where.stdout, "the rules must come from the installed wheel, not the checkout"
    for sample, code in EXPECTED.items():
        result = subprocess.run(
            [str(env_dir / "bin" / "privacy-audit"), "scan", str(SAMPLES / sample), "--format", "json"],
            capture_output=True, text=True, cwd=outside, env=environment, timeout=120,
        )
        assert result.returncode == code, (sample, result.stderr)
        validate_report(result.stdout)
    # Every pack ships in the wheel, and its fixtures pass there.
    tested = subprocess.run(
        [str(env_dir / "bin" / "privacy-audit"), "rules", "test"], capture_output=True, text=True, cwd=outside, env=environment, timeout=300,
    )
    assert tested.returncode == 0 and tested.stdout.strip().endswith(" 0 failed"), tested.stdout[-2000:] + tested.stderr
