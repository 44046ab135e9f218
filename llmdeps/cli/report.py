"""`llmdeps report`: an audit report from the lock (no re-scan unless --scan)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from llmdeps import pipeline
from llmdeps.cli.options import (
    Advisories,
    ConfigPath,
    HfCache,
    LmStudioModels,
    LockPath,
    NoCache,
    NoOllama,
    NoProgress,
    OllamaHost,
    OllamaModels,
    Output,
    PythonEnv,
    Quiet,
    RepoPath,
    Verbose,
    errors_to_exit,
    notifier,
    package_options,
    repo_root,
    setup_logging,
    write_product,
)
from llmdeps.console import ScanProgress, make_stderr
from llmdeps.errors import UsageError
from llmdeps.formats import REPORT_FORMATS


@errors_to_exit
def report_command(
    path: RepoPath = Path("."),
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(REPORT_FORMATS)}.")
    ] = "text",
    output: Output = None,
    lock: LockPath = None,
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
    hf_cache: HfCache = None,
    lmstudio_models: LmStudioModels = None,
    advisories: Advisories = None,
    python_env: PythonEnv = None,
    no_ollama: NoOllama = False,
    no_cache: NoCache = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
    no_progress: NoProgress = False,
) -> None:
    """Render vendor concentration, risks, exit simulation and alternatives for an audit."""
    setup_logging(verbose)
    path = repo_root(path, quiet)
    product = REPORT_FORMATS.get(format)
    if product is None:
        # not a typer choice: this message (and exit 2) is what scripts have seen so far
        raise UsageError(f"--format {format!r}: choose one of {', '.join(REPORT_FORMATS)}")
    err = make_stderr()
    options = pipeline.ReportOptions(
        root=path,
        lock=lock,
        scan=scan,
        without=without,
        date=date,
        config_path=config,
        installs=pipeline.install_options(
            ollama_host, ollama_models, no_ollama, False, hf_cache, lmstudio_models
        ),
        cache=not no_cache,
        packages=package_options(advisories, python_env),
    )
    with ScanProgress(err, "scanning", enabled=not (quiet or no_progress)) as progress:
        report = pipeline.report(options, progress, notifier(err, quiet))
    write_product(product.render(report), output or "-")
