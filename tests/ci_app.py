"""A small lending app written to a folder, and its schema-valid report, for the CI-gate tests."""

from __future__ import annotations

from pathlib import Path

from conftest import run, validate_report

PERMISSION = '    <uses-permission android:name="android.permission.{}" />'
POLICY = """# Privacy policy

We collect your name and phone number to process your loan.
You can withdraw your consent at any time in Settings.
You can delete your account and all your data in Settings.
"""


def write_app(folder: Path, permissions: tuple[str, ...] = ("READ_CONTACTS",), padding: int = 0, manifest: str | None = None) -> Path:
    """Write AndroidManifest.xml (``padding`` blank lines move every permission down) and a policy."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.loan">']
    lines += [""] * padding + [PERMISSION.format(p) for p in permissions] + ["</manifest>", ""]
    (folder / "AndroidManifest.xml").write_text("\n".join(lines), encoding="utf-8")
    (folder / "privacy-policy.md").write_text(POLICY, encoding="utf-8")
    if manifest is not None:
        (folder / "privacy-audit.yaml").write_text(manifest, encoding="utf-8")
    return folder


def report(*args: str) -> tuple[int, dict]:
    """Run ``scan ... --format json`` and return the exit code and the schema-valid report."""
    code, out, err = run("scan", *args, "--format", "json")
    assert code in (0, 1), err
    return code, validate_report(out)


def by_rule(data: dict) -> dict[str, dict]:
    return {f["rule_id"]: f for f in data["findings"]}


def failing(data: dict) -> set[str]:
    order = ["critical", "high", "medium", "low", "info"]
    limit = order.index(data["summary"]["fail_on"])
    return {f["rule_id"] for f in data["findings"] if "suppressed" not in f and order.index(f["severity"]) <= limit}
