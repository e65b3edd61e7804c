"""privacy-audit init: write a commented starter privacy-audit.yaml for a repository."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, exists=True, path_type=Path))
def init(folder: Path) -> None:
    """Write FOLDER/privacy-audit.yaml, listing the manifests and policies found there and the
    questions no platform file answers. Refuses to overwrite an existing one."""
    from privacy_audit.cli.output import write_output
    from privacy_audit.errors import UsageError
    from privacy_audit.readers.kinds import AUDIT_MANIFEST_NAMES
    from privacy_audit.starter import starter_manifest

    for name in AUDIT_MANIFEST_NAMES:
        if (folder / name).exists():
            raise UsageError("already exists; refusing to overwrite it", str(folder / name))
    target = folder / AUDIT_MANIFEST_NAMES[0]
    write_output(starter_manifest(str(folder)), str(target))
    click.echo(f"wrote {target}: review it, then run `privacy-audit scan {folder}`", err=True)
