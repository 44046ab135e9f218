"""`llmdeps check`: the CI gate. Exit 0 clean, 1 findings at or above --fail-on, 2 errors."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from llmdeps.cli.options import (
    ConfigPath,
    NoOllama,
    OllamaHost,
    OllamaModels,
    Output,
    Quiet,
    RepoPath,
    RequireOllama,
    Verbose,
    errors_to_exit,
    setup_logging,
)
from llmdeps.cli.runner import ollama_options, run_scan
from llmdeps.console import Verbosity, make_stderr
from llmdeps.formats import findings as findings_format
from llmdeps.formats import github as github_format
from llmdeps.formats import sarif as sarif_format
from llmdeps.lockfile import load, read_text
from llmdeps.model import Severity
from llmdeps.output import write_atomic
from llmdeps.rules import CheckContext
from llmdeps.rules import check as run_rules
from llmdeps.rules.locate import locate


class CheckFormat(StrEnum):
    """How findings are printed."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def _relative(lock_file: Path, root: Path) -> str:
    try:
        return lock_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(lock_file.resolve(), root.resolve())).as_posix()


@errors_to_exit
def check_command(
    path: RepoPath = Path("."),
    lock: Annotated[
        Path | None,
        typer.Option("--lock", help="Lockfile (default: PATH/llmdeps.lock).", dir_okay=False),
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.TEXT,
    output: Output = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Lowest severity that fails the check.")
    ] = Severity.ERROR,
    config: ConfigPath = None,
    ollama_host: OllamaHost = None,
    ollama_models: OllamaModels = None,
    no_ollama: NoOllama = False,
    require_ollama: RequireOllama = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Re-scan without writing; compare with the lock, installs and policy."""
    setup_logging(verbose)
    err = make_stderr()
    lock_file = lock or path / "llmdeps.lock"
    lock_text = read_text(lock_file)
    locked = load(lock_text, path=str(lock_file))
    run = run_scan(
        path,
        config_path=config,
        err=err,
        verbosity=Verbosity(quiet, verbose),
        ollama=ollama_options(ollama_host, ollama_models, no_ollama, require_ollama),
        prior=locked,
    )
    result = run.output.result
    ctx = CheckContext(locked, run.lock, result.installs, result.ollama_sources, run.config)
    findings = run_rules(ctx)
    lock_uri = _relative(lock_file, path)
    if format in (CheckFormat.SARIF, CheckFormat.GITHUB):
        findings = locate(findings, run.output.result.references, run.lock, lock_text)
    if format is CheckFormat.JSON:
        text = findings_format.render_json(findings)
    elif format is CheckFormat.SARIF:
        text = sarif_format.render_sarif(findings, lock_path=lock_uri)
    elif format is CheckFormat.GITHUB:
        text = github_format.render_github(findings, lock_path=lock_uri)
    else:
        text = findings_format.render_text(findings)
    if output and output != "-":
        write_atomic(Path(output), text)
    elif not quiet or findings or format is CheckFormat.SARIF:
        # A SARIF log is written even when clean and quiet: an upload step needs a file.
        sys.stdout.write(text)
    failing = [f for f in findings if f.severity.at_least(fail_on)]
    if failing:
        raise typer.Exit(1)
