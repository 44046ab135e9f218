"""What scan, check and report --scan share: config, pipeline, lock building, Ollama notices."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from llmdeps.catalog import Catalog
from llmdeps.config import Config, load_config
from llmdeps.console import Console, ScanProgress, Verbosity
from llmdeps.inventory import build_lock
from llmdeps.lockfile.model import Lock
from llmdeps.pipeline import ScanOptions, ScanOutput, scan
from llmdeps.sources.base import InstallOptions


@dataclass(frozen=True, slots=True)
class ScanRun:
    """A finished scan and the lock built from it."""

    output: ScanOutput
    lock: Lock
    config: Config


def install_options(
    hosts: list[str] | None, stores: list[Path] | None, no_ollama: bool, require: bool
) -> InstallOptions:
    """Turn the install flags into pipeline options: each flag names one source's locations."""
    return InstallOptions(
        enabled=not no_ollama,
        require=require,
        locations={
            "ollama-server": tuple(hosts or ()),
            "ollama-store": tuple(str(store) for store in stores or ()),
        },
        environ=dict(os.environ),
    )


def run_scan(
    root: Path,
    *,
    config_path: Path | None,
    installs: InstallOptions,
    err: Console,
    verbosity: Verbosity,
    max_file_bytes: int | None = None,
    jobs: int | None = None,
    prior: Lock | None = None,
) -> ScanRun:
    """Load config, scan with a progress bar when useful, build the lock, report notices."""
    config = load_config(root, config_path)
    if max_file_bytes is not None:
        config = Config(
            workflows=config.workflows,
            policy=config.policy,
            criticality_weights=config.criticality_weights,
            max_file_bytes=max_file_bytes,
            exclude=config.exclude,
            source=config.source,
        )
    with ScanProgress(err, "scanning", enabled=not verbosity.quiet) as progress:
        out = scan(ScanOptions(root=root, config=config, installs=installs, jobs=jobs), progress)
    lock = build_lock(out.result, Catalog.load(), config, prior)
    if not verbosity.quiet and installs.enabled:
        if not out.result.install_sources:
            tried = ", ".join(out.unreachable_hosts) or "the default address"
            err.print(f"llmdeps: no Ollama server at {tried}, code scan only", markup=False)
        elif out.unreachable_hosts:
            err.print(
                f"llmdeps: no Ollama server at {', '.join(out.unreachable_hosts)}", markup=False
            )
    return ScanRun(out, lock, config)
