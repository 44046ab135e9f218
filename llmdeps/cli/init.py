"""`llmdeps init [PATH]`: write a starter `.llmdeps.yaml` with the workflows a scan infers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from llmdeps import pipeline, starter
from llmdeps.cli.options import Quiet, RepoPath, Verbose, errors_to_exit, repo_root, setup_logging
from llmdeps.config import CONFIG_FILES, Config, load_config
from llmdeps.errors import LlmdepsError, UsageError
from llmdeps.output import write_atomic
from llmdeps.sources.base import InstallOptions


def _has_table(pyproject: Path) -> bool:
    try:
        return load_config(pyproject.parent).source == "pyproject.toml"
    except LlmdepsError:
        return True  # an invalid table is still a table the user wrote


@errors_to_exit
def init_command(
    path: RepoPath = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing .llmdeps.yaml.")
    ] = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Write a starter .llmdeps.yaml: the inferred workflows, the policy keys commented."""
    setup_logging(verbose)
    path = repo_root(path, quiet)
    target = path / CONFIG_FILES[0]
    existing = [path / name for name in CONFIG_FILES if (path / name).exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]} exists; --force replaces it")
    pyproject = path / "pyproject.toml"
    if not existing and not force and pyproject.is_file() and _has_table(pyproject):
        raise UsageError(
            f"{pyproject} has a [tool.llmdeps] table; --force writes .llmdeps.yaml, "
            "which is read instead of it"
        )
    # the default grouping, whatever a config says now: no installs, nothing written but this
    options = pipeline.ScanOptions(root=path, config=Config(), installs=InstallOptions(False))
    run = pipeline.scan(options)
    write_atomic(target, starter.render(run.lock))
    if not quiet:
        n = len([w for w in run.lock.workflows if w.paths])
        noun = "workflow" if n == 1 else "workflows"
        sys.stderr.write(f"wrote {target} ({n} inferred {noun}); edit it, then `llmdeps scan`\n")
