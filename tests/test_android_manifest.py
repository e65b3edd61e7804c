from __future__ import annotations

import pytest

from conftest import shared
from privacy_audit.errors import InputError
from privacy_audit.readers.android import read_manifest

NS = 'xmlns:android="http://schemas.android.com/apk/res/android" xmlns:tools="http://schemas.android.com/tools"'


def manifest(body: str, attrs: str = 'package="com.example.loan"') -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?>\n<manifest {NS} {attrs}>\n{body}\n</manifest>\n'.encode()


def states(data: bytes) -> dict[str, str]:
    return {p.name: p.state for p in read_manifest(data, "AndroidManifest.xml").permissions}


def test_uses_permission_kept_with_file_line_and_quoted_text() -> None:
    data = manifest('  <uses-permission android:name="android.permission.READ_CONTACTS" />')
    (permission,) = read_manifest(data, "app/AndroidManifest.xml").permissions
    assert permission.name == "android.permission.READ_CONTACTS"
    assert permission.capability == "contacts.read"
    assert permission.state == "requested"
    assert permission.evidence.file == "app/AndroidManifest.xml"
    assert permission.evidence.line == 3
    assert permission.evidence.text == '<uses-permission android:name="android.permission.READ_CONTACTS" />'


def test_multiline_start_tag_quoted_on_one_line() -> None:
    data = manifest('<uses-permission\n    android:name="android.permission.READ_SMS"\n    android:maxSdkVersion="28" />')
    (permission,) = read_manifest(data, "m.xml").permissions
    assert permission.evidence.line == 3
    assert permission.evidence.text == '<uses-permission android:name="android.permission.READ_SMS" android:maxSdkVersion="28" />'
    assert permission.max_sdk == 28


def test_short_names_are_expanded_and_custom_names_kept() -> None:
    data = manifest(
        '<uses-permission android:name="READ_CALL_LOG" />'
        '<uses-permission android:name="${applicationId}.permission.C2D_MESSAGE" />'
        '<uses-permission android:name="com.google.android.gms.permission.AD_ID" />'
    )
    permissions = {p.name: p.capability for p in read_manifest(data, "m.xml").permissions}
    assert permissions == {
        "android.permission.READ_CALL_LOG": "call_log.read",
        "${applicationId}.permission.C2D_MESSAGE": None,
        "com.google.android.gms.permission.AD_ID": None,
    }


def test_any_namespace_prefix_is_matched_by_uri() -> None:
    data = b'<manifest xmlns:a="http://schemas.android.com/apk/res/android"><uses-permission a:name="android.permission.READ_CONTACTS"/></manifest>'
    assert states(data) == {"android.permission.READ_CONTACTS": "requested"}


def test_attribute_in_wrong_namespace_is_not_android_name() -> None:
    data = b'<manifest xmlns:x="http://example.com/x"><uses-permission x:name="android.permission.READ_CONTACTS"/></manifest>'
    with pytest.raises(InputError, match="has no android:name"):
        read_manifest(data, "m.xml")


def test_tools_node_remove_is_not_a_request() -> None:
    data = manifest(
        '<uses-permission android:name="android.permission.READ_CONTACTS" tools:node="remove" />'
        '<uses-permission android:name="android.permission.READ_SMS" tools:node="removeAll" />'
    )
    assert states(data) == {"android.permission.READ_CONTACTS": "removed", "android.permission.READ_SMS": "removed"}


def test_commented_out_permission_is_not_declared() -> None:
    data = manifest('<!-- <uses-permission android:name="android.permission.READ_CONTACTS" /> -->')
    assert states(data) == {}


def test_sdk23_element_and_max_sdk_make_inert_requests() -> None:
    data = manifest(
        '<uses-sdk android:minSdkVersion="24" android:targetSdkVersion="34" />'
        '<uses-permission-sdk-23 android:name="android.permission.READ_CONTACTS" />'
        '<uses-permission-sdk-23 android:name="android.permission.READ_SMS" android:maxSdkVersion="22" />'
        '<uses-permission android:name="android.permission.GET_ACCOUNTS" android:maxSdkVersion="22" />'
        '<uses-permission android:name="android.permission.WRITE_EXTERNAL_STORAGE" android:maxSdkVersion="28" />'
    )
    result = read_manifest(data, "m.xml")
    by_name = {p.name: p for p in result.permissions}
    assert by_name["android.permission.READ_CONTACTS"].state == "requested"
    assert by_name["android.permission.READ_CONTACTS"].element == "uses-permission-sdk-23"
    assert by_name["android.permission.READ_SMS"].state == "inert"
    assert by_name["android.permission.GET_ACCOUNTS"].state == "inert"
    assert "below minSdkVersion 24" in (by_name["android.permission.GET_ACCOUNTS"].note or "")
    assert by_name["android.permission.WRITE_EXTERNAL_STORAGE"].state == "requested"
    # WRITE_EXTERNAL_STORAGE always brings READ_EXTERNAL_STORAGE, up to the same API level.
    implied = by_name["android.permission.READ_EXTERNAL_STORAGE"]
    assert (implied.state, implied.max_sdk) == ("implied", 28)


@pytest.mark.parametrize(("target", "implied"), [("15", True), ("16", False), (None, False)])
def test_read_contacts_implies_call_log_below_target_sdk_16(target: str | None, implied: bool) -> None:
    sdk = f'<uses-sdk android:minSdkVersion="9" android:targetSdkVersion="{target}" />' if target else ""
    data = manifest(sdk + '<uses-permission android:name="android.permission.READ_CONTACTS" />')
    permissions = {p.name: p for p in read_manifest(data, "m.xml").permissions}
    assert ("android.permission.READ_CALL_LOG" in permissions) is implied
    if implied:
        call_log = permissions["android.permission.READ_CALL_LOG"]
        assert call_log.state == "implied"
        assert call_log.capability == "call_log.read"
        assert "READ_CONTACTS" in (call_log.note or "") and "15" in (call_log.note or "")
        assert call_log.evidence == permissions["android.permission.READ_CONTACTS"].evidence


def test_removed_permission_implies_nothing() -> None:
    data = manifest(
        '<uses-sdk android:targetSdkVersion="15" />'
        '<uses-permission android:name="android.permission.READ_CONTACTS" tools:node="remove" />'
    )
    assert "android.permission.READ_CALL_LOG" not in states(data)


def test_missing_package_attribute_is_fine() -> None:
    result = read_manifest(manifest('<uses-permission android:name="android.permission.CAMERA" />', attrs=""), "m.xml")
    assert result.package is None
    assert [p.capability for p in result.permissions] == ["camera"]


def test_duplicate_declarations_are_one_permission() -> None:
    data = manifest('<uses-permission android:name="android.permission.CAMERA" />' * 3)
    assert len(read_manifest(data, "m.xml").permissions) == 1


def test_queries_are_recorded() -> None:
    data = manifest('<queries><package android:name="com.whatsapp" /><intent><action android:name="android.intent.action.SEND" /></intent></queries>')
    queries = read_manifest(data, "m.xml").queries
    assert [(q.kind, q.value, q.broad) for q in queries] == [("package", "com.whatsapp", False), ("intent", "android.intent.action.SEND", False)]
    assert queries[0].evidence.text.startswith("<package")


def test_a_query_for_every_launcher_app_is_broad() -> None:
    launcher = '<intent><action android:name="android.intent.action.MAIN" /><category android:name="android.intent.category.LAUNCHER" /></intent>'
    scoped = '<intent><action android:name="android.intent.action.MAIN" /><data android:scheme="geo" /></intent>'
    queries = read_manifest(manifest(f"<queries>{launcher}{scoped}</queries>"), "m.xml").queries
    assert [q.broad for q in queries] == [True, False]


def test_not_a_manifest_is_an_input_error() -> None:
    with pytest.raises(InputError, match="root element is <LinearLayout>"):
        read_manifest(b"<LinearLayout/>", "layout.xml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<manifest><uses-permission", "not well-formed XML at line 1"),
        (b"this is not xml", "not well-formed XML"),
        (b"<manifest>\xff\xfe</manifest>", "not well-formed XML"),
        (b'<manifest><uses-permission android:name="x"/></manifest>', "unbound prefix"),
        (b"", "no element found"),
    ],
)
def test_malformed_xml_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as error:
        read_manifest(data, "bad/AndroidManifest.xml")
    assert str(error.value).startswith("bad/AndroidManifest.xml: ")
    assert "\n" not in str(error.value)


def test_external_entity_is_refused_and_nothing_outside_is_read(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<manifest {NS}><uses-permission android:name="&xxe;" /></manifest>'
    ).encode()
    with pytest.raises(InputError, match="DTD") as error:
        read_manifest(data, "m.xml")
    assert "TOP-SECRET" not in str(error.value)


def test_billion_laughs_is_refused() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol{}; ".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE m [{entities}]><manifest>&lol9;</manifest>'.encode()
    with pytest.raises(InputError, match="DTD"):
        read_manifest(data, "m.xml")


def test_undeclared_entity_is_an_error() -> None:
    with pytest.raises(InputError, match="undefined entity"):
        read_manifest(b"<manifest>&boom;</manifest>", "m.xml")


def test_utf16_manifest_is_read() -> None:
    text = f'<?xml version="1.0" encoding="utf-16"?>\n<manifest {NS}>\n<uses-permission android:name="android.permission.READ_CONTACTS"/>\n</manifest>'
    (permission,) = read_manifest(text.encode("utf-16"), "m.xml").permissions
    assert permission.evidence.line == 3
    assert "READ_CONTACTS" in permission.evidence.text


def test_deep_nesting_is_bounded() -> None:
    data = b"<manifest>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</manifest>"
    with pytest.raises(InputError, match="nested deeper"):
        read_manifest(data, "m.xml")


def test_real_contacts_app_manifest() -> None:
    path = shared("android/fossify-contacts/FossifyOrg+Contacts/app/src/main/AndroidManifest.xml")
    result = read_manifest(path.read_bytes(), str(path))
    by_name = {p.name.rsplit(".", 1)[-1]: p for p in result.permissions}
    assert result.package is None
    assert by_name["READ_CONTACTS"].state == "requested"
    assert by_name["USE_FINGERPRINT"].state == "removed"
    assert by_name["WRITE_EXTERNAL_STORAGE"].max_sdk == 28
    assert by_name["READ_EXTERNAL_STORAGE"].state == "implied"
    assert result.target_sdk is None  # set by Gradle, not in the source manifest


def test_real_nigerian_loan_app_manifest() -> None:
    path = shared("android/nigeria-loan-app/a648b6b/AndroidManifest.xml")
    result = read_manifest(path.read_bytes(), str(path))
    effective = {p.capability for p in result.permissions if p.effective}
    removed = {p.name.rsplit(".", 1)[-1] for p in result.permissions if p.state == "removed"}
    assert {"sms.read", "location.fine", "camera", "phone.call"} <= effective
    assert removed == {"READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE", "MOUNT_UNMOUNT_FILESYSTEMS"}
