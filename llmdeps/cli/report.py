"""`llmdeps report`: an audit report from the lock (no re-scan unless --scan)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from llmdeps.analysis.report import build_report
from llmdeps.catalog import Catalog
from llmdeps.cli.options import (
    ConfigPath,
    NoOllama,
    OllamaHost,
    OllamaModels,
    Output,
    Quiet,
    RepoPath,
    Verbose,
    errors_to_exit,
    setup_logging,
)
from llmdeps.cli.runner import install_options, run_scan
from llmdeps.console import Verbosity, make_stderr
from llmdeps.errors import UsageError
from llmdeps.formats import REPORT_FORMATS
from llmdeps.lockfile import read
from llmdeps.output import write_atomic


@errors_to_exit
def report_command(
    path: RepoPath = Path("."),
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(REPORT_FORMATS)}.")
    ] = "text",
    output: Output = None,
    lock: Annotated[
        Path | None,
        typer.Option("--lock", help="Lockfile (default: PATH/llmdeps.lock).", dir_okay=False),
    ] = None,
    without: Annotated[
        str | None, typer.Option("--without", help="Simulate this vendor's exit (default: top).")
    ] = None,
    scan: Annotated[
        bool, typer.Option("--scan", help="Scan first instead of reading the lock.")
    ] = False,
    date: Annotated[
        str | None, typer.Option("--date", help="Print this date in the report (default: none).")
    ] = None,
    config: ConfigPath = None,
    ollama_host: OllamaHost = None,
    ollama_models: OllamaModels = None,
    no_ollama: NoOllama = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Render vendor concentration, risks, exit simulation and alternatives for an audit."""
    setup_logging(verbose)
    formatter = REPORT_FORMATS.get(format)
    if formatter is None:
        raise UsageError(f"--format {format!r}: choose one of {', '.join(REPORT_FORMATS)}")
    if scan:
        locked = run_scan(
            path,
            config_path=config,
            err=make_stderr(),
            verbosity=Verbosity(quiet, verbose),
            installs=install_options(ollama_host, ollama_models, no_ollama, False),
        ).lock
    else:
        locked = read(lock or path / "llmdeps.lock")
    report = build_report(locked, Catalog.load(), without=without, date=date)
    text = formatter.render(report)
    if output and output != "-":
        write_atomic(Path(output), text)
    else:
        sys.stdout.write(text)
