"""`llmdeps explain MODEL...`: what the catalog knows about model ids."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from llmdeps import identify
from llmdeps.cli.options import ConfigPath, LockPath, errors_to_exit, format_choices
from llmdeps.config import load_config
from llmdeps.formats import EXPLAIN_FORMATS
from llmdeps.lockfile import read
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
    config: ConfigPath = None,
    lock: LockPath = None,
) -> None:
    """Vendor, lineage, license, pin status and runtime of each id, and where each fact came from
    (the catalog, the config's `models:`, an installed artifact the lock records)."""
    here = Path.cwd()
    settings = load_config(here, config)
    lock_file = lock or here / "llmdeps.lock"
    locked = read(lock_file) if lock is not None or lock_file.is_file() else None
    explained = identify.explain(models, runtime, settings, locked)
    sys.stdout.write(EXPLAIN_FORMATS[format].render(explained))
