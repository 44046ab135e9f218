"""The one home of Rich consoles and the progress bar. Nothing else below cli/ prints."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:  # the bar's modules load when a bar is shown (`explain` never shows one)
    from rich.progress import Progress, TaskID

__all__ = ["Console", "ScanProgress", "Verbosity", "in_ci", "make_stderr", "make_stdout"]


def in_ci(environ: dict[str, str] | None = None) -> bool:
    """CI systems set CI (GitHub, GitLab, CircleCI, Buildkite, ...)."""
    env = os.environ if environ is None else environ
    return env.get("CI", "").lower() not in ("", "0", "false", "no")


def make_stderr() -> Console:
    """Messages, summaries and progress: stderr, so stdout carries only the product."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def make_stdout() -> Console:
    """The product (lock, JSON, report) when written to stdout; 120 columns when piped."""
    width = None if sys.stdout.isatty() else 120
    return Console(highlight=False, soft_wrap=True, width=width)


@dataclass(slots=True)
class Verbosity:
    """-q errors only; default summary; -v skipped files and warnings; -vv debug."""

    quiet: bool = False
    verbose: int = 0


class ScanProgress:
    """A progress bar on an interactive stderr only: not piped, not in CI, not with -q."""

    def __init__(self, console: Console, label: str, *, enabled: bool) -> None:
        self._enabled = (
            enabled and console.is_terminal and not in_ci() and not console.is_dumb_terminal
        )
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._console = console
        self._label = label

    def __enter__(self) -> ScanProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, total: int) -> None:
        """Show the bar once there is enough work to be worth one."""
        if not self._enabled or total < 200:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self._console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self._label, total=total)

    def advance(self, done: int) -> None:
        """Move the bar."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, done)

