"""The command line: a thin shell over the library. Each command lives in its own module and
is imported only when run, so that ``privacy-audit scan`` starts fast.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input error.
Errors are one line on stderr, never a traceback (set PRIVACY_AUDIT_DEBUG=1 to see one).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from privacy_audit import __version__

COMMANDS: dict[str, str] = {
    "scan": "privacy_audit.cli.scan:scan",
    "batch": "privacy_audit.cli.batch:batch",
    "summarize": "privacy_audit.cli.summarize:summarize",
    "policy": "privacy_audit.cli.policy:policy",
    "schema": "privacy_audit.cli.schema:schema",
    "rules": "privacy_audit.cli.rules:rules",
    "init": "privacy_audit.cli.init:init",
}


class ToolError(click.ClickException):
    """A PrivacyAuditError as click reports it: one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        from privacy_audit.errors import one_line

        click.echo(f"privacy-audit: error: {one_line(self.format_message())}", err=True)


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from privacy_audit.errors import PrivacyAuditError

        try:
            return super().invoke(ctx)
        except PrivacyAuditError as exc:
            raise ToolError(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
            if os.environ.get("PRIVACY_AUDIT_DEBUG"):
                raise
            raise ToolError(f"internal error: {type(exc).__name__}: {exc} (please report it)") from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privacy-audit")
def cli() -> None:
    """Audit lending apps for abuse of borrowers' contact lists and emergency contacts."""


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="privacy-audit")
