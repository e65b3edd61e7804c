"""Repository discovery: Gradle modules, flavours, merged manifests, libraries, Xcode and
HarmonyOS projects, skipped folders, symbolic link loops; ``--list-inputs``."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, android_manifest
from privacy_audit.api import audit, find_inputs
from privacy_audit.cli import cli

GRADLE = SAMPLES / "gradle-multimodule"


def repo(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(GRADLE, copy)
    return copy


def relative(inputs, root: Path) -> dict[str, str]:
    return {Path(i.path).relative_to(root).as_posix(): i.why for i in inputs}


def test_gradle_sample_source_sets_flavours_and_library() -> None:
    inputs, warnings = find_inputs([GRADLE])
    found = relative(inputs, GRADLE)
    assert set(found) == {
        "app/src/main/AndroidManifest.xml",
        "app/src/ng/AndroidManifest.xml",
        "app/src/debug/AndroidManifest.xml",
        "contactslib/src/main/AndroidManifest.xml",
        "docs/privacy-policy.md",
    }  # not app/src/androidTest
    assert found["contactslib/src/main/AndroidManifest.xml"].startswith("library module :contactslib, source set main")
    assert found["app/src/ng/AndroidManifest.xml"] == "application module :app, source set ng"
    assert warnings == []


def test_library_permission_reaches_the_app_with_its_module() -> None:
    report = audit([GRADLE])
    contacts = next(p for p in report.facts.permissions if p.name == "android.permission.READ_CONTACTS")
    assert contacts.state == "requested" and contacts.library and contacts.module == ":contactslib"
    assert "library module :contactslib" in (contacts.note or "")
    assert [f.rule_id for f in report.findings] == ["PA101", "PA103", "PA110", "PA122"]
    # Package and SDK levels are the app's: from app/build.gradle.kts, not the library's.
    assert (report.facts.min_sdk, report.facts.target_sdk) == (24, 34)
    app_input = next(i for i in report.facts.inputs if i.path.endswith("app/src/main/AndroidManifest.xml"))
    assert app_input.origin["sdk_from"].endswith("app/build.gradle.kts")
    assert app_input.origin["role"] == "application" and app_input.origin["source_set"] == "main"
    assert "android.permission.WRITE_CONTACTS" not in {p.name for p in report.facts.permissions}


def test_tools_node_remove_in_the_app_removes_the_library_permission(tmp_path: Path) -> None:
    root = repo(tmp_path)
    main = root / "app/src/main/AndroidManifest.xml"
    main.write_text(
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android" xmlns:tools="http://schemas.android.com/tools">'
        '<uses-permission android:name="android.permission.INTERNET" />'
        '<uses-permission android:name="android.permission.READ_CONTACTS" tools:node="remove" /></manifest>'
    )
    report = audit([root])
    library = next(p for p in report.facts.permissions if p.library)
    assert library.state == "removed" and "app/src/main/AndroidManifest.xml:1" in library.note
    fired = {f.rule_id for f in report.findings}
    assert "PA101" not in fired and "PA103" not in fired


def test_gradle_sdk_overrides_uses_sdk_and_brings_implied_permissions(tmp_path: Path) -> None:
    root = repo(tmp_path)
    build = root / "contactslib/build.gradle.kts"
    build.write_text(build.read_text().replace("minSdk = 21", "minSdk = 9\n        targetSdk = 15"))
    report = audit([root])
    implied = next(p for p in report.facts.permissions if p.name == "android.permission.READ_CALL_LOG")
    assert implied.state == "implied" and implied.library and "targetSdkVersion 15" in implied.note
    assert "PA109" in {f.rule_id for f in report.findings}


def test_merged_manifest_is_preferred_and_said_so(tmp_path: Path) -> None:
    root = repo(tmp_path)
    merged = root / "app/build/intermediates/merged_manifest/ngRelease/processNgReleaseMainManifest/AndroidManifest.xml"
    merged.parent.mkdir(parents=True)
    merged.write_text(android_manifest("INTERNET", "READ_SMS", target_sdk=34))
    (root / "app/build/outputs/apk").mkdir(parents=True)
    (root / "app/build/outputs/apk/AndroidManifest.xml").write_text(android_manifest("READ_CONTACTS"))
    inputs, _ = find_inputs([root])
    manifests = [i for i in inputs if i.kind == "android-manifest"]
    assert [Path(i.path) for i in manifests] == [merged]
    assert manifests[0].why.startswith("merged manifest of :app, variant ngRelease")
    assert manifests[0].origin.merged
    report = audit([root])
    assert {p.name.rpartition(".")[2] for p in report.facts.permissions} == {"INTERNET", "READ_SMS"}


def test_skipped_folders_and_symlink_loop(tmp_path: Path) -> None:
    root = repo(tmp_path)
    for skipped in ("node_modules/pkg", ".git/x", "app/build/tmp"):
        (root / skipped).mkdir(parents=True)
        (root / skipped / "AndroidManifest.xml").write_text(android_manifest("READ_CONTACTS"))
    os.symlink(root / "app", root / "app/src/loop")
    inputs, warnings = find_inputs([root])
    paths = {Path(i.path).relative_to(root).as_posix() for i in inputs}
    assert not any(p.startswith(("node_modules", ".git", "app/build")) for p in paths)
    assert any("symbolic link loop" in w for w in warnings)
    report = audit([root])
    assert any("symbolic link loop" in w for w in report.facts.warnings)


def test_unreadable_folder_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Listing the folder is refused as chmod 000 refuses it; made to fail rather than chmod-ed, as
    # root (CI runs as root) lists any folder.
    root = repo(tmp_path)
    locked = root / "locked"
    locked.mkdir()
    (locked / "AndroidManifest.xml").write_text(android_manifest("READ_CONTACTS"))
    scandir = os.scandir

    def refuse_locked(path=".", *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    inputs, warnings = find_inputs([root])
    assert f"{locked}: skipped: {os.strerror(errno.EACCES)}" in warnings
    found = relative(inputs, root)
    assert "app/src/main/AndroidManifest.xml" in found  # the rest of the tree is still read
    assert not any(path.startswith("locked/") for path in found)


def test_xcode_and_harmonyos_projects_are_found() -> None:
    inputs, _ = find_inputs([SAMPLES / "three-platforms"])
    kinds = {Path(i.path).name: i.kind for i in inputs}
    assert kinds == {
        "AndroidManifest.xml": "android-manifest",
        "Info.plist": "ios-info-plist",
        "PrivacyInfo.xcprivacy": "ios-privacy-manifest",
        "module.json5": "harmonyos-module",
        "privacy-policy.md": "policy",
    }


def test_xcode_test_targets_and_pods_are_skipped(tmp_path: Path) -> None:
    for folder in ("App", "AppTests", "AppUITests", "Pods/SDK", "App.xcodeproj"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "Info.plist").write_bytes(b"<plist><dict/></plist>")
    inputs, _ = find_inputs([tmp_path])
    assert [Path(i.path).relative_to(tmp_path).as_posix() for i in inputs] == ["App/Info.plist"]


def test_policy_names() -> None:
    from privacy_audit.readers.kinds import is_policy_name

    assert all(is_policy_name(n) for n in ("privacy.md", "Privacy-Policy.html", "隐私政策.txt", "隐私协议-v2.html", "app_privacy_policy.htm"))
    assert not any(is_policy_name(n) for n in ("refund-policy.md", "cookie-policy.html", "privacy.pdf", "README.md"))


def test_cli_list_inputs_table_and_json() -> None:
    result = CliRunner().invoke(cli, ["scan", str(GRADLE), "--list-inputs"])
    assert result.exit_code == 0
    assert "library module :contactslib" in result.stdout and "contactslib/src/main/AndroidManifest.xml" in result.stdout
    result = CliRunner().invoke(cli, ["scan", str(GRADLE), "--list-inputs", "--format", "json", "--policy", "https://example.com/privacy"])
    listed = json.loads(result.stdout)
    library = next(i for i in listed["inputs"] if i["path"].endswith("contactslib/src/main/AndroidManifest.xml"))
    assert library["role"] == "library" and library["module"] == ":contactslib"
    assert listed["inputs"][-1] == {"kind": "policy", "path": "https://example.com/privacy", "why": "given with --policy: to be fetched from the web", "url": "https://example.com/privacy"}
