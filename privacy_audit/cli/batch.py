"""privacy-audit batch: audit every app of a folder or list, one JSON line each, resumable."""

from __future__ import annotations

import sys
from typing import Any

import click

from privacy_audit.cli.options import audit_options, lang_option, make_audit_options


@click.command()
@click.argument("source", metavar="DIR|LIST.txt", type=click.Path(path_type=str))
@click.option("-o", "--output", required=True, metavar="RESULTS.jsonl", help="The JSON Lines file to append one line per app to. Run again with the same file to resume.")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N", help="Worker processes (default: one per core).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True, metavar="SECONDS", help="Give up on an app after this long; its line records a timeout.")
@click.option("--retry-errors", is_flag=True, help="Audit again the apps whose last line is an error.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no closing summary on standard error.")
@audit_options
@lang_option
def batch(
    source: str,
    output: str,
    jobs: int | None,
    time_limit: float,
    retry_errors: bool,
    quiet: bool,
    lang: str,
    **how: Any,
) -> None:
    """Audit many apps: each sub-folder or APK of DIR, or each line of LIST.txt
    (`manifest-or-apk [policy ...]`, relative to the list; # starts a comment).

    Each app's JSON report is appended to RESULTS.jsonl as one line as soon as it is done
    (`privacy-audit schema batch-line`). Apps already there with unchanged input files are
    skipped, so an interrupted batch resumes where it stopped. One app that cannot be read, that
    crashes its worker or overruns --time-limit gets an error line; the others go on.

    Exit codes: 0 every app audited, none with a finding at or above --fail-on; 1 findings at or
    above it in some app; 2 some app could not be audited, or the batch could not start;
    130 interrupted (run again to resume).
    """
    from privacy_audit.batch.apps import find_apps
    from privacy_audit.batch.progress import Progress
    from privacy_audit.batch.results import previous_run
    from privacy_audit.batch.run import default_jobs, run_batch
    from privacy_audit.cli.output import check_output_path

    apps = find_apps(source)
    check_output_path(output, [apps.list_file] if apps.list_file else [])
    options = make_audit_options(lang=lang, **how)
    previous = previous_run(output)
    if previous.partial_bytes and not quiet:
        click.echo(f"privacy-audit: {output}: dropping an incomplete last line ({previous.partial_bytes} bytes) left by an interrupted run", err=True)
    progress = Progress(len(apps.apps), sys.stderr, enabled=not quiet)
    result = run_batch(apps, output, options, jobs or default_jobs(), time_limit, retry_errors, progress, previous)
    if not quiet:
        click.echo(
            f"privacy-audit: {result.apps} apps: {result.audited} audited, {result.errors} errors, "
            f"{result.skipped} already done; {result.failing_apps} with findings at {options.fail_on} or above, "
            f"{result.error_apps} not audited -> {output}",
            err=True,
        )
    if result.interrupted:
        click.echo(f"privacy-audit: interrupted; run the same command again to resume from {output}", err=True)
    raise SystemExit(result.exit_code())
