"""privacy-audit summarize: counts over a batch's results file."""

from __future__ import annotations

import click

from privacy_audit.batch.summary_report import FORMATS
from privacy_audit.cli.options import fail_on_option, output_options


@click.command()
@click.argument("results", metavar="RESULTS.jsonl", type=click.Path(path_type=str))
@output_options(FORMATS)
@click.option("--top", type=click.IntRange(0), default=20, show_default=True, metavar="N", help="How many of the apps most at risk to list (0: all with findings).")
@fail_on_option
def summarize(results: str, format_name: str, top: int, fail_on: str, output: str | None) -> None:
    """Count the findings of a batch per severity, rule, capability and jurisdiction, and list
    the apps most at risk first (most critical findings, then high, medium, low, info).

    Where the file holds several lines for one app, its last line counts. An incomplete last
    line (from an interrupted batch) is left out.
    """
    from privacy_audit.batch.summary import summarize as count
    from privacy_audit.cli.output import check_output_path, write_output

    check_output_path(output, [results])
    summary = count(results, fail_on, top)
    if summary.incomplete_bytes:
        click.echo(f"privacy-audit: {results}: left out an incomplete last line ({summary.incomplete_bytes} bytes)", err=True)
    write_output(FORMATS[format_name](summary), output)
