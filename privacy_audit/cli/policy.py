"""privacy-audit policy: what a privacy policy says about contacts and collection."""

from __future__ import annotations

import json
import textwrap

import click

from privacy_audit.cli.options import lang_option, max_file_size_option, output_options
from privacy_audit.cli.output import check_output_path, write_output
from privacy_audit.limits import MiB


@click.command()
@click.argument("file", type=click.Path(path_type=str))
@max_file_size_option
@lang_option
@output_options(("table", "json"))
def policy(file: str, max_file_size: int, format_name: str, output: str | None, lang: str) -> None:
    """Print the statements a privacy policy makes about the practices privacy-audit checks."""
    from privacy_audit.readers.policy import read_policy
    from privacy_audit.readers.source import read_source
    from privacy_audit.report.text_table import text_table

    check_output_path(output, [file])
    source = read_source(file, max_file_size * MiB)
    reading = read_policy(source)
    document = reading.document
    if format_name == "json":
        text = json.dumps(
            {
                "path": document.path,
                "sha256": source.sha256,
                "encoding": reading.encoding,
                "language": document.language,
                "analysed": document.analysed,
                "note": document.note,
                "sentences": document.sentences,
                "statements": [s.to_dict() for s in reading.statements],
            },
            ensure_ascii=False,
            indent=2,
        ) + "\n"
    else:
        head = f"{document.path}: {document.sentences} sentences, language {document.language}, encoding {reading.encoding}"
        lines = [head]
        if document.note:
            lines.append(f"! {document.note}")
        rows = [
            [s.evidence.line, s.practice, s.polarity, s.confidence, textwrap.shorten(s.evidence.text, 70)]
            for s in reading.statements
        ]
        headers = ["line", "practice", "polarity", "confidence", "text"] if lang == "en" else ["行", "做法", "极性", "置信度", "原文"]
        lines.append(text_table(rows, headers) if rows else "(no statement about contacts, collection, withdrawal or deletion)")
        text = "\n".join(lines) + "\n"
    write_output(text, output)
