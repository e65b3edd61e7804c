"""This checkout installed as a user installs it: a wheel (not editable) in a venv of its own.

Modules then load from compiled bytecode and the built-in rules from the wheel's JSON snapshot,
not from the YAML the source tree holds, so the process costs what it costs after
``pip install privacy-audit``.
"""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_DIR = ROOT / "benchmarks" / ".work" / "startup-venv"


def install() -> Path:
    """Install (or reinstall) the checkout into benchmarks/.work/startup-venv; return the venv."""
    if not (ENV_DIR / "bin" / "python").exists():
        venv.EnvBuilder(with_pip=True).create(ENV_DIR)
    python = ENV_DIR / "bin" / "python"
    quiet = ["--quiet", "--disable-pip-version-check"]
    subprocess.run([str(python), "-m", "pip", "install", *quiet, "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", *quiet, str(ROOT)], check=True)
    return ENV_DIR
