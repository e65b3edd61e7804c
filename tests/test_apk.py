"""APKs and binary manifests: real files from androguard's test data, and APKs the tests build."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from axml_build import build_apk, compile_xml, manifest, tamper
from conftest import run, shared
from privacy_audit.api import AuditOptions, audit
from privacy_audit.errors import InputError
from privacy_audit.limits import MiB
from privacy_audit.readers.apk import read_apk

APK_DIR = "android/androguard-testdata/tests/data/APK"
LOAN = ["android.permission.INTERNET", "android.permission.READ_CONTACTS", "android.permission.CAMERA"]
POLICY = b"<html><body><h1>Privacy</h1><p>We never read your contacts.</p></body></html>"


def read(data: bytes, limit: int = 20 * MiB):
    return read_apk(io.BytesIO(data), "app.apk", limit)


def names(data: bytes) -> dict[str, str]:
    return {p.name: p.state for p in read(data).manifest.permissions}


def test_real_apk_permissions_with_evidence_in_the_apk() -> None:
    path = shared(f"{APK_DIR}/a2dp.Vol_137.apk")
    with path.open("rb") as handle:
        contents = read_apk(handle, str(path))
    manifest_ = contents.manifest
    assert manifest_.package == "a2dp.Vol" and (manifest_.min_sdk, manifest_.target_sdk) == (15, 25)
    permission = next(p for p in manifest_.permissions if p.name == "android.permission.READ_CONTACTS")
    assert permission.capability == "contacts.read" and permission.state == "requested"
    assert permission.evidence.file == f"{path}!AndroidManifest.xml"
    assert permission.evidence.line > 1
    assert permission.evidence.text == '<uses-permission android:name="android.permission.READ_CONTACTS">'
    assert contents.policies == {} and contents.tampering == []


def test_duplicate_permissions_are_one_permission() -> None:
    path = shared(f"{APK_DIR}/duplicate.permisssions_9999999.apk")
    from privacy_audit.readers.axml import parse_binary_xml

    with zipfile.ZipFile(path) as archive:
        root = parse_binary_xml(archive.read("AndroidManifest.xml"), "m")
    declared = [c for c in root.children if c.name.startswith("uses-permission")]
    with path.open("rb") as handle:
        permissions = read_apk(handle, str(path)).manifest.permissions
    requested = [p.name for p in permissions if p.state == "requested"]
    assert len(declared) > len(requested) == len(set(requested)) == 7
    # Two come from <uses-permission-sdk-23>, which androguard's get_permissions() drops.
    assert {p.name.rpartition(".")[2] for p in permissions if p.element == "uses-permission-sdk-23"} == {
        "REQUEST_IGNORE_BATTERY_OPTIMIZATIONS",
        "REQUEST_INSTALL_PACKAGES",
    }


def test_apk_without_manifest_is_an_input_error() -> None:
    path = shared(f"{APK_DIR}/multidex.apk")
    with path.open("rb") as handle, pytest.raises(InputError, match="no AndroidManifest.xml in this archive"):
        read_apk(handle, str(path))


def test_not_a_zip_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an APK"):
        read(b"this is not a zip file at all" * 100)


def test_built_apk_old_target_sdk_implies_call_log_and_bundled_policy_is_read(tmp_path: Path) -> None:
    apk = tmp_path / "loan.apk"
    binary = compile_xml(manifest("com.example.loan", LOAN, (9, 15)))
    apk.write_bytes(build_apk(binary, {"assets/html/privacy_policy.html": POLICY, "assets/logo.png": b"\x89PNG"}))
    report = audit([apk])
    states = {p.name: p.state for p in report.facts.permissions}
    assert states["android.permission.READ_CALL_LOG"] == "implied"
    fired = {f.rule_id for f in report.findings}
    assert {"PA101", "PA104", "PA109"} <= fired  # the shipped policy denies what the manifest asks
    assert "PA113" not in fired  # a policy was found inside the APK
    apk_input = next(i for i in report.facts.inputs if i.kind == "apk")
    assert apk_input.read["bundled_policies"] == ["assets/html/privacy_policy.html"]
    policy_input = next(i for i in report.facts.inputs if i.kind == "policy")
    assert policy_input.path == f"{apk}!assets/html/privacy_policy.html"
    assert "shipped inside" in policy_input.origin["why"]


def test_apk_without_bundled_policy_says_so(tmp_path: Path) -> None:
    apk = tmp_path / "loan.apk"
    apk.write_bytes(build_apk(compile_xml(manifest("com.example.loan", LOAN, (21, 34)))))
    report = audit([apk])
    assert report.facts.inputs[0].read["bundled_policies"] == []
    assert "PA113" in {f.rule_id for f in report.findings}


@pytest.mark.parametrize("method", [0x0063, 0x1337])
def test_unknown_compression_method_is_read_as_android_reads_it(method: int) -> None:
    apk = tamper(build_apk(compile_xml(manifest("com.example.loan", LOAN, (21, 34)))), "AndroidManifest.xml", method=method)
    with pytest.raises(NotImplementedError):  # Python's zipfile gives up: the evasion works on it
        zipfile.ZipFile(io.BytesIO(apk)).read("AndroidManifest.xml")
    contents = read(apk)
    assert {p.name for p in contents.manifest.permissions} >= set(LOAN)
    assert any(f"unknown compression method {method}" in t for t in contents.tampering)


def test_zeroed_local_header_sizes_fall_back_to_the_central_directory() -> None:
    apk = tamper(build_apk(compile_xml(manifest("com.example.loan", LOAN, (21, 34)))), "AndroidManifest.xml", zero_local_sizes=True)
    contents = read(apk)
    assert names(apk)["android.permission.READ_CONTACTS"] == "requested"
    assert any("disagree" in t for t in contents.tampering)


def test_truncated_apk_is_an_input_error() -> None:
    apk = build_apk(compile_xml(manifest("com.example.loan", LOAN)))
    with pytest.raises(InputError):
        read(apk[: len(apk) // 2])


def test_apk_scan_from_the_command_line_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    apk = tmp_path / "app-release"  # no extension: recognised by its content
    apk.write_bytes(build_apk(compile_xml(manifest("com.example.loan", LOAN, (21, 34)))))
    before = apk.read_bytes()
    code, out, err = run("scan", str(apk), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["inputs"][0]["kind"] == "apk"
    pa101 = next(f for f in report["findings"] if f["rule_id"] == "PA101")
    assert pa101["evidence"][0]["file"] == f"{apk}!AndroidManifest.xml"
    assert os.listdir(temporary) == [] and apk.read_bytes() == before


def test_large_apk_is_not_refused_by_the_file_size_limit(tmp_path: Path) -> None:
    apk = tmp_path / "big.apk"
    apk.write_bytes(build_apk(compile_xml(manifest("com.example.loan", LOAN, (21, 34))), {"assets/blob.bin": os.urandom(3 * MiB)}))
    report = audit([apk], options=AuditOptions(max_file_bytes=1 * MiB))
    assert "android.permission.READ_CONTACTS" in {p.name for p in report.facts.permissions}


def test_built_apk_deflates_the_manifest_and_the_reader_reads_both_kinds_of_entry_untampered() -> None:
    # The tests build their APKs with build_apk: the manifest deflated, other entries stored, as
    # aapt does. The reader must take both methods as they are, and flag nothing in a clean archive.
    binary = compile_xml(manifest("com.example.loan", LOAN, (21, 34)))
    apk = build_apk(binary, {"assets/privacy.html": POLICY})
    with zipfile.ZipFile(io.BytesIO(apk)) as archive:
        methods = {entry.filename: entry.compress_type for entry in archive.infolist()}
        assert archive.read("AndroidManifest.xml") == binary
    assert methods == {"AndroidManifest.xml": zipfile.ZIP_DEFLATED, "assets/privacy.html": zipfile.ZIP_STORED, "classes.dex": zipfile.ZIP_STORED}
    contents = read(apk)
    assert contents.tampering == []
    assert contents.policies == {"assets/privacy.html": POLICY}
    assert {p.name for p in contents.manifest.permissions} >= set(LOAN)
    assert (contents.manifest.package, contents.manifest.min_sdk, contents.manifest.target_sdk) == ("com.example.loan", 21, 34)
