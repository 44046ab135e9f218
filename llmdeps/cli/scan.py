"""`llmdeps scan [PATH]`: find every model reference and write llmdeps.lock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from llmdeps import pipeline
from llmdeps.cli.options import (
    Advisories,
    ConfigPath,
    HfCache,
    LmStudioModels,
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
    parse_size,
    repo_root,
    setup_logging,
    write_product,
)
from llmdeps.console import ScanProgress, make_stderr
from llmdeps.formats import SCAN_FORMATS
from llmdeps.formats.summary import print_summary

if TYPE_CHECKING:
    ScanFormatName = str
else:
    ScanFormatName = format_choices("ScanFormatName", SCAN_FORMATS)


@errors_to_exit
def scan_command(
    path: RepoPath = Path("."),
    output: Output = None,
    format: Annotated[
        ScanFormatName,
        typer.Option("--format", "-f", help="lock: llmdeps.lock; json: every reference."),
    ] = "lock",
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
    max_file_size: Annotated[
        str | None, typer.Option("--max-file-size", help="Skip larger files (default 2MB).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes.")
    ] = None,
    no_cache: NoCache = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
    no_progress: NoProgress = False,
) -> None:
    """Scan a repository (and the installed models) and write the lockfile."""
    setup_logging(verbose)
    path = repo_root(path, quiet)
    err = make_stderr()
    product = SCAN_FORMATS[format]
    target = output or (str(path / "llmdeps.lock") if product.writes_lock else "-")
    if product.writes_lock and output and Path(output).is_dir():
        target = str(Path(output) / "llmdeps.lock")  # `--output build/`: the lock's own name
    options = pipeline.ScanOptions(
        root=path,
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
        max_file_bytes=parse_size(max_file_size) if max_file_size else None,
        jobs=jobs,
        cache=not no_cache,
        # the lock being replaced: its installs stand when Ollama is not read this time
        replaces=Path(target) if product.writes_lock and target != "-" else path / "llmdeps.lock",
    )
    with ScanProgress(err, "scanning", enabled=not (quiet or no_progress)) as progress:
        run = pipeline.scan(options, progress, notifier(err, quiet))
    wrote = write_product(product.render(run.inventory, run.lock), target)
    if not quiet:
        print_summary(err, run.summary, verbose=verbose, wrote=wrote)
