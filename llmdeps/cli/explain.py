"""`llmdeps explain MODEL...`: what the catalog knows about model ids."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from llmdeps import identify
from llmdeps.cli.options import errors_to_exit, format_choices
from llmdeps.formats import EXPLAIN_FORMATS
from llmdeps.model import Runtime

if TYPE_CHECKING:
    ExplainFormatName = str
else:
    ExplainFormatName = format_choices("ExplainFormatName", EXPLAIN_FORMATS)


@errors_to_exit
def explain_command(
    models: Annotated[list[str], typer.Argument(help="Model ids as written in code or config.")],
    format: Annotated[ExplainFormatName, typer.Option("--format", "-f")] = "table",
    runtime: Annotated[
        Runtime, typer.Option("--runtime", help="Runtime hint, e.g. ollama for a bare tag.")
    ] = Runtime.UNKNOWN,
) -> None:
    """Vendor, lineage, license, pin status and runtime of each id."""
    sys.stdout.write(EXPLAIN_FORMATS[format].render(identify.explain(models, runtime)))
