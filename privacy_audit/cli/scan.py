"""privacy-audit scan: audit one app and report its findings."""

from __future__ import annotations

from pathlib import Path

import click

from privacy_audit.cli.options import output_options, severity_choice, split_words
from privacy_audit.cli.output import check_output_path, write_output
from privacy_audit.readers.source import MiB


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--policy", "policies", multiple=True, metavar="FILE", help="A privacy policy (.txt, .md, .html). Repeatable.")
@click.option("--category", metavar="NAME", help="App category (default: from privacy-audit.yaml, else lending).")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODES", help="Markets the app ships to, e.g. cn,in.")
@click.option("--store", "stores", multiple=True, metavar="NAMES", help="Stores it ships to, e.g. google-play.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path), help="A folder of your own rules (and lexicons). Repeatable.")
@click.option("--fail-on", type=severity_choice, default="high", show_default=True, help="Exit 1 when a finding is at or above this severity.")
@click.option("--max-file-size", type=click.IntRange(1), default=20, show_default=True, metavar="MIB", help="Refuse input files larger than this.")
@output_options(("table", "json"))
def scan(
    paths: tuple[str, ...],
    policies: tuple[str, ...],
    category: str | None,
    jurisdictions: tuple[str, ...],
    stores: tuple[str, ...],
    rule_dirs: tuple[Path, ...],
    fail_on: str,
    max_file_size: int,
    format_name: str,
    output: str | None,
    lang: str,
) -> None:
    """Audit an app: a folder, an AndroidManifest.xml, a policy or privacy-audit.yaml.

    Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 error.
    """
    from privacy_audit.api import AuditOptions, audit
    from privacy_audit.report import render

    given = list(paths) or ["."]
    check_output_path(output, [p for p in (*given, *policies) if not Path(p).is_dir()])
    options = AuditOptions(
        category=category,
        jurisdictions=split_words(jurisdictions),
        stores=split_words(stores),
        rule_dirs=rule_dirs,
        lang=lang,
        fail_on=fail_on,
        max_file_bytes=max_file_size * MiB,
    )
    report = audit(given, policies, options)
    check_output_path(output, [i.path for i in report.facts.inputs])
    write_output(render(report, format_name), output)
    raise SystemExit(report.exit_code())
