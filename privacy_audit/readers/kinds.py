"""What kind of input a file is, from its name and, where names mislead, its first bytes."""

from __future__ import annotations

import os
import re

ANDROID_MANIFEST = "android-manifest"
POLICY = "policy"
AUDIT_MANIFEST = "audit-manifest"

AUDIT_MANIFEST_NAMES = ("privacy-audit.yaml", "privacy-audit.yml")
_POLICY_NAME = re.compile(r"(privacy|隐私政策|隐私协议|隐私保护|个人信息保护|policy)", re.IGNORECASE)
_POLICY_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


def kind_of(path: str, head: bytes = b"") -> str | None:
    """The input kind of a file given by the user (``head``: its first bytes, if read)."""
    name = os.path.basename(path)
    lowered = name.lower()
    if lowered in AUDIT_MANIFEST_NAMES:
        return AUDIT_MANIFEST
    if lowered.endswith(".xml"):
        return ANDROID_MANIFEST if lowered == "androidmanifest.xml" or b"<manifest" in head else None
    if lowered.endswith(_POLICY_SUFFIXES):
        return POLICY
    return None


def is_policy_name(path: str) -> bool:
    """Whether a file found while walking a folder is named like a privacy policy."""
    name = os.path.basename(path)
    return name.lower().endswith(_POLICY_SUFFIXES) and bool(_POLICY_NAME.search(name))
