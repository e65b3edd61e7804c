"""iOS: Info.plist usage descriptions (XML and binary) and Apple privacy manifests."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from conftest import SAMPLES, shared
from privacy_audit.api import audit
from privacy_audit.errors import InputError
from privacy_audit.readers.ios import read_info_plist, read_privacy_manifest
from privacy_audit.readers.source import Source, read_source

REAL = "ios/xn-htloan-ios/ibisTime+xn-htloan-ios/htloan/htloan/all/Resource/Info.plist"


def test_real_info_plist_usage_descriptions_with_lines() -> None:
    source = read_source(shared(REAL))
    permissions, _ = read_info_plist(source)
    camera = next(p for p in permissions if p.name == "NSCameraUsageDescription")
    assert camera.platform == "ios" and camera.capability == "camera" and camera.state == "requested"
    assert camera.description == "华途威通将访问您的相机, 用来上传头像"
    line = source.data.decode().splitlines()[camera.evidence.line - 1]
    assert "<key>NSCameraUsageDescription</key>" in line
    assert "NSContactsUsageDescription" not in {p.name for p in permissions}  # a negative: no contacts key


def test_binary_plist_reads_the_same() -> None:
    source = read_source(shared(REAL))
    binary = Source("Info.plist", plistlib.dumps(plistlib.loads(source.data), fmt=plistlib.FMT_BINARY))
    xml_permissions, _ = read_info_plist(source)
    binary_permissions, _ = read_info_plist(binary)
    assert [(p.name, p.capability, p.description) for p in binary_permissions] == [(p.name, p.capability, p.description) for p in xml_permissions]
    assert all(p.evidence.line == 1 for p in binary_permissions)
    assert binary_permissions[0].evidence.text.startswith(f'{binary_permissions[0].name} = "')


def test_contacts_usage_description_is_a_finding_quoting_its_purpose(tmp_path: Path) -> None:
    plist = tmp_path / "Info.plist"
    plist.write_bytes(plistlib.dumps({"CFBundleIdentifier": "$(PRODUCT_BUNDLE_IDENTIFIER)", "NSContactsUsageDescription": "用于风控评估"}))
    report = audit([plist])
    pa101 = next(f for f in report.findings if f.rule_id == "PA101")
    assert "用于风控评估" in pa101.evidence[0].text
    assert report.facts.package is None  # a build variable names no app


def test_privacy_manifest_becomes_declared_collected_data() -> None:
    source = read_source(SAMPLES / "three-platforms/ios/KwikCash/PrivacyInfo.xcprivacy")
    collected, unknown, line = read_privacy_manifest(source)
    assert collected["contacts"] == {"collected": True, "linked": True, "tracking": False, "purposes": ["app_functionality"]}
    assert "phone_number" in collected and unknown == []
    assert "NSPrivacyCollectedDataTypes" in source.data.decode().splitlines()[line - 1]


RULE = """
id: X001
name: contacts-linked
severity: low
confidence: high
title: {en: Contacts linked to the user, zh: 通讯录关联到用户身份}
message: {en: The privacy manifest links contacts to the user., zh: 隐私清单将通讯录关联到用户身份。}
when: {declared: {path: collected_data.contacts.linked, equals: true}}
actions: [{audience: developer, en: Do not link contacts., zh: 不要关联通讯录。}]
references: [pipl-6]
tests:
  fires:
    - name: linked
      files:
        PrivacyInfo.xcprivacy: |
%s
  quiet:
    - name: not linked
      files:
        PrivacyInfo.xcprivacy: |
%s
"""


def _xcprivacy(linked: bool) -> str:
    body = plistlib.dumps(
        {"NSPrivacyCollectedDataTypes": [{"NSPrivacyCollectedDataType": "NSPrivacyCollectedDataTypeContacts", "NSPrivacyCollectedDataTypeLinked": linked}]}
    ).decode()
    return "\n".join("          " + line for line in body.splitlines())


def test_declared_collected_data_is_usable_by_rules(tmp_path: Path) -> None:
    from privacy_audit.api import AuditOptions
    from privacy_audit.engine.rules import load_rules
    from privacy_audit.engine.ruletest import run_rule_tests

    rules = tmp_path / "rules" / "mine"
    rules.mkdir(parents=True)
    (rules / "X001-contacts-linked.yaml").write_text(RULE % (_xcprivacy(True), _xcprivacy(False)), encoding="utf-8")
    (mine,) = [r for r in load_rules((), [tmp_path / "rules"]) if r.id == "X001"]
    assert all(result.passed for result in run_rule_tests([mine]))
    report = audit([SAMPLES / "three-platforms/ios"], options=AuditOptions(rule_dirs=[tmp_path / "rules"]))
    x001 = next(f for f in report.findings if f.rule_id == "X001")
    assert x001.evidence[0].file.endswith("PrivacyInfo.xcprivacy")


def test_audit_manifest_declarations_win_over_the_privacy_manifest(tmp_path: Path) -> None:
    ios = SAMPLES / "three-platforms/ios/KwikCash"
    (tmp_path / "PrivacyInfo.xcprivacy").write_bytes((ios / "PrivacyInfo.xcprivacy").read_bytes())
    (tmp_path / "privacy-audit.yaml").write_text("version: 1\npractices:\n  collected_data:\n    contacts: {collected: true, linked: false}\n")
    report = audit([tmp_path])
    assert report.facts.declared["collected_data"]["contacts"] == {"collected": True, "linked": False}
    assert report.facts.declared["collected_data"]["phone_number"]["linked"] is True


@pytest.mark.parametrize("data", [b"<plist><dict><key>a</key>", b"bplist00garbage", b'<?xml version="1.0"?><plist><array/></plist>'])
def test_broken_plists_are_input_errors(data: bytes) -> None:
    with pytest.raises(InputError, match="Info.plist: "):
        read_info_plist(Source("Info.plist", data))


def test_entity_declarations_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa">]><plist><dict><key>k</key><string>&a;</string></dict></plist>'
    with pytest.raises(InputError, match="not a valid property list"):
        read_info_plist(Source("Info.plist", bomb))
