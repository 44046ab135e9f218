"""The Typer app: one module per command, registered here."""

from __future__ import annotations

from typing import Annotated

import typer

from llmdeps import __version__
from llmdeps.cli.check import check_command
from llmdeps.cli.conventions import LlmdepsGroup
from llmdeps.cli.diff import diff_command
from llmdeps.cli.explain import explain_command
from llmdeps.cli.init import init_command
from llmdeps.cli.report import report_command
from llmdeps.cli.scan import scan_command

# Locals may hold .env values: never print them in a traceback.
app = typer.Typer(
    name="llmdeps",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    cls=LlmdepsGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Which LLMs you depend on, who makes them, and what happens if a vendor changes its mind.",
)
app.command("scan")(scan_command)
app.command("check")(check_command)
app.command("report")(report_command)
app.command("explain")(explain_command)
app.command("diff")(diff_command)
app.command("init")(init_command)


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
