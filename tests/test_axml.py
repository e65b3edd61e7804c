"""Binary manifests: androguard's real edge-case files, each read or refused as aapt would."""

from __future__ import annotations

import struct

import pytest

from axml_build import compile_xml, manifest
from conftest import shared
from privacy_audit.api import audit
from privacy_audit.errors import InputError
from privacy_audit.readers.android import read_manifest
from privacy_audit.readers.axml import parse_binary_xml
from privacy_audit.readers.kinds import ANDROID_MANIFEST, kind_of

AXML = "android/androguard-testdata/tests/data/AXML"


def axml(name: str) -> bytes:
    return shared(f"{AXML}/{name}").read_bytes()


@pytest.mark.parametrize(
    ("name", "package", "sdk", "permission"),
    [
        ("AndroidManifest-Chinese.xml", "com.hotel", (4, 4), "android.permission.ACCESS_FINE_LOCATION"),
        # Obfuscated: namespaces masked, doubled, extra; attribute names carrying a namespace.
        ("AndroidManifestMaskingNamespace.xml", "com.primedia.apartmentguide", (16, 26), "android.permission.ACCESS_COARSE_LOCATION"),
        ("AndroidManifestDoubleNamespace.xml", "com.tencent.weread", (19, 23), "android.permission.WRITE_EXTERNAL_STORAGE"),
        ("AndroidManifestExtraNamespace.xml", "com.shopgate.android.app13182", (19, 23), "com.google.android.c2dm.permission.RECEIVE"),
        ("AndroidManifest_NamespaceInAttributeName.xml", "jyiaivi.ohduxbbylb", (8, 10), "android.permission.WRITE_SECURE_SETTINGS"),
        ("AndroidManifest_NamespaceInAttributeName2.xml", "com.car2go", (16, 27), "com.car2go.permission.C2D_MESSAGE"),
        ("AndroidManifestUTF8Strings.xml", None, (14, 21), "android.permission.READ_CALL_LOG"),
        ("AndroidManifestNullbytes.xml", None, (11, 15), "android.permission.WRITE_EXTERNAL_STORAGE"),
        # A zeroed file header type: Android does not check it, nor do we.
        ("AndroidManifest_WrongChunkStart.xml", None, (8, 19), "android.permission.RECEIVE_WAP_PUSH"),
    ],
)
def test_real_binary_manifests_are_read(name: str, package: str | None, sdk: tuple[int, int], permission: str) -> None:
    read = read_manifest(axml(name), name)
    if package is not None:
        assert read.package == package
    assert (read.min_sdk, read.target_sdk) == sdk
    found = next(p for p in read.permissions if p.name == permission)
    assert found.evidence.text.startswith("<uses-permission")
    assert permission in found.evidence.text
    assert found.evidence.line >= 1  # some builds strip line numbers (0), shown as line 1


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("AndroidManifestWrongFilesize.xml", "header says the file is 1111638594 bytes"),
        # androguard refuses it; aapt crashes on it.
        ("AndroidManifest_StringNotTerminated.xml", "string #49 of the string pool is not null-terminated"),
        # A layout compiled to binary XML, not a manifest.
        ("test.xml", "not an Android manifest: the root element is <LinearLayout>"),
        ("test1.xml", "not an Android manifest"),
    ],
)
def test_files_aapt_rejects_are_input_errors(name: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_manifest(axml(name), name)


def test_truncated_chunks_are_input_errors() -> None:
    data = axml("AndroidManifest.xml")
    with pytest.raises(InputError, match="truncated"):
        read_manifest(data[: len(data) - 40], "cut.xml")
    resized = bytearray(data[:600])
    struct.pack_into("<I", resized, 4, len(resized))  # a consistent header over a cut string pool
    with pytest.raises(InputError, match="string pool"):
        read_manifest(bytes(resized), "cut.xml")


def test_attributes_are_matched_by_resource_id_not_by_name() -> None:
    # The string pool names android:name "x" and the namespace is android's in name only: as an
    # obfuscator leaves it. Android reads the attribute by its id, 0x01010003; so do we.
    binary = compile_xml(manifest("com.example.loan", ["android.permission.READ_CONTACTS"], (21, 34)), {"name": "x", "minSdkVersion": ""})
    read = read_manifest(binary, "m")
    assert [p.name for p in read.permissions] == ["android.permission.READ_CONTACTS"]
    assert read.min_sdk == 21


def test_binary_manifest_is_recognised_by_content_not_name(tmp_path) -> None:
    path = tmp_path / "extracted.bin"
    path.write_bytes(compile_xml(manifest("com.example.loan", ["android.permission.READ_CONTACTS"], (21, 34))))
    assert kind_of(str(path), path.read_bytes()[:512]) == ANDROID_MANIFEST
    report = audit([path])
    assert "PA101" in {f.rule_id for f in report.findings}
    assert report.facts.inputs[0].kind == ANDROID_MANIFEST


def test_binary_layout_has_no_manifest_root() -> None:
    root = parse_binary_xml(axml("test2.xml"), "test2.xml")
    assert root.name == "LinearLayout" and root.children


def test_damaged_manifests_and_apks_fail_with_input_errors_only() -> None:
    import io
    import random

    from axml_build import build_apk
    from privacy_audit.readers.apk import read_apk

    rng = random.Random(5)
    real = axml("AndroidManifestMaskingNamespace.xml")
    apk = build_apk(compile_xml(manifest("com.example.loan", ["android.permission.READ_CONTACTS"], (21, 34))), {"assets/privacy.txt": b"Privacy"})
    for data, read in ((real, lambda d: read_manifest(d, "m")), (apk, lambda d: read_apk(io.BytesIO(d), "a.apk"))):
        for _ in range(300):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            if rng.random() < 0.2:
                damaged = damaged[: rng.randrange(len(damaged))]
            try:
                read(bytes(damaged))
            except InputError:
                pass
