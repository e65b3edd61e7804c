"""Android manifests (source XML) -> permissions with their effective state.

What a permission declaration really means depends on more than its name:

- ``<uses-permission-sdk-23>`` requests it on API 23 and later only;
- ``android:maxSdkVersion`` stops the request above that API level, so a maximum below the
  app's ``minSdkVersion`` (or below 23 on ``uses-permission-sdk-23``) requests nothing: *inert*;
- ``tools:node="remove"`` (and ``removeAll``) in a source manifest is an instruction to the
  manifest merger to drop a permission a library brings, never a request: *removed*;
- an app targeting an old SDK is granted permissions it never wrote: *implied*
  (READ_CONTACTS below API 16 brings READ_CALL_LOG); the table is ``rules/capabilities.yaml``.

Namespaces are matched by URI, so any prefix works; a commented-out element is not an element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_audit import capabilities
from privacy_audit.errors import InputError
from privacy_audit.model import AppFacts, Evidence, PackageQuery, Permission
from privacy_audit.readers.source import Origin, Source
from privacy_audit.readers.xmlsafe import XmlElement, parse_xml

ANDROID_NS = "http://schemas.android.com/apk/res/android"
TOOLS_NS = "http://schemas.android.com/tools"
PERMISSION_ELEMENTS = ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m")
REMOVAL_MARKERS = ("remove", "removeAll")


@dataclass(slots=True)
class AndroidManifest:
    path: str
    package: str | None
    min_sdk: int | None
    target_sdk: int | None
    permissions: list[Permission] = field(default_factory=list)
    # <queries> entries: how much of the installed-app list the app asks to see.
    queries: list[PackageQuery] = field(default_factory=list)


def _sdk_int(value: str | None, what: str, path: str) -> int | None:
    if value is None or value.startswith("${") or value.startswith("@"):
        return None
    try:
        return int(value)
    except ValueError:
        # A codename preview SDK ("UpsideDownCake") has no number; treat it as unknown.
        if value.isalpha():
            return None
        raise InputError(f"{what} is not a number: {value!r}", path) from None


def _android(element: XmlElement, name: str) -> str | None:
    return element.attribute(ANDROID_NS, name)


def parse_manifest_element(
    root: XmlElement,
    path: str,
    default_target_sdk: bool = False,
    gradle_sdk: tuple[int | None, int | None] = (None, None),
) -> AndroidManifest:
    """Read a parsed manifest tree (from source XML or a decoded APK).

    ``default_target_sdk``: an APK without ``<uses-sdk>`` targets its minSdkVersion, itself 1
    when absent; a source manifest without it leaves the SDK levels to Gradle (unknown here).
    ``gradle_sdk``: (minSdk, targetSdk) from the module's build file, which override ``<uses-sdk>``
    as the manifest merger does.
    """
    if root.name != "manifest" or root.uri:
        raise InputError(f"not an Android manifest: the root element is <{root.name}>", path)
    uses_sdk = next((c for c in root.children if c.name == "uses-sdk" and not c.uri), None)
    min_sdk = target_sdk = None
    if uses_sdk is not None:
        min_sdk = _sdk_int(_android(uses_sdk, "minSdkVersion"), "minSdkVersion", path)
        target_sdk = _sdk_int(_android(uses_sdk, "targetSdkVersion"), "targetSdkVersion", path)
    min_sdk = gradle_sdk[0] if gradle_sdk[0] is not None else min_sdk
    target_sdk = gradle_sdk[1] if gradle_sdk[1] is not None else target_sdk
    if default_target_sdk:
        min_sdk = min_sdk if min_sdk is not None else 1
        target_sdk = target_sdk if target_sdk is not None else min_sdk
    manifest = AndroidManifest(path, root.attributes.get(("", "package")), min_sdk, target_sdk)
    table = capabilities.platform("android")
    seen: set[tuple[str, str]] = set()
    for child in root.children:
        if child.uri:
            continue
        if child.name == "queries":
            manifest.queries.extend(_query_entries(child, path))
        if child.name not in PERMISSION_ELEMENTS:
            continue
        raw_name = _android(child, "name")
        node = child.attribute(TOOLS_NS, "node")
        if raw_name is None:
            if node == "removeAll":
                raw_name = "*"
            else:
                raise InputError(f"<{child.name}> at line {child.line} has no android:name", path)
        name = table.full_name(raw_name.strip())
        max_sdk = _sdk_int(_android(child, "maxSdkVersion"), "android:maxSdkVersion", path)
        state, note = _state(child.name, node, max_sdk, min_sdk)
        if (name, state) in seen:
            continue
        seen.add((name, state))
        manifest.permissions.append(
            Permission(
                name=name,
                platform="android",
                capability=table.capability(name),
                state=state,
                evidence=Evidence(path, child.line, child.source),
                element=child.name,
                max_sdk=max_sdk,
                note=note,
            )
        )
    manifest.permissions.extend(_implied(manifest, table))
    return manifest


def _state(element: str, node: str | None, max_sdk: int | None, min_sdk: int | None) -> tuple[str, str | None]:
    if node in REMOVAL_MARKERS:
        return "removed", f'tools:node="{node}": removed from the merged manifest, not requested'
    if max_sdk is not None:
        if element != "uses-permission" and max_sdk < 23:
            return "inert", f"<{element}> applies from API 23 but maxSdkVersion is {max_sdk}"
        if min_sdk is not None and max_sdk < min_sdk:
            return "inert", f"maxSdkVersion {max_sdk} is below minSdkVersion {min_sdk}"
    return "requested", None


def _implied(manifest: AndroidManifest, table: capabilities.PlatformTable) -> list[Permission]:
    requested = {p.name: p for p in manifest.permissions if p.state == "requested"}
    declared = {p.name for p in manifest.permissions}
    implied: list[Permission] = []
    for rule in table.implied:
        name = table.full_name(rule.implies)
        if name in declared:
            continue
        if rule.target_sdk_below is not None and (
            manifest.target_sdk is None or manifest.target_sdk >= rule.target_sdk_below
        ):
            continue
        source = requested.get(table.full_name(rule.by)) if rule.by else None
        if rule.by and source is None:
            continue
        if source is not None:
            evidence, max_sdk = source.evidence, source.max_sdk
            why = f"implied by {table.short_name(source.name)}"
        else:
            evidence = Evidence(manifest.path, 1, "<manifest>")
            max_sdk = None
            why = "implied for every app"
        if rule.target_sdk_below is not None:
            why += f" because targetSdkVersion {manifest.target_sdk} is below {rule.target_sdk_below}"
        implied.append(
            Permission(
                name=name,
                platform="android",
                capability=table.capability(name),
                state="implied",
                evidence=evidence,
                element="implied",
                max_sdk=max_sdk,
                note=why,
            )
        )
        declared.add(name)
    return implied


# An intent for the MAIN action with no <data> matches every app with a launcher activity: the
# installed-app list without QUERY_ALL_PACKAGES.
MAIN_ACTION = "android.intent.action.MAIN"


def _query_entries(queries: XmlElement, path: str) -> list[PackageQuery]:
    entries = []
    for child in queries.children:
        evidence = Evidence(path, child.line, child.source)
        if child.name == "package":
            entries.append(PackageQuery("package", _android(child, "name") or "", False, evidence))
        elif child.name == "provider":
            entries.append(PackageQuery("provider", _android(child, "authorities") or "", False, evidence))
        elif child.name == "intent":
            actions = [a for a in (_android(c, "name") for c in child.children if c.name == "action") if a]
            broad = MAIN_ACTION in actions and not any(c.name == "data" for c in child.children)
            entries.append(PackageQuery("intent", ",".join(actions), broad, evidence))
    return entries


def read_manifest(data: bytes, path: str, origin: Origin | None = None) -> AndroidManifest:
    """Read an ``AndroidManifest.xml``: source XML, or binary XML pulled out of an APK (told by
    its content, not its name), which takes the APK defaults for missing SDK levels."""
    from privacy_audit.readers.axml import is_binary_xml, parse_binary_xml

    origin = origin or Origin()
    sdk = (origin.min_sdk, origin.target_sdk)
    if is_binary_xml(data[:12]):
        return parse_manifest_element(parse_binary_xml(data, path), path, default_target_sdk=True, gradle_sdk=sdk)
    return parse_manifest_element(parse_xml(data, path), path, gradle_sdk=sdk)


def add_manifest(facts: AppFacts, manifest: AndroidManifest, origin: Origin) -> None:
    """Add one manifest's permissions to the app's facts, as the manifest merger would combine them.

    A library module's permissions reach the app, marked with the module that added them; a
    ``tools:node="remove"`` in the app's own manifest takes them out again, whichever file is read
    first. The package and SDK levels are the app's, never a library's.
    """
    library = origin.role == "library"
    for permission in manifest.permissions:
        permission.module = origin.module
        permission.library = library
        if library and permission.effective and permission.note is None:
            permission.note = f"declared by library module {origin.module}: the manifest merger adds it to the app"
    android = [p for p in facts.permissions if p.platform == "android"]
    removals = [p for p in [*android, *manifest.permissions] if p.state == "removed" and not p.library]
    for permission in [*android, *manifest.permissions]:
        if permission.library and permission.effective:
            remover = next((r for r in removals if r.name in (permission.name, "*")), None)
            if remover is not None:
                where = f"{remover.evidence.file}:{remover.evidence.line}"
                permission.state = "removed"
                permission.note = f'removed from the merged manifest by tools:node="remove" at {where}'
    facts.permissions.extend(manifest.permissions)
    # The merger joins every module's <queries> into the app's.
    facts.queries.extend(manifest.queries)
    facts.platforms.add("android")
    if library:
        return
    facts.package = facts.package or manifest.package
    facts.min_sdk = facts.min_sdk if facts.min_sdk is not None else manifest.min_sdk
    facts.target_sdk = facts.target_sdk if facts.target_sdk is not None else manifest.target_sdk


def manifest_summary(manifest: AndroidManifest) -> dict[str, Any]:
    """What the report's ``inputs[].read`` says about a manifest."""
    return {
        "package": manifest.package,
        "min_sdk": manifest.min_sdk,
        "target_sdk": manifest.target_sdk,
        "permissions": len(manifest.permissions),
    }


def collect_manifest(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    """The ``android-manifest`` reader: one manifest file, source or binary."""
    manifest = read_manifest(source.data, source.path, source.origin)
    add_manifest(facts, manifest, source.origin)
    return manifest_summary(manifest)
