"""The apps of a batch: each sub-folder or APK of a folder, or each line of a list file.

A list file names one app a line: a manifest, an APK or an app folder, then any policies (files
or http(s) URLs), paths relative to the list file; blank lines and ``#`` comments are skipped.
An app is known by its path relative to the folder or list (``id``), which a resumed run matches.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from privacy_audit.errors import InputError, UsageError
from privacy_audit.paths import posix_relative
from privacy_audit.readers.discover import SKIP_DIRS
from privacy_audit.readers.fetch import is_url

APK_SUFFIXES = (".apk",)


@dataclass(frozen=True, slots=True)
class BatchApp:
    """One app to audit: ``paths`` and ``policies`` as ``privacy_audit.audit`` takes them."""

    id: str
    paths: tuple[str, ...]
    policies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchSource:
    """Where the apps come from: the folder (or the list file's folder) their ids are relative to."""

    root: str
    apps: Sequence[BatchApp]
    list_file: str | None = None


class FolderApps(Sequence[BatchApp]):
    """The apps of a folder, each made when asked for from its name: the parent of a batch of
    100,000 apps holds 100,000 names, not 100,000 apps."""

    def __init__(self, folder: str, names: list[str]) -> None:
        self.folder = folder
        self._names = names

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> BatchApp: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[BatchApp]: ...

    def __getitem__(self, index: int | slice) -> BatchApp | Sequence[BatchApp]:
        if isinstance(index, slice):
            return FolderApps(self.folder, self._names[index])
        name = self._names[index]
        return BatchApp(name, (os.path.join(self.folder, name),))


def _app_id(path: str, root: str) -> str:
    return posix_relative(path, root)


def apps_in_folder(folder: str) -> BatchSource:
    """Each sub-folder is an app (searched as ``scan`` searches a folder, which takes no APK
    from it), and so is each APK directly in the folder."""
    try:
        with os.scandir(folder) as entries:
            names = [
                e.name for e in entries
                if not e.name.startswith(".") and e.name not in SKIP_DIRS
                and (e.is_dir() or e.name.lower().endswith(APK_SUFFIXES))
            ]
    except OSError as exc:
        raise InputError(f"cannot list the folder: {exc.strerror or exc}", folder) from None
    return BatchSource(folder, FolderApps(folder, sorted(names)))


def apps_in_list(list_file: str) -> BatchSource:
    root = os.path.dirname(list_file) or "."
    try:
        with open(list_file, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except UnicodeDecodeError:
        raise InputError("a list of apps must be UTF-8 text", list_file) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", list_file) from None
    apps: list[BatchApp] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise InputError(f"line {number}: {exc}", list_file) from None
        if not words:
            continue
        paths = [w if is_url(w) else os.path.normpath(os.path.join(root, w)) for w in words]
        app_id = _app_id(paths[0], root)
        if app_id in first_line:
            raise UsageError(f"line {number} names the same app as line {first_line[app_id]}: {app_id}", list_file)
        first_line[app_id] = number
        apps.append(BatchApp(app_id, (paths[0],), tuple(paths[1:])))
    return BatchSource(root, apps, list_file)


def find_apps(given: str) -> BatchSource:
    """A folder of apps, or a list file naming them."""
    if os.path.isdir(given):
        source = apps_in_folder(given)
    elif os.path.isfile(given):
        source = apps_in_list(given)
    else:
        raise InputError("no such folder or list file", given)
    if not source.apps:
        raise InputError("names no app (expected app sub-folders or APKs, or a list with one app a line)", given)
    return source
