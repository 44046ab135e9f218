"""`llmdeps scan [PATH]`: find every model reference and write llmdeps.lock."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from llmdeps.catalog import Catalog
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
    parse_size,
    setup_logging,
)
from llmdeps.cli.runner import install_options, run_scan
from llmdeps.console import Console, Verbosity, make_stderr
from llmdeps.errors import LockfileError
from llmdeps.formats import scan_json
from llmdeps.formats.summary import print_summary
from llmdeps.lockfile import dump, read
from llmdeps.lockfile.model import Lock
from llmdeps.output import write_atomic


class ScanFormat(StrEnum):
    """What `scan` writes."""

    LOCK = "lock"
    JSON = "json"


def _previous_lock(path: Path, err: Console) -> Lock | None:
    """The lock being replaced, whose installs stand when Ollama is not read this time."""
    if not path.is_file():
        return None
    try:
        return read(path)
    except LockfileError as exc:
        err.print(f"llmdeps: warning: {exc}; writing a new one", markup=False)
        return None


@errors_to_exit
def scan_command(
    path: RepoPath = Path("."),
    output: Output = None,
    format: Annotated[
        ScanFormat,
        typer.Option("--format", "-f", help="lock: llmdeps.lock; json: every reference."),
    ] = ScanFormat.LOCK,
    config: ConfigPath = None,
    ollama_host: OllamaHost = None,
    ollama_models: OllamaModels = None,
    no_ollama: NoOllama = False,
    require_ollama: RequireOllama = False,
    max_file_size: Annotated[
        str | None, typer.Option("--max-file-size", help="Skip larger files (default 2MB).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes.")
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Scan a repository (and Ollama installs) and write the lockfile."""
    setup_logging(verbose)
    err = make_stderr()
    verbosity = Verbosity(quiet, verbose)
    writes_lock = format is ScanFormat.LOCK and output not in (None, "-")
    lock_path = Path(output) if writes_lock and output else path / "llmdeps.lock"
    run = run_scan(
        path,
        config_path=config,
        err=err,
        verbosity=verbosity,
        installs=install_options(ollama_host, ollama_models, no_ollama, require_ollama),
        max_file_bytes=parse_size(max_file_size) if max_file_size else None,
        jobs=jobs,
        prior=_previous_lock(lock_path, err),
    )
    if format is ScanFormat.JSON:
        text = scan_json.render(run.lock, run.output.result, Catalog.load(), run.config)
        target = output or "-"
    else:
        text = dump(run.lock)
        target = output or str(path / "llmdeps.lock")
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        wrote = None
    else:
        write_atomic(Path(target), text)
        wrote = target
    if not quiet:
        print_summary(
            err, run.lock, run.output.result, run.output.skipped, verbose=verbose, wrote=wrote
        )
