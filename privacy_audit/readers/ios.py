"""iOS: ``Info.plist`` usage descriptions -> permissions; ``PrivacyInfo.xcprivacy`` -> declared practices.

An iOS app must give a purpose string (``NSContactsUsageDescription``, ...) for every protected
resource it asks for; the key is the declaration, and the string, what the app tells the user it
needs the access for, is kept as the permission's description and quoted as evidence.

Apple's privacy manifest lists the data types the app collects (sends off the device), whether
each is linked to the user's identity or used for tracking, and why. They become the declared
practice ``collected_data.<type>``, the same place an Android team declares them in
privacy-audit.yaml, so one rule reads both.

Both are property lists, XML or binary, read by the standard library's plistlib (which refuses
entity declarations). Binary plists have no lines: their evidence is on line 1.
"""

from __future__ import annotations

import plistlib
import re
from pathlib import Path
from typing import Any

from privacy_audit import capabilities
from privacy_audit.errors import InputError
from privacy_audit.model import AppFacts, Evidence, Permission
from privacy_audit.readers.source import Source

USAGE_KEY = re.compile(r"NS[A-Za-z]+UsageDescription")
COLLECTED_PREFIX = "NSPrivacyCollectedDataType"
PURPOSE_PREFIX = "NSPrivacyCollectedDataTypePurpose"
# Apple's data-type names -> the names of `collected_data` in the audit-manifest schema.
DATA_TYPES: dict[str, str] = {
    "Contacts": "contacts",
    "PhoneNumber": "phone_number",
    "Name": "name",
    "EmailAddress": "email_address",
    "PhysicalAddress": "physical_address",
    "OtherUserContactInfo": "other_user_contact_info",
    "EmailsOrTextMessages": "emails_or_text_messages",
    "PhotosorVideos": "photos_or_videos",
    "PreciseLocation": "precise_location",
    "CoarseLocation": "coarse_location",
    "CreditInfo": "credit_info",
    "PaymentInfo": "payment_info",
    "OtherFinancialInfo": "other_financial_info",
    "UserID": "user_id",
    "DeviceID": "device_id",
    "SensitiveInfo": "sensitive_info",
}
PURPOSES: dict[str, str] = {
    "AppFunctionality": "app_functionality",
    "Analytics": "analytics",
    "ProductPersonalization": "product_personalization",
    "DeveloperAdvertising": "developer_advertising",
    "ThirdPartyAdvertising": "third_party_advertising",
    "Other": "other",
}


def load_plist(source: Source) -> dict[str, Any]:
    try:
        data = plistlib.loads(source.data)
    except Exception as exc:  # noqa: BLE001 - plistlib raises expat, value, index and struct errors
        raise InputError(f"not a valid property list ({type(exc).__name__}: {exc})", source.path) from None
    if not isinstance(data, dict):
        raise InputError("the property list is not a dictionary at its top level", source.path)
    return data


class _Lines:
    """Finds the line of a key or string in an XML plist; binary plists have only line 1."""

    def __init__(self, source: Source) -> None:
        self.xml = not source.data.startswith(b"bplist")
        self.lines = source.data.decode("utf-8", "replace").splitlines() if self.xml else []

    def of(self, needle: str, after: int = 0) -> int:
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if needle in line:
                return number
        return 1


def _quote(key: str, value: str, xml: bool) -> str:
    return f"<key>{key}</key> <string>{value}</string>" if xml else f'{key} = "{value}"'


def read_info_plist(source: Source) -> tuple[list[Permission], str | None]:
    """The usage-description permissions of an ``Info.plist``, and its bundle identifier."""
    data = load_plist(source)
    table = capabilities.platform("ios")
    lines = _Lines(source)
    permissions = []
    for key, value in data.items():
        if not (USAGE_KEY.fullmatch(key) or key in table.permissions):
            continue
        text = value if isinstance(value, str) else str(value)
        permissions.append(
            Permission(
                name=key,
                platform="ios",
                capability=table.capability(key),
                state="requested",
                evidence=Evidence(source.path, lines.of(f"<key>{key}</key>"), _quote(key, text, lines.xml)),
                element="usage-description",
                description=text,
            )
        )
    bundle = data.get("CFBundleIdentifier")
    # "$(PRODUCT_BUNDLE_IDENTIFIER)" is filled in by the build; it names no app.
    package = bundle if isinstance(bundle, str) and "$" not in bundle else None
    return permissions, package


def collect_info_plist(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    """The ``ios-info-plist`` reader."""
    permissions, package = read_info_plist(source)
    facts.platforms.add("ios")
    facts.permissions.extend(permissions)
    facts.package = facts.package or package
    return {"bundle_id": package, "usage_descriptions": [p.name for p in permissions]}


def read_privacy_manifest(source: Source) -> tuple[dict[str, dict[str, Any]], list[str], int]:
    """``collected_data`` as declared, Apple types not known here, and the line it starts on."""
    data = load_plist(source)
    lines = _Lines(source)
    collected: dict[str, dict[str, Any]] = {}
    unknown: list[str] = []
    entries = data.get("NSPrivacyCollectedDataTypes", [])
    if not isinstance(entries, list):
        raise InputError("NSPrivacyCollectedDataTypes is not an array", source.path)
    for entry in entries:
        if not isinstance(entry, dict):
            raise InputError("an entry of NSPrivacyCollectedDataTypes is not a dictionary", source.path)
        apple = str(entry.get(COLLECTED_PREFIX, ""))
        name = DATA_TYPES.get(apple.removeprefix(COLLECTED_PREFIX))
        if name is None:
            unknown.append(apple)
            continue
        purposes = [PURPOSES.get(str(p).removeprefix(PURPOSE_PREFIX), "other") for p in entry.get(f"{COLLECTED_PREFIX}Purposes", [])]
        collected[name] = {
            "collected": True,
            "linked": bool(entry.get(f"{COLLECTED_PREFIX}Linked", False)),
            "tracking": bool(entry.get(f"{COLLECTED_PREFIX}Tracking", False)),
            "purposes": sorted(set(purposes)),
        }
    return collected, unknown, lines.of("NSPrivacyCollectedDataTypes")


def collect_privacy_manifest(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    """The ``ios-privacy-manifest`` reader: what privacy-audit.yaml already declares wins."""
    collected, unknown, line = read_privacy_manifest(source)
    if collected:
        declared = facts.declared.setdefault("collected_data", {})
        for name, practice in collected.items():
            declared.setdefault(name, practice)
        if facts.declared_evidence is None:
            facts.declared_evidence = Evidence(source.path, line, "NSPrivacyCollectedDataTypes")
    facts.platforms.add("ios")
    return {"collected_data": sorted(collected), "unknown_data_types": unknown}
