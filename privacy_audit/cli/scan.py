"""privacy-audit scan: audit one app and report its findings."""

from __future__ import annotations

from pathlib import Path

import click

from privacy_audit.cli.options import output_options, severity_choice, split_words
from privacy_audit.cli.output import check_output_path, write_output
from privacy_audit.errors import UsageError
from privacy_audit.readers.source import MiB
from privacy_audit.report import FORMATS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--policy", "policies", multiple=True, metavar="FILE", help="A privacy policy (.txt, .md, .html). Repeatable.")
@click.option("--category", metavar="NAME", help="App category (default: from privacy-audit.yaml, else lending).")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODES", help="Markets the app ships to, e.g. cn,in.")
@click.option("--store", "stores", multiple=True, metavar="NAMES", help="Stores it ships to, e.g. google-play.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path), help="A folder of your own rules (and lexicons). Repeatable.")
@click.option("--fail-on", type=severity_choice, default="high", show_default=True, help="Exit 1 when a finding is at or above this severity.")
@click.option("--no-fail", is_flag=True, help="Report only: exit 0 whatever the findings (errors still exit 2).")
@click.option("--baseline", metavar="FILE", help="Findings recorded in this baseline are reported but do not fail the run.")
@click.option("--write-baseline", metavar="FILE", help="Record today's findings in FILE (they then do not fail this run).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=str), help="Name files relative to this folder in SARIF and baselines (default: the git top level, else the scanned folder).")
@click.option("--max-file-size", type=click.IntRange(1), default=20, show_default=True, metavar="MIB", help="Refuse input files larger than this.")
@output_options(tuple(FORMATS))
def scan(
    paths: tuple[str, ...],
    policies: tuple[str, ...],
    category: str | None,
    jurisdictions: tuple[str, ...],
    stores: tuple[str, ...],
    rule_dirs: tuple[Path, ...],
    fail_on: str,
    no_fail: bool,
    baseline: str | None,
    write_baseline: str | None,
    root: str | None,
    max_file_size: int,
    format_name: str,
    output: str | None,
    lang: str,
) -> None:
    """Audit an app: a folder, an AndroidManifest.xml, a policy or privacy-audit.yaml.

    Exit codes: 0 no finding at or above --fail-on (or --no-fail), 1 findings at or above it that
    are neither accepted in privacy-audit.yaml nor in the --baseline, 2 error.
    """
    from privacy_audit.api import AuditOptions, audit
    from privacy_audit.report import render

    if baseline and write_baseline:
        raise UsageError("give --baseline or --write-baseline, not both (--write-baseline alone refreshes a baseline)")
    given = list(paths) or ["."]
    named = [p for p in (*given, *policies, *([baseline] if baseline else [])) if not Path(p).is_dir()]
    for target in (output, write_baseline):
        check_output_path(target, named)
    if output and write_baseline and Path(output).resolve() == Path(write_baseline).resolve():
        raise UsageError("-o and --write-baseline name the same file", output)
    options = AuditOptions(
        category=category,
        jurisdictions=split_words(jurisdictions),
        stores=split_words(stores),
        rule_dirs=rule_dirs,
        lang=lang,
        fail_on=fail_on,
        max_file_bytes=max_file_size * MiB,
        root=root,
        baseline=baseline,
        report_only=no_fail,
    )
    report = audit(given, policies, options)
    for target in (output, write_baseline):
        check_output_path(target, [i.path for i in report.facts.inputs])
    if write_baseline:
        from privacy_audit.engine.suppress import apply_baseline
        from privacy_audit.report import baseline as baseline_file

        write_output(baseline_file.render(report), write_baseline)
        report.findings, report.baseline = apply_baseline(report.findings, baseline_file.entries(report), write_baseline)
    write_output(render(report, format_name), output)
    raise SystemExit(report.exit_code())
