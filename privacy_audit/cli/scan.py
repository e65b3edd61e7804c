"""privacy-audit scan: audit one app and report its findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from privacy_audit.cli.options import audit_options, lang_option, make_audit_options, output_options
from privacy_audit.cli.output import check_output_path, write_output
from privacy_audit.errors import UsageError
from privacy_audit.report import FORMATS

if TYPE_CHECKING:
    from privacy_audit.readers.discover import Input


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--policy", "policies", multiple=True, metavar="FILE|URL", help="A privacy policy (.txt, .md, .html), or an http(s) URL to fetch. Repeatable.")
@audit_options
@click.option("--no-fail", is_flag=True, help="Report only: exit 0 whatever the findings (errors still exit 2).")
@click.option("--baseline", metavar="FILE", help="Findings recorded in this baseline are reported but do not fail the run.")
@click.option("--write-baseline", metavar="FILE", help="Record today's findings in FILE (they then do not fail this run).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=str), help="Name files relative to this folder in SARIF and baselines (default: the git top level, else the scanned folder).")
@click.option("--list-inputs", is_flag=True, help="Only list the inputs that would be read, and why each was chosen (table or json).")
@lang_option
@output_options(FORMATS)
def scan(
    paths: tuple[str, ...],
    policies: tuple[str, ...],
    no_fail: bool,
    baseline: str | None,
    write_baseline: str | None,
    root: str | None,
    list_inputs: bool,
    format_name: str,
    output: str | None,
    lang: str,
    **how: Any,
) -> None:
    """Audit an app: a folder (a repository, an Xcode or HarmonyOS project), an APK, an
    AndroidManifest.xml (source or binary), an Info.plist, PrivacyInfo.xcprivacy, module.json5,
    a policy or privacy-audit.yaml.

    Exit codes: 0 no finding at or above --fail-on (or --no-fail), 1 findings at or above it that
    are neither accepted in privacy-audit.yaml nor in the --baseline, 2 error.
    """
    from privacy_audit.api import audit, find_inputs
    from privacy_audit.report import render

    if baseline and write_baseline:
        raise UsageError("give --baseline or --write-baseline, not both (--write-baseline alone refreshes a baseline)")
    given = list(paths) or ["."]
    named = [p for p in (*given, *policies, *([baseline] if baseline else [])) if not Path(p).is_dir()]
    for target in (output, write_baseline):
        check_output_path(target, named)
    if output and write_baseline and Path(output).resolve() == Path(write_baseline).resolve():
        raise UsageError("-o and --write-baseline name the same file", output)
    options = make_audit_options(lang=lang, root=root, baseline=baseline, report_only=no_fail, **how)
    if list_inputs:
        inputs, warnings = find_inputs(given, policies, options.max_file_bytes)
        write_output(_inputs_text(inputs, warnings, format_name), output)
        return
    report = audit(given, policies, options)
    for target in (output, write_baseline):
        check_output_path(target, [i.path for i in report.facts.inputs])
    if write_baseline:
        from privacy_audit.engine.suppress import apply_baseline
        from privacy_audit.report import baseline as baseline_file

        recorded = baseline_file.entries(report)
        write_output(baseline_file.render(recorded, report.tool_version), write_baseline)
        report.findings, report.baseline = apply_baseline(report.findings, recorded, write_baseline)
    write_output(render(report, format_name), output)
    raise SystemExit(report.exit_code())


def _inputs_text(inputs: list[Input], warnings: list[str], format_name: str) -> str:
    if format_name == "json":
        listed = [{"kind": i.kind, "path": i.path, **i.origin.to_dict()} for i in inputs]
        return json.dumps({"inputs": listed, "warnings": warnings}, ensure_ascii=False, indent=2) + "\n"
    from privacy_audit.report.text_table import text_table

    rows = [[i.kind, i.path, i.why] for i in inputs]
    lines = [text_table(rows, ["kind", "path", "why"]) if rows else "(no input found)"]
    lines += [f"! {w}" for w in warnings]
    return "\n".join(lines) + "\n"
