"""Shared Annotated options, the error boundary every command runs inside, and how the CLI
prints what the pipeline gives it (notices, the product)."""

from __future__ import annotations

import functools
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar, cast

import typer

from llmdeps.errors import LlmdepsError, OutputError, UsageError
from llmdeps.output import write_atomic
from llmdeps.printable import escape_controls
from llmdeps.sources.packages.options import PackageOptions

if TYPE_CHECKING:  # `explain` runs without the pipeline and Rich's console
    from llmdeps.console import Console
    from llmdeps.pipeline import Notice, Notify

P = ParamSpec("P")
R = TypeVar("R")

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[
    int,
    typer.Option(
        "--verbose", "-v", count=True, help="-v lists skipped files and warnings; -vv debug."
    ),
]
ConfigPath = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Config file (default: .llmdeps.yaml or [tool.llmdeps]).", dir_okay=False
    ),
]
LockPath = Annotated[
    Path | None,
    typer.Option("--lock", help="Lockfile (default: PATH/llmdeps.lock).", dir_okay=False),
]
Output = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write here instead of the default; '-' for stdout."),
]
RepoPath = Annotated[
    Path, typer.Argument(help="Repository to scan.", show_default=True, file_okay=False)
]
OllamaHost = Annotated[
    list[str] | None,
    typer.Option(
        "--ollama-host", help="Ollama server URL (repeatable); OLLAMA_HOST is always read."
    ),
]
OllamaModels = Annotated[
    list[Path] | None,
    typer.Option(
        "--ollama-models", help="Ollama model store directory (repeatable).", file_okay=False
    ),
]
HfCache = Annotated[
    list[Path] | None,
    typer.Option(
        "--hf-cache", help="Hugging Face hub cache directory (repeatable).", file_okay=False
    ),
]
LmStudioModels = Annotated[
    list[Path] | None,
    typer.Option(
        "--lmstudio-models", help="LM Studio models folder (repeatable).", file_okay=False
    ),
]
Advisories = Annotated[
    list[Path] | None,
    typer.Option(
        "--advisories",
        help="Folder of OSV JSON advisories (an OSV dump; repeatable), added to the shipped ones.",
        file_okay=False,
    ),
]
PythonEnv = Annotated[
    list[Path] | None,
    typer.Option(
        "--python-env",
        help="A venv or site-packages whose installed packages and .pth files are checked "
        "(repeatable).",
        file_okay=False,
    ),
]
OpenAIHost = Annotated[
    list[str] | None,
    typer.Option(
        "--openai-host",
        help="OpenAI-compatible server URL: vLLM, llama.cpp, LM Studio, LocalAI, SGLang, TGI "
        "(repeatable); LLMDEPS_OPENAI_HOSTS (comma-separated) is read too.",
    ),
]
OpenAIKeyEnv = Annotated[
    str | None,
    typer.Option(
        "--openai-api-key-env",
        help="Name of the environment variable holding the servers' API key (never printed).",
    ),
]
NoOllama = Annotated[
    bool, typer.Option("--no-ollama", help="Do not read Ollama servers or stores.")
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Scan every file again; do not read or write the content cache (LLMDEPS_CACHE_DIR).",
    ),
]
RequireOllama = Annotated[
    bool,
    typer.Option("--require-ollama", help="Exit 2 when no Ollama server or store can be read."),
]
NoProgress = Annotated[
    bool, typer.Option("--no-progress", help="Never show a progress bar (shown on a TTY only).")
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    # The message may name a file or quote a value: one line, no escape sequence reaches the log.
    sys.stderr.write(f"llmdeps: error: {escape_controls(message)}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def errors_to_exit(func: Callable[P, R]) -> Callable[P, R]:
    """LlmdepsError -> one stderr line + exit 2; Ctrl-C -> 130. Other exceptions are bugs."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except LlmdepsError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            sys.stderr.write("llmdeps: interrupted\n")
            sys.stderr.flush()
            sys.stdout.flush()
            # Leave at once: the interpreter's shutdown would join pool threads and could print
            # their errors; the workers are already ended and every write is atomic.
            os._exit(130)

    return wrapper


def setup_logging(verbose: int) -> None:
    """-vv turns on debug logging to stderr."""
    if verbose >= 2:
        logging.basicConfig(level=logging.DEBUG, format="llmdeps: %(name)s: %(message)s")


def parse_size(text: str) -> int:
    """'2MB', '512k', '1048576' -> bytes, for --max-file-size."""
    from llmdeps import config  # here: `explain` never reads a config

    try:
        return config.parse_size(text)
    except ValueError as exc:
        raise UsageError(f"--max-file-size {text!r}: {exc}") from None


def format_choices(name: str, registry: Mapping[str, object]) -> type[StrEnum]:
    """A `--format` type whose values are the registry's names, in its order: typer lists them in
    --help and refuses any other with its usage error (exit 2)."""
    # Called with members, StrEnum makes a new enum class (mypy reads it as a value lookup).
    return cast("type[StrEnum]", StrEnum(name, [(key, key) for key in registry]))


def notifier(err: Console, quiet: bool) -> Notify:
    """Print the pipeline's notices on stderr as they come; -q prints errors only, so none."""

    def notify(notice: Notice) -> None:
        if not quiet:
            err.print(notice.text, markup=False)

    return notify


def write_product(text: str, target: str) -> str | None:
    """Write the product to the file `target` (atomically) or, for `-`, to stdout.

    Returns the file written, if any."""
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    path = Path(target)
    try:  # `--output reports/llmdeps.lock`: the folders asked for are made, as `mkdir -p` would
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    write_atomic(path, text)
    return target


def repo_root(path: Path, quiet: bool) -> Path:
    """PATH as given, or, when it is the default `.`, the repository found by walking up from the
    working directory (`cli/roots.py`); says which on stderr unless quiet."""
    if path != Path("."):
        return path
    from llmdeps.cli.roots import discover

    root = discover()
    text = root.notice()
    if text and not quiet:
        sys.stderr.write(text + "\n")
    return root.path


def parse_day(text: str, flag: str) -> date:
    """`2026-06-30` -> a date, for a flag; a usage error otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} {text!r}: use a date like 2026-06-30") from None
def package_options(
    advisories: list[Path] | None, python_envs: list[Path] | None
) -> PackageOptions:
    """`--advisories` and `--python-env` as pipeline options."""
    return PackageOptions(tuple(advisories or ()), tuple(python_envs or ()))
