"""What kind of input a file is, from its name and, where names mislead, its first bytes."""

from __future__ import annotations

import os
import re

ANDROID_MANIFEST = "android-manifest"
APK = "apk"
IOS_INFO_PLIST = "ios-info-plist"
IOS_PRIVACY_MANIFEST = "ios-privacy-manifest"
HARMONYOS_MODULE = "harmonyos-module"
POLICY = "policy"
AUDIT_MANIFEST = "audit-manifest"

AUDIT_MANIFEST_NAMES = ("privacy-audit.yaml", "privacy-audit.yml")
HARMONYOS_MODULE_NAME = "module.json5"
# "privacy*", "隐私政策*", "隐私协议*"...; not any "*policy*" (refund, cookie, security policies).
_POLICY_NAME = re.compile(r"(privacy|隐私政策|隐私协议|隐私保护|个人信息保护)", re.IGNORECASE)
_POLICY_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_info_plist_name(name: str) -> bool:
    """``Info.plist``, or ``MyApp-Info.plist`` as older Xcode projects name it."""
    lowered = name.lower()
    return lowered == "info.plist" or lowered.endswith("-info.plist")


def kind_of(path: str, head: bytes = b"") -> str | None:
    """The input kind of a file given by the user (``head``: its first bytes, if read)."""
    from privacy_audit.readers.axml import is_binary_xml

    name = os.path.basename(path)
    lowered = name.lower()
    if lowered in AUDIT_MANIFEST_NAMES:
        return AUDIT_MANIFEST
    if lowered.endswith(".apk") or head.startswith(_ZIP_MAGIC):
        return APK
    if is_binary_xml(head):
        return ANDROID_MANIFEST
    if lowered.endswith(".xml"):
        return ANDROID_MANIFEST if lowered == "androidmanifest.xml" or b"<manifest" in head else None
    if is_info_plist_name(name):
        return IOS_INFO_PLIST
    if lowered.endswith(".xcprivacy"):
        return IOS_PRIVACY_MANIFEST
    if lowered == HARMONYOS_MODULE_NAME:
        return HARMONYOS_MODULE
    if lowered.endswith(_POLICY_SUFFIXES):
        return POLICY
    return None


def is_policy_name(path: str) -> bool:
    """Whether a file found while walking a folder is named like a privacy policy."""
    name = os.path.basename(path)
    return name.lower().endswith(_POLICY_SUFFIXES) and bool(_POLICY_NAME.search(name))
