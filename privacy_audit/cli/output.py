"""Writing results: to stdout, or atomically to a file that is never one of the inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from privacy_audit.errors import UsageError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(output: str | None, inputs: Iterable[str]) -> None:
    """Refuse an output path that is a folder or one of the files read as input."""
    if output is None or output == "-":
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError("is a folder; -o needs a file name", output)
    for given in inputs:
        source = Path(given)
        if _same_file(source, target) or source.resolve() == target.resolve():
            raise UsageError("is one of the inputs; refusing to overwrite it", output)


def write_output(text: str, output: str | None) -> None:
    """Print, or replace ``output`` in one step: a failure leaves any previous file intact."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    import tempfile  # only here: it costs a scan to the terminal 3 ms of start-up

    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, prefix=f".{target.name}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise UsageError(f"cannot write here: {exc.strerror or exc}", output) from None
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException as exc:
        # Whatever stopped it (a full disk, Ctrl-C), the previous file stays and no temporary remains.
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write: {exc.strerror or exc}; the previous file, if any, is unchanged", output) from None
        raise
