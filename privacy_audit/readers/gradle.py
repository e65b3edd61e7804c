"""Gradle modules as far as manifests need them: app or library, SDK levels, source sets, merged
manifests. Build files are read as text, never run: only literal values are understood.

Manifest merging (developer.android.com/build/manage-manifests): a variant's manifest is merged
from its source sets (``src/<variant>``, ``src/<buildType>``, ``src/<flavor>``, ``src/main``) and the
manifests of the libraries it depends on, and is written under
``build/intermediates/merged_manifest(s)/<variant>/``; Gradle's ``minSdk``/``targetSdk`` override
``<uses-sdk>``. Where a merged manifest is there it is the truth about the app, and the source
manifests it came from are not read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy_audit.limits import MAX_BUILD_FILE_BYTES

BUILD_FILES = ("build.gradle.kts", "build.gradle")
# Plugin ids (com.android.library), version-catalog aliases (libs.plugins.android.library) and
# convention plugins named after them (libs.plugins.myapp.android.library).
_LIBRARY = re.compile(r"\bandroid[.\-_]library\b")
_APPLICATION = re.compile(r"\bandroid[.\-_]application\b")
_MIN_SDK = re.compile(r"\bminSdk(?:Version)?\s*(?:=\s*|\(\s*)?(\d+)")
_TARGET_SDK = re.compile(r"\btargetSdk(?:Version)?\s*(?:=\s*|\(\s*)?(\d+)")
# Source sets that never ship in the app.
TEST_SOURCE_SETS = frozenset({"test", "androidTest", "testFixtures"})
MERGED_FOLDERS = ("merged_manifest", "merged_manifests")


@dataclass(slots=True)
class GradleModule:
    folder: Path
    name: str  # ":app", ":feature:contacts"
    build_file: Path
    role: str | None  # "application", "library", or None (not an Android module)
    min_sdk: int | None
    target_sdk: int | None
    # variant -> merged manifest written by the last build
    merged: dict[str, Path] = field(default_factory=dict)


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1)) if match else None


def _strip_comments(text: str) -> str:
    """Block comments become a space, line comments go. Block comments are found by scanning, not
    by a lazy regular expression, which searches to the end again from each unclosed '/*': quadratic."""
    parts: list[str] = []
    position = 0
    while (start := text.find("/*", position)) >= 0:
        end = text.find("*/", start + 2)
        if end < 0:
            break  # an unclosed comment is left as it stands
        parts += [text[position:start], " "]
        position = end + 2
    parts.append(text[position:])
    return re.sub(r"(?m)//.*$", "", "".join(parts))


def read_module(folder: Path, root: Path) -> GradleModule | None:
    """The Gradle module in ``folder``, or None when it has no build file."""
    build_file = next((folder / n for n in BUILD_FILES if (folder / n).is_file()), None)
    if build_file is None:
        return None
    try:
        with build_file.open("rb") as handle:
            text = _strip_comments(handle.read(MAX_BUILD_FILE_BYTES).decode("utf-8", "replace"))
    except OSError:
        return None
    role = "library" if _LIBRARY.search(text) else "application" if _APPLICATION.search(text) else None
    relative = folder.relative_to(root).as_posix()
    name = ":" + relative.replace("/", ":") if relative != "." else ":"
    module = GradleModule(folder, name, build_file, role, _first_int(_MIN_SDK, text), _first_int(_TARGET_SDK, text))
    module.merged = merged_manifests(folder)
    return module


def merged_manifests(folder: Path) -> dict[str, Path]:
    """Variant -> merged manifest under ``build/intermediates``, whichever layout the AGP version wrote."""
    intermediates = folder / "build" / "intermediates"
    found: dict[str, Path] = {}
    for merged_folder in MERGED_FOLDERS:
        base = intermediates / merged_folder
        if not base.is_dir():
            continue
        for manifest in sorted(base.rglob("AndroidManifest.xml")):
            variant = manifest.relative_to(base).parts[0]
            found.setdefault(variant, manifest)
    return found


def source_set(manifest: Path, module: GradleModule) -> str | None:
    """``main``, a flavour or a build type, for ``<module>/src/<set>/AndroidManifest.xml``."""
    try:
        parts = manifest.relative_to(module.folder).parts
    except ValueError:
        return None
    if len(parts) == 3 and parts[0] == "src":
        return parts[1]
    return None
