"""The Typer app: one module per command, registered here.

A command's module is imported only when that command runs (or `--help` lists it): `--version`
imports no command, `explain` none of the scan, check, SARIF or CycloneDX code (a test holds the
import graph to this).
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.main import get_command_from_info
from typer.models import CommandInfo

from llmdeps import __version__
from llmdeps.cli.conventions import LlmdepsGroup, apply

COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("llmdeps.cli.scan", "scan_command"),
    "check": ("llmdeps.cli.check", "check_command"),
    "report": ("llmdeps.cli.report", "report_command"),
    "explain": ("llmdeps.cli.explain", "explain_command"),
    "diff": ("llmdeps.cli.diff", "diff_command"),
    "init": ("llmdeps.cli.init", "init_command"),
}
"""Command name -> (module, function), in `--help` order."""


class _LazyCommands(LlmdepsGroup):
    """Click's lazy group: a command is built from its module the first time it is asked for.
    (Typer 0.29 vendors Click, older ones use it: the context and command types are left open.)"""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in COMMANDS:
            return found
        module, function = COMMANDS[cmd_name]
        callback = getattr(importlib.import_module(module), function)
        command = get_command_from_info(
            CommandInfo(name=cmd_name, callback=callback),
            pretty_exceptions_short=True,
            rich_markup_mode=None,
        )
        self.add_command(command, cmd_name)
        return apply(command)

# Locals may hold .env values: never print them in a traceback.
app = typer.Typer(
    name="llmdeps",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    cls=_LazyCommands,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Which LLMs you depend on, who makes them, and what happens if a vendor changes its mind.",
)


def _version(value: bool) -> None:
    if value:
        print(f"llmdeps {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """llmdeps: model dependency inventory, lockfile and CI gate."""


def main() -> None:
    """Console-script entry point."""
    app()
