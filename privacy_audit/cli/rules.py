"""privacy-audit rules: test the rule packs' fixtures."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def rules() -> None:
    """Work with rule packs."""


@rules.command("test")
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print every fixture, not only failures.")
def test(dirs: tuple[Path, ...], verbose: bool) -> None:
    """Run every rule's fixtures: each must fire on its `fires` apps and stay quiet on its
    `quiet` twins. With DIRS, test the rules there; without, the built-in packs."""
    from privacy_audit.engine.rules import builtin_packs, load_rules
    from privacy_audit.engine.ruletest import run_rule_tests

    if dirs:
        all_rules = load_rules((), dirs)
        selected = [r for r in all_rules if any(Path(r.path).resolve().is_relative_to(d.resolve()) for d in dirs)]
    else:
        selected = load_rules(builtin_packs(), validate_builtin=True)
    results = run_rule_tests(selected)
    failed = [r for r in results if not r.passed]
    for result in results:
        if verbose or not result.passed:
            mark = "ok  " if result.passed else "FAIL"
            click.echo(f"{mark} {result.rule_id} {result.expectation}: {result.name} ({result.detail})")
    click.echo(f"{len(selected)} rules, {len(results)} fixtures, {len(failed)} failed")
    raise SystemExit(1 if failed else 0)
