"""Paths the user gave -> typed inputs, each with the reason it was chosen.

A folder is walked for every place an app declares what it accesses: Android manifests in each
Gradle module and source set (or the merged manifest a build left, when there is one), iOS
``Info.plist`` and ``PrivacyInfo.xcprivacy``, HarmonyOS ``module.json5``, privacy policies named as
such, and ``privacy-audit.yaml`` at the top. Build outputs (other than merged manifests), version
control, dependency folders and tests are skipped; symbolic links are followed once, so a link
loop is reported and skipped, as is a folder that cannot be read, a link that leads out of the
scanned folder (a hostile repository must not make the report quote the auditor's own files), and
anything that is not a regular file (a FIFO would block the read). APKs are read when given, not
picked up from a folder, where they are usually test fixtures or old builds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from privacy_audit.errors import InputError
from privacy_audit.paths import is_inside
from privacy_audit.readers import kinds
from privacy_audit.readers.gradle import (
    BUILD_FILES,
    TEST_SOURCE_SETS,
    GradleModule,
    read_module,
    source_set,
)
from privacy_audit.readers.source import (
    DEFAULT_MAX_FILE_BYTES,
    Origin,
    Source,
    in_place_source,
    open_regular_file,
    read_source,
)

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "build", ".gradle", ".idea", "dist", ".venv", "venv", "__pycache__",
     "Pods", "Carthage", "DerivedData", ".cxx", "oh_modules", ".hvigor", ".build"}
)
# Xcode keeps no declarations in these bundles; test targets never ship.
SKIP_SUFFIXES = (".xcodeproj", ".xcworkspace", ".xcassets", "Tests")  # "Tests" covers "UITests"


@dataclass(frozen=True, slots=True)
class Input:
    kind: str
    path: str
    origin: Origin = field(default_factory=Origin)

    @property
    def why(self) -> str:
        return self.origin.why

    def source(self, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Source:
        """Read it: whole, or, for an APK, in place (``max_bytes`` then caps each entry read)."""
        if self.kind == kinds.APK:
            return in_place_source(self.path, max_bytes, self.origin)
        return read_source(self.path, max_bytes, self.origin)


def _head(path: str) -> bytes:
    try:
        with open_regular_file(path) as handle:
            return handle.read(512)
    except (InputError, OSError):
        return b""  # told by its name; reading it later says what is wrong


def classify_file(path: str) -> Input:
    kind = kinds.kind_of(path, _head(path))
    if kind is None:
        if not os.path.exists(path):
            raise InputError("no such file or folder", path)
        raise InputError(
            "cannot tell what kind of input this is (expected an Android manifest or APK, an iOS Info.plist or "
            "PrivacyInfo.xcprivacy, a HarmonyOS module.json5, a privacy policy or privacy-audit.yaml)",
            path,
        )
    return Input(kind, path)


@dataclass(slots=True)
class _Walk:
    root: Path
    warnings: list[str]
    modules: dict[Path, GradleModule] = field(default_factory=dict)
    manifests: list[Path] = field(default_factory=list)
    found: list[Input] = field(default_factory=list)

    def module_of(self, path: Path) -> GradleModule | None:
        for folder in path.parents:
            if folder in self.modules:
                return self.modules[folder]
            if folder == self.root:
                return None
        return None

    def file(self, folder: Path, name: str) -> None:
        path = folder / name
        if not path.exists():
            gone = "a broken symbolic link" if path.is_symlink() else "removed while the folder was read"
            self.warnings.append(f"{path}: skipped: {gone}")
            return
        if not path.is_file():
            self.warnings.append(f"{path}: skipped: not a regular file (a FIFO, socket or device)")
            return
        if name == "AndroidManifest.xml":
            self.manifests.append(path)
        elif name.lower() in kinds.AUDIT_MANIFEST_NAMES and folder == self.root:
            self.found.append(Input(kinds.AUDIT_MANIFEST, str(path), Origin("audit manifest at the top of the folder")))
        elif kinds.is_info_plist_name(name):
            self.found.append(Input(kinds.IOS_INFO_PLIST, str(path), Origin("Info.plist of an Xcode target")))
        elif name.lower().endswith(".xcprivacy"):
            self.found.append(Input(kinds.IOS_PRIVACY_MANIFEST, str(path), Origin("Apple privacy manifest")))
        elif name == kinds.HARMONYOS_MODULE_NAME:
            self.found.append(Input(kinds.HARMONYOS_MODULE, str(path), Origin("HarmonyOS module configuration")))
        elif kinds.is_policy_name(name):
            self.found.append(Input(kinds.POLICY, str(path), Origin("named like a privacy policy")))

    def android_inputs(self) -> list[Input]:
        merged_apps = [m for m in self.modules.values() if m.role == "application" and m.merged]
        inputs = [
            Input(
                kinds.ANDROID_MANIFEST,
                str(manifest),
                Origin(
                    f"merged manifest of {app.name}, variant {variant}: used instead of the source manifests "
                    "(and library manifests) it was merged from",
                    module=app.name,
                    role="application",
                    source_set=variant,
                    merged=True,
                ),
            )
            for app in merged_apps
            for variant, manifest in sorted(app.merged.items())
        ]
        for manifest in self.manifests:
            module = self.module_of(manifest)
            if module is None:
                inputs.append(Input(kinds.ANDROID_MANIFEST, str(manifest), Origin("Android manifest")))
                continue
            if merged_apps and (module.role == "library" or module in merged_apps):
                continue  # already inside a merged manifest
            name = source_set(manifest, module)
            if name in TEST_SOURCE_SETS:
                continue
            kind = f"{module.role} module" if module.role else "Gradle module"
            why = f"{kind} {module.name}, source set {name or '?'}"
            if module.role == "library":
                why += ": a library's permissions reach the app through the manifest merger"
            sdk_given = module.min_sdk is not None or module.target_sdk is not None
            inputs.append(
                Input(
                    kinds.ANDROID_MANIFEST,
                    str(manifest),
                    Origin(
                        why,
                        module=module.name,
                        role=module.role,
                        source_set=name,
                        min_sdk=module.min_sdk,
                        target_sdk=module.target_sdk,
                        sdk_from=str(module.build_file) if sdk_given else None,
                    ),
                )
            )
        return inputs


def _tree(top: str, warnings: list[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top, followlinks=True)`` without recursion (Python 3.11's recurses once per folder
    level, so a deep tree raised RecursionError), and without following a link out of ``top``.
    Like os.walk, it descends into the ``dirs`` list as the caller leaves it."""
    root = os.path.realpath(top)
    stack = [top]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as error:
            warnings.append(f"{error.filename or current}: skipped: {error.strerror or error}")
            continue
        dirs: list[str] = []
        files: list[str] = []
        for entry in entries:
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not is_inside(target, root):
                    warnings.append(f"{entry.path}: skipped: a symbolic link to {target}, outside the scanned folder")
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
        yield current, dirs, files
        stack.extend(os.path.join(current, name) for name in reversed(dirs))


def walk(folder: str, warnings: list[str] | None = None) -> list[Input]:
    """Every input in ``folder``; what was skipped and why is added to ``warnings``."""
    state = _Walk(Path(folder), warnings if warnings is not None else [])
    visited: set[tuple[int, int]] = set()
    for current, dirs, files in _tree(folder, state.warnings):
        try:
            status = os.stat(current)
        except OSError as error:
            state.warnings.append(f"{current}: skipped: {error.strerror or error}")
            dirs[:] = []
            continue
        if (status.st_dev, status.st_ino) in visited:
            state.warnings.append(f"{current}: skipped: a symbolic link loop (this folder was already read)")
            dirs[:] = []
            continue
        visited.add((status.st_dev, status.st_ino))
        here = Path(current)
        if any(name in files for name in BUILD_FILES):
            module = read_module(here, state.root)
            if module is not None:
                state.modules[here] = module
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(SKIP_SUFFIXES))
        for name in sorted(files):
            state.file(here, name)
    audit_manifests = [i for i in state.found if i.kind == kinds.AUDIT_MANIFEST]
    others = [i for i in state.found if i.kind != kinds.AUDIT_MANIFEST]
    return audit_manifests + state.android_inputs() + others


def discover(paths: list[str | Path], warnings: list[str] | None = None) -> list[Input]:
    inputs: list[Input] = []
    for given in paths:
        path = str(given)
        if os.path.isdir(path):
            inputs.extend(walk(path, warnings))
        else:
            inputs.append(classify_file(path))
    return list({i.path: i for i in inputs}.values())
