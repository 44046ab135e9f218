"""`llmdeps diff [OLD] [NEW]`: what changed between two locks, for a pull request.

OLD and NEW are lock files or git revisions of the lock (`origin/main`, `HEAD~1`, `REV:path`);
OLD defaults to `HEAD`, NEW to the lock in the working tree. Exit 0, or with `--exit-code` 1 when
a dependency changed, as `git diff --exit-code`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from llmdeps import pipeline
from llmdeps.cli.options import (
    Output,
    Quiet,
    Verbose,
    errors_to_exit,
    format_choices,
    repo_root,
    setup_logging,
    write_product,
)
from llmdeps.formats import DIFF_FORMATS

if TYPE_CHECKING:
    DiffFormatName = str
else:
    DiffFormatName = format_choices("DiffFormatName", DIFF_FORMATS)


@errors_to_exit
def diff_command(
    old: Annotated[
        str | None,
        typer.Argument(
            metavar="OLD",
            help="Lock file or git revision of the lock (default: HEAD).",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="NEW",
            help="Lock file or git revision (default: the lock in the working tree).",
            show_default=False,
        ),
    ] = None,
    lock: Annotated[
        Path | None,
        typer.Option(
            "--lock",
            help="The lock whose revisions are compared (default: llmdeps.lock at the root).",
            dir_okay=False,
        ),
    ] = None,
    format: Annotated[
        DiffFormatName,
        typer.Option("--format", "-f", help="markdown is a pull request comment."),
    ] = "text",
    output: Output = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when a dependency changed.")
    ] = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
) -> None:
    """Show models, workflows, fallbacks, installs and references added, removed or changed."""
    setup_logging(verbose)
    root = repo_root(Path("."), quiet) if lock is None else Path(".")
    result = pipeline.diff(pipeline.DiffOptions(root=root, old=old, new=new, lock=lock))
    text = DIFF_FORMATS[format].render(result)
    if output and output != "-":
        write_product(text, output)
    elif not quiet or result.changed:
        write_product(text, "-")
    if exit_code and result.changed:
        raise typer.Exit(1)
