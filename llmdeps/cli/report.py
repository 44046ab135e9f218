"""`llmdeps report`: an audit report from the lock (no re-scan unless --scan); given several locks
or directories holding one, the organisation's report over all of them (issue 14, item 3)."""

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
from llmdeps.formats import ORG_FORMATS, REPORT_FORMATS


@errors_to_exit
def report_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Repository or lock file (default: .); several: one report over all of them.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(REPORT_FORMATS)}.")
    ] = "text",
    output: Output = None,
    lock: Annotated[
        list[Path] | None,
        typer.Option(
            "--lock",
            help="Lockfile (default: PATH/llmdeps.lock); repeated: an org report.",
            dir_okay=False,
            metavar="PATH",
        ),
    ] = None,
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
    openai_host: OpenAIHost = None,
    openai_api_key_env: OpenAIKeyEnv = None,
    no_ollama: NoOllama = False,
    no_cache: NoCache = False,
    quiet: Quiet = False,
    verbose: Verbose = 0,
    no_progress: NoProgress = False,
) -> None:
    """Render vendor concentration, risks, exit simulation and alternatives for an audit."""
    setup_logging(verbose)
    sources = [*(paths or ()), *(lock or ())]
    # One repository: PATH (a directory, or its lock file) and at most one --lock for it.
    # Anything more (two PATHs, two --locks, a lock file and a --lock) is an org report: a
    # second --lock no longer silently wins.
    if len(paths or ()) > 1 or len(lock or ()) > 1 or (paths and lock and paths[0].is_file()):
        _org(sources, format, output, without, scan, date, quiet)
        return
    path = paths[0] if paths else Path(".")
    one_lock = lock[0] if lock else None
    if path.is_file() and one_lock is None:
        path, one_lock = path.parent, path
    path = repo_root(path, quiet)
    product = REPORT_FORMATS.get(format)
    if product is None:
        # not a typer choice: this message (and exit 2) is what scripts have seen so far
        raise UsageError(f"--format {format!r}: choose one of {', '.join(REPORT_FORMATS)}")
    err = make_stderr()
    options = pipeline.ReportOptions(
        root=path,
        lock=one_lock,
        scan=scan,
        without=without,
        date=date,
        config_path=config,
        installs=pipeline.install_options(
            ollama_host,
            ollama_models,
            no_ollama,
            False,
            hf_cache,
            lmstudio_models,
            openai_hosts=openai_host,
            openai_api_key_env=openai_api_key_env,
        ),
        cache=not no_cache,
        packages=package_options(advisories, python_env),
    )
    with ScanProgress(err, "scanning", enabled=not (quiet or no_progress)) as progress:
        report = pipeline.report(options, progress, notifier(err, quiet))
    write_product(product.render(report), output or "-")


def _org(
    sources: list[Path],
    format: str,
    output: str | None,
    without: str | None,
    scan: bool,
    date: str | None,
    quiet: bool,
) -> None:
    """The organisation's report over these locks (or directories holding one)."""
    if scan:
        raise UsageError("--scan reports on one repository; give one PATH, or scan each first")
    product = ORG_FORMATS.get(format)
    if product is None:
        raise UsageError(f"--format {format!r}: choose one of {', '.join(ORG_FORMATS)}")
    err = make_stderr()
    options = pipeline.OrgReportOptions(sources=tuple(sources), without=without, date=date)
    report = pipeline.org_report(options, notifier(err, quiet))
    write_product(product.render(report), output or "-")
