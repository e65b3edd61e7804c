"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from privacy_audit.model import SEVERITIES

F = TypeVar("F", bound=Callable[..., Any])


def split_words(values: tuple[str, ...]) -> list[str]:
    """``--jurisdiction cn,in --jurisdiction id`` -> [cn, in, id]."""
    return [w.strip().lower() for v in values for w in v.split(",") if w.strip()]


def output_options(formats: tuple[str, ...]) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        function = click.option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of standard output.")(function)
        function = click.option(
            "--format", "format_name", type=click.Choice(formats), default=formats[0], show_default=True, help="Output format."
        )(function)
        function = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of titles, messages and actions.")(function)
        return function

    return decorate


severity_choice = click.Choice(list(SEVERITIES))
