"""privacy-audit rules: list, show and test the rule packs; print the words rules may use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from privacy_audit.cli.options import format_option, lang_option, output_options, rules_option

if TYPE_CHECKING:
    from privacy_audit.engine.rules import Rule

@click.group()
def rules() -> None:
    """Work with rule packs: list, show and test rules, and print the words rules may use."""


def _all_rules(dirs: tuple[Path, ...]) -> list[Rule]:
    from privacy_audit.engine.rules import builtin_packs, load_rules

    return load_rules(builtin_packs(), dirs)


@rules.command("test")
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print every fixture, not only failures.")
def test(dirs: tuple[Path, ...], verbose: bool) -> None:
    """Run every rule's fixtures: each must fire on its `fires` apps and stay quiet on its
    `quiet` twins; so must each pack's overlay. With DIRS, test the rules (and overlays) there;
    without, the built-in packs."""
    from privacy_audit.engine.rules import builtin_packs, load_rules
    from privacy_audit.engine.ruletest import run_rule_tests

    roots = [d.resolve() for d in dirs]

    def mine(path: str) -> bool:
        return not roots or any(Path(path).resolve().is_relative_to(root) for root in roots)

    loaded = load_rules(builtin_packs(), dirs, validate_builtin=not dirs)
    # With DIRS: the rules there, and the built-in rules that overlays there add to.
    selected = [r for r in loaded if mine(r.path) or any(mine(o.path) for o in r.overlays)]
    results = run_rule_tests(selected, mine)
    failed = [r for r in results if not r.passed]
    for result in results:
        if verbose or not result.passed:
            mark = "ok  " if result.passed else "FAIL"
            click.echo(f"{mark} {result.rule_id} {result.expectation}: {result.name} ({result.detail})")
    rules_run = sum(1 for r in selected if mine(r.path))
    overlays = sum(1 for r in selected for o in r.overlays if mine(o.path))
    click.echo(f"{rules_run} rules, {overlays} overlays, {len(results)} fixtures, {len(failed)} failed")
    raise SystemExit(1 if failed else 0)


@rules.command("list")
@rules_option
@click.option("--pack", metavar="PACK", help="Only the rules of this pack, and those its overlays add to.")
@lang_option
@output_options(("table", "json"))
def list_rules(rule_dirs: tuple[Path, ...], pack: str | None, format_name: str, output: str | None, lang: str) -> None:
    """List the rules of every pack (and of your rule folders): id, severity, the packs that
    contribute to it, title."""
    from privacy_audit.cli.output import write_output
    from privacy_audit.rulebook import in_pack, render_list

    write_output(render_list(in_pack(_all_rules(rule_dirs), pack), lang, format_name), output)


@rules.command("show")
@click.argument("rule_id", metavar="ID")
@rules_option
@lang_option
@output_options(("text", "json"))
def show(rule_id: str, rule_dirs: tuple[Path, ...], format_name: str, output: str | None, lang: str) -> None:
    """Show one rule in full: its text, condition, actions, references and fixtures, and what
    each pack's overlay adds."""
    from privacy_audit.cli.output import write_output
    from privacy_audit.errors import UsageError
    from privacy_audit.rulebook import render_show

    found = [r for r in _all_rules(rule_dirs) if r.id.upper() == rule_id.upper()]
    if not found:
        raise UsageError(f"no rule {rule_id!r} (see privacy-audit rules list)")
    write_output(render_show(found[0], lang, format_name), output)


@rules.command("vocabulary")
@format_option(("markdown", "json"))
def vocabulary(format_name: str) -> None:
    """Print the words a rule may use: conditions, capabilities (with each platform's
    permissions), practices, declared values, markets and stores, purposes, lexicon categories."""
    import json

    from privacy_audit.vocabulary import render_markdown
    from privacy_audit.vocabulary import vocabulary as words

    found = words()
    click.echo(json.dumps(found, ensure_ascii=False, indent=2) + "\n" if format_name == "json" else render_markdown(found), nl=False)
