"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from privacy_audit.limits import FETCH_TIMEOUT_SECONDS, MAX_FILE_BYTES, MiB
from privacy_audit.model import SEVERITIES
from privacy_audit.report.labels import LANGUAGES

if TYPE_CHECKING:
    from privacy_audit.api import AuditOptions

F = TypeVar("F", bound=Callable[..., Any])


def split_words(values: tuple[str, ...]) -> list[str]:
    """``--jurisdiction cn,in --jurisdiction id`` -> [cn, in, id]."""
    return [w.strip().lower() for v in values for w in v.split(",") if w.strip()]


lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True, help="Language of titles, messages and actions.")
output_option = click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of standard output.")
fail_on_option = click.option("--fail-on", type=click.Choice(SEVERITIES), default="high", show_default=True, help="A finding at or above this severity (neither accepted nor in a baseline) fails the app.")
rules_option = click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of your own rules (and lexicons), used with the built-in ones. Repeatable.",
)
max_file_size_option = click.option(
    "--max-file-size", type=click.IntRange(1), default=MAX_FILE_BYTES // MiB, show_default=True, metavar="MIB",
    help="Refuse input files (and APK entries, fetched pages) larger than this.",
)


def format_option(formats: Iterable[str]) -> Callable[[F], F]:
    """``--format``, the first of ``formats`` by default."""
    choices = list(formats)
    return click.option("--format", "format_name", type=click.Choice(choices), default=choices[0], show_default=True, help="Output format.")


def output_options(formats: Iterable[str]) -> Callable[[F], F]:
    """``-o`` and ``--format``: where a command writes, and in which of ``formats``."""
    def decorate(function: F) -> F:
        return format_option(formats)(output_option(function))

    return decorate


def audit_options(function: F) -> F:
    """How to audit an app: the options ``scan`` and ``batch`` share, passed on by keyword to
    ``make_audit_options``."""
    for option in reversed(
        (
            click.option("--category", metavar="NAME", help="App category (default: from privacy-audit.yaml, else lending)."),
            click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODES", help="Markets the app ships to, e.g. cn,in."),
            click.option("--store", "stores", multiple=True, metavar="NAMES", help="Stores it ships to, e.g. google-play."),
            click.option("--all-packs", is_flag=True, help="Run every rule pack, whatever markets and stores the app ships to."),
            rules_option,
            fail_on_option,
            max_file_size_option,
            click.option("--fetch-timeout", type=click.FloatRange(min=0, min_open=True), default=FETCH_TIMEOUT_SECONDS, show_default=True, metavar="SECONDS", help="Give up fetching a policy URL after this long."),
        )
    ):
        function = option(function)
    return function


def make_audit_options(
    category: str | None,
    jurisdictions: tuple[str, ...],
    stores: tuple[str, ...],
    all_packs: bool,
    rule_dirs: tuple[Path, ...],
    fail_on: str,
    max_file_size: int,
    fetch_timeout: float,
    lang: str,
    **command_options: Any,
) -> AuditOptions:
    """AuditOptions from the shared options, and any a command has of its own (``root``, ...)."""
    from privacy_audit.api import AuditOptions

    return AuditOptions(
        category=category,
        jurisdictions=split_words(jurisdictions),
        stores=split_words(stores),
        all_packs=all_packs,
        rule_dirs=rule_dirs,
        lang=lang,
        fail_on=fail_on,
        max_file_bytes=max_file_size * MiB,
        fetch_timeout=fetch_timeout,
        **command_options,
    )
