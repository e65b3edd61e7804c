"""Repository-relative paths: what SARIF URIs, fingerprints and baselines name files by.

A finding must be recognised whatever folder the tool was run from, so files are named relative
to a root (the repository's top level by default) with forward slashes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path


def find_root(paths: Sequence[str | Path]) -> str:
    """The git top level holding the first path, else the first folder given, else the current one."""
    first = Path(paths[0]) if paths else Path(".")
    start = first if first.is_dir() else first.parent
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(start)


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (lexically: links are not followed)."""
    path, folder = os.path.abspath(path), os.path.abspath(folder)
    return os.path.commonpath([path, folder]) == folder


def posix_relative(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes, climbing out with ``..`` when outside it."""
    return os.path.relpath(path, root).replace(os.sep, "/")


def relative_path(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` with forward slashes; as given when outside it or no root."""
    return _relative_path(path, root, os.getcwd())


# Every finding's fingerprint names its evidence files: an app's few files, asked for again and
# again. Keyed by the current folder too, which relative paths depend on.
@functools.lru_cache(maxsize=1024)
def _relative_path(path: str, root: str | None, _cwd: str) -> str:
    if root is not None and is_inside(path, root):
        return posix_relative(path, root)
    return path.replace(os.sep, "/")
