"""HarmonyOS (stage model): ``module.json5`` ``requestPermissions`` -> permissions.

Each entry names an ``ohos.permission.*`` and, for permissions the user grants, gives a
``reason`` shown to the user: usually ``$string:key``, resolved from the module's
``resources/base/element/string.json``. The resolved reason is the permission's description and
is quoted as evidence. JSON5 is read by the standard library where it is JSON with comments
and trailing commas, as real files are, and by the json5 package otherwise. The bundle name
comes from the project's ``AppScope/app.json5`` when it is there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from privacy_audit import capabilities
from privacy_audit.errors import InputError, PrivacyAuditError
from privacy_audit.limits import MAX_FILE_BYTES
from privacy_audit.model import AppFacts, Evidence, Permission
from privacy_audit.readers.source import Source, check_config_size, read_source

STRING_REFERENCE = "$string:"


# Real module.json5 files are plain JSON (half of them) or JSON with comments and trailing commas
# (the other half): both mean the same in JSON5, and the standard library reads them at C speed
# once comments and trailing commas are taken out (outside strings). The json5 package (pure
# Python: some 20 ms to import and parse one file) reads the rest, and words every error.
# A string or comment left open runs to the end of its line or of the text, so that no input makes
# the scan quadratic; what is left is then no JSON, and goes to json5.
_STRING = r'"(?:[^"\\\n]|\\.)*"?'
# A line comment ends at any of JSON5's line terminators, not only "\n".
_COMMENT = re.compile(rf"({_STRING})|//[^\n\r\u2028\u2029]*|/\*(?:.*?\*/|(.*))", re.S)
# A comma after "[", "{" or another comma is no trailing comma: JSON5 refuses it, so json5 says so.
_COMMA = re.compile(rf"({_STRING})|([\[{{,]\s*,)|,(?=\s*[}}\]])")


class _NotJsonWithComments(ValueError):
    pass


def _uncomment(found: re.Match[str]) -> str:
    if found.group(2) is not None:
        return found.group()  # a comment left open: no JSON, as it is no JSON5
    # A comment is a space, as in JSON5: "1/**/2" is two numbers, not 12.
    return found.group(1) or " "


def _drop_trailing_comma(found: re.Match[str]) -> str:
    if found.group(2) is not None:
        raise _NotJsonWithComments
    return found.group(1) or ""


def _as_json(text: str) -> Any:
    """``text`` read as JSON once comments and trailing commas are out; ValueError if it is not."""
    return json.loads(_COMMA.sub(_drop_trailing_comma, _COMMENT.sub(_uncomment, text)))


def load_json5(data: bytes, path: str, max_file_bytes: int = MAX_FILE_BYTES) -> Any:
    check_config_size(data, path, max_file_bytes)
    try:
        text = data.decode("utf-8-sig")
        try:
            return _as_json(text)
        except ValueError:
            import json5

            return json5.loads(text)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path) from None
    except RecursionError:
        raise InputError("JSON5 nested too deeply", path) from None
    except ValueError as exc:
        raise InputError(f"invalid JSON5: {str(exc).splitlines()[0]}", path) from None


def _module_folder(path: str) -> Path:
    return Path(path).parent


def _strings(module_folder: Path) -> dict[str, str]:
    """The module's base string resources, name -> value; none when the file is not there."""
    table = module_folder / "resources" / "base" / "element" / "string.json"
    if not table.is_file():
        return {}
    source = read_source(table)
    try:
        entries = json.loads(source.data.decode("utf-8-sig")).get("string", [])
        return {str(e["name"]): str(e["value"]) for e in entries if isinstance(e, dict) and "name" in e and "value" in e}
    except (ValueError, AttributeError):
        raise InputError("not a HarmonyOS string resource file (JSON with a 'string' list)", str(table)) from None


def _bundle_name(module_folder: Path, max_file_bytes: int) -> str | None:
    # <project>/<module>/src/main/module.json5 -> <project>/AppScope/app.json5
    app = module_folder.parent.parent.parent / "AppScope" / "app.json5"
    if not app.is_file():
        return None
    try:
        data = load_json5(read_source(app, max_file_bytes).data, str(app), max_file_bytes)
    except PrivacyAuditError:
        return None  # the bundle name is a nicety; a broken app.json5 is not this input's problem
    name = data.get("app", {}).get("bundleName") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def _line_of(lines: list[str], name: str) -> int:
    for quoted in (f'"{name}"', f"'{name}'"):
        for number, line in enumerate(lines, start=1):
            if quoted in line and not line.lstrip().startswith(("//", "*", "/*")):
                return number
    return 1


def read_module(source: Source) -> tuple[list[Permission], dict[str, Any]]:
    """The requested permissions of a ``module.json5``, and what else was read."""
    data = load_json5(source.data, source.path, source.limit)
    module = data.get("module") if isinstance(data, dict) else None
    if not isinstance(module, dict):
        raise InputError("not a HarmonyOS module.json5: no top-level 'module' object", source.path)
    requested = module.get("requestPermissions", [])
    if not isinstance(requested, list):
        raise InputError("module.requestPermissions is not an array", source.path)
    folder = _module_folder(source.path)
    strings = _strings(folder)
    table = capabilities.platform("harmonyos")
    lines = source.data.decode("utf-8-sig", "replace").splitlines()
    permissions: list[Permission] = []
    unresolved: list[str] = []
    for entry in requested:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError("an entry of module.requestPermissions has no 'name'", source.path)
        name = table.full_name(entry["name"].strip())
        if any(p.name == name for p in permissions):
            continue  # declared twice: one permission
        reason = entry.get("reason")
        description = reason if isinstance(reason, str) else None
        if isinstance(reason, str) and reason.startswith(STRING_REFERENCE):
            description = strings.get(reason.removeprefix(STRING_REFERENCE))
            if description is None:
                unresolved.append(reason)
        quoted = f'"name": "{entry["name"]}"' + (f', "reason": "{reason}"' if isinstance(reason, str) else "")
        if description and description != reason:
            quoted += f" ({description})"
        scene = entry.get("usedScene")
        when = scene.get("when") if isinstance(scene, dict) else None
        permissions.append(
            Permission(
                name=name,
                platform="harmonyos",
                capability=table.capability(name),
                state="requested",
                evidence=Evidence(source.path, _line_of(lines, entry["name"]), quoted),
                element="requestPermissions",
                note=f"used {when}" if isinstance(when, str) else None,
                description=description,
            )
        )
    read = {
        "module": module.get("name"),
        "module_type": module.get("type"),
        "bundle_name": _bundle_name(folder, source.limit),
        "permissions": len(permissions),
        "unresolved_reasons": unresolved,
    }
    return permissions, read


def collect_module(source: Source, facts: AppFacts, _: tuple[Path, ...]) -> dict[str, Any]:
    """The ``harmonyos-module`` reader."""
    permissions, read = read_module(source)
    facts.platforms.add("harmonyos")
    facts.permissions.extend(permissions)
    facts.package = facts.package or read["bundle_name"]
    return read
