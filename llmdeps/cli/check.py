"""`llmdeps check`: the CI gate. Exit 0 clean, 1 findings at or above --fail-on, 2 errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from llmdeps.cli.options import (
    ConfigPath,
    LockPath,
    NoOllama,
    OllamaHost,
    OllamaModels,
    Output,
    Quiet,
    RepoPath,
    RequireOllama,
    Verbose,
    errors_to_exit,
    format_choices,
    setup_logging,
)
from llmdeps.cli.runner import ollama_options, run_scan
from llmdeps.console import Verbosity, make_stderr
from llmdeps.formats import CHECK_FORMATS
from llmdeps.formats.base import FindingsContext
from llmdeps.lockfile import load, read_text
from llmdeps.model import Severity
from llmdeps.output import write_atomic
from llmdeps.rules import CheckContext
from llmdeps.rules import check as run_rules
from llmdeps.rules.locate import locate

if TYPE_CHECKING:
    CheckFormatName = str
else:
    CheckFormatName = format_choices("CheckFormatName", CHECK_FORMATS)


def _relative(lock_file: Path, root: Path) -> str:
    try:
        return lock_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(lock_file.resolve(), root.resolve())).as_posix()


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
    no_ollama: NoOllama = False,
    require_ollama: RequireOllama = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Re-scan without writing; compare with the lock, installs and policy."""
    setup_logging(verbose)
    err = make_stderr()
    product = CHECK_FORMATS[format]
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
    if product.needs_positions:
        findings = locate(findings, result.references, run.lock, lock_text)
    text = product.render(findings, FindingsContext(lock_path=_relative(lock_file, path)))
    if output and output != "-":
        write_atomic(Path(output), text)
    elif not quiet or findings or product.always_written:
        sys.stdout.write(text)
    if any(f.severity.at_least(fail_on) for f in findings):
        raise typer.Exit(1)
