"""privacy-audit scan: audit one app and report its findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from privacy_audit.cli.options import audit_options, make_audit_options, output_options
from privacy_audit.cli.output import check_output_path, write_output


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--policy", "policies", multiple=True, metavar="FILE", help="A privacy policy (.txt, .md, .html). Repeatable.")
@audit_options
@output_options(("table", "json"))
def scan(
    paths: tuple[str, ...],
    policies: tuple[str, ...],
    format_name: str,
    output: str | None,
    lang: str,
    **how: Any,
) -> None:
    """Audit an app: a folder, an AndroidManifest.xml, a policy or privacy-audit.yaml.

    Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 error.
    """
    from privacy_audit.api import audit
    from privacy_audit.report import render

    given = list(paths) or ["."]
    check_output_path(output, [p for p in (*given, *policies) if not Path(p).is_dir()])
    options = make_audit_options(lang=lang, **how)
    report = audit(given, policies, options)
    check_output_path(output, [i.path for i in report.facts.inputs])
    write_output(render(report, format_name), output)
    raise SystemExit(report.exit_code())
