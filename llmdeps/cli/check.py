"""`llmdeps check`: the CI gate. Exit 0 clean, 1 findings at or above --fail-on, 2 errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    OpenAIHost,
    OpenAIKeyEnv,
    Output,
    PythonEnv,
    Quiet,
    RepoPath,
    RequireOllama,
    Verbose,
    errors_to_exit,
    format_choices,
    notifier,
    package_options,
    parse_day,
    repo_root,
    setup_logging,
)
from llmdeps.console import ScanProgress, make_stderr
from llmdeps.formats import CHECK_FORMATS
from llmdeps.formats.base import FindingsContext
from llmdeps.model import Severity
from llmdeps.output import write_atomic

if TYPE_CHECKING:
    CheckFormatName = str
else:
    CheckFormatName = format_choices("CheckFormatName", CHECK_FORMATS)


@errors_to_exit
def check_command(
    path: RepoPath = Path("."),
    lock: LockPath = None,
    format: Annotated[CheckFormatName, typer.Option("--format", "-f")] = "text",
    output: Output = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Lowest severity that fails the check.")
    ] = Severity.ERROR,
    config: ConfigPath = None,
    ollama_host: OllamaHost = None,
    ollama_models: OllamaModels = None,
    hf_cache: HfCache = None,
    lmstudio_models: LmStudioModels = None,
    advisories: Advisories = None,
    python_env: PythonEnv = None,
    openai_host: OpenAIHost = None,
    openai_api_key_env: OpenAIKeyEnv = None,
    no_ollama: NoOllama = False,
    require_ollama: RequireOllama = False,
    no_cache: NoCache = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
    no_progress: NoProgress = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Judge suppressions' `until` as of this date (default: today).",
        ),
    ] = None,
) -> None:
    """Re-scan without writing; compare with the lock, installs and policy."""
    setup_logging(verbose)
    path = repo_root(path, quiet)
    err = make_stderr()
    product = CHECK_FORMATS[format]
    options = pipeline.CheckOptions(
        root=path,
        lock=lock,
        config_path=config,
        installs=pipeline.install_options(
            ollama_host,
            ollama_models,
            no_ollama,
            require_ollama,
            hf_cache,
            lmstudio_models,
            openai_hosts=openai_host,
            openai_api_key_env=openai_api_key_env,
        ),
        packages=package_options(advisories, python_env),
        locate=product.needs_positions,
        cache=not no_cache,
        today=parse_day(today, "--today") if today else None,
    )
    with ScanProgress(err, "scanning", enabled=not (quiet or no_progress)) as progress:
        outcome = pipeline.check(options, progress, notifier(err, quiet))
    ctx = FindingsContext(lock_path=outcome.lock_path, compared=outcome.compared)
    text = product.render(outcome.findings, ctx)
    if output and output != "-":
        write_atomic(Path(output), text)
    elif not quiet or outcome.findings or product.always_written:
        sys.stdout.write(text)
    if outcome.fails(fail_on):
        raise typer.Exit(1)
