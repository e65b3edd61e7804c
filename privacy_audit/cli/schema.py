"""privacy-audit schema: print a published JSON Schema."""

from __future__ import annotations

import json

import click

SCHEMAS = {"report": "report", "rule": "rule", "manifest": "audit-manifest", "baseline": "baseline", "batch-line": "batch-line"}


@click.command()
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
def schema(name: str) -> None:
    """Print the JSON Schema of the report, of a rule file, of privacy-audit.yaml, of a baseline
    file, or of a line of the results file ``privacy-audit batch`` writes."""
    from privacy_audit.resources import bundled_schema as load

    click.echo(json.dumps(load(SCHEMAS[name]), ensure_ascii=False, indent=2))
