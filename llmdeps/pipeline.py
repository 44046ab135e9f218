"""scan(options) -> ScanResult: walk, prefilter, detect (on both cores), read installed models."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from llmdeps.config import Config
from llmdeps.errors import UsageError
from llmdeps.model import Fallback, InstallLocation, Reference, ScanResult, ScanWarning
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs import collect_installs
from llmdeps.sources.read import FileOutcome, scan_path
from llmdeps.sources.registry import DETECTOR_BY_NAME, INSTALL_SOURCES, detectors_for
from llmdeps.sources.walk import Skipped, walk

# Below this much work a process pool costs more than it saves (measured in benchmarks/).
PARALLEL_MIN_FILES = 200
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
CHUNK_FILES = 64


class Progress(Protocol):
    """What the pipeline tells a progress display; the CLI decides whether to show one."""

    def start(self, total: int) -> None:
        """Work of `total` files is about to start."""
        ...

    def advance(self, done: int) -> None:
        """`done` more files were scanned."""
        ...


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything `scan` needs."""

    root: Path
    config: Config
    installs: InstallOptions = field(default_factory=InstallOptions)
    jobs: int | None = None
    """Worker processes; default: every core."""
    debug: bool = False


@dataclass(frozen=True, slots=True)
class ScanOutput:
    """The scan result plus what was left out (for -v)."""

    result: ScanResult
    skipped: tuple[Skipped, ...]
    unreachable_hosts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Job:
    """A walked file and the detectors chosen for it once, by name (cheap to send to a worker)."""

    path: str
    abspath: str
    size: int
    detectors: tuple[str, ...]


def _scan_chunk(chunk: Sequence[_Job], debug: bool) -> list[FileOutcome]:
    return [
        scan_path(
            job.path,
            job.abspath,
            tuple(DETECTOR_BY_NAME[name] for name in job.detectors),
            debug=debug,
        )
        for job in chunk
    ]


def _chunks(files: Sequence[_Job]) -> Iterator[list[_Job]]:
    chunk: list[_Job] = []
    size = 0
    for f in files:
        chunk.append(f)
        size += f.size
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _run_detectors(
    files: Sequence[_Job], jobs: int, debug: bool, progress: Progress | None
) -> Iterator[FileOutcome]:
    total_bytes = sum(f.size for f in files)
    if progress:
        progress.start(len(files))
    if jobs <= 1 or (len(files) < PARALLEL_MIN_FILES and total_bytes < PARALLEL_MIN_BYTES):
        for chunk in _chunks(files):
            yield from _scan_chunk(chunk, debug)
            if progress:
                progress.advance(len(chunk))
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_scan_chunk, chunk, debug) for chunk in _chunks(files)]
        for future in futures:
            outcomes = future.result()
            yield from outcomes
            if progress:
                progress.advance(len(outcomes))


def _wanted(root: Path, config: Config, skipped: list[Skipped]) -> list[_Job]:
    files = []
    for f in walk(
        str(root), max_file_bytes=config.max_file_bytes, exclude=config.exclude, skipped=skipped
    ):
        chosen = detectors_for(f.path, f.path.rsplit("/", 1)[-1])
        if chosen:
            files.append(_Job(f.path, f.abspath, f.size, tuple(d.name for d in chosen)))
    return files


def _collect_installs(options: InstallOptions) -> InstallScan:
    return collect_installs(options, INSTALL_SOURCES)


def scan(options: ScanOptions, progress: Progress | None = None) -> ScanOutput:
    """Find every model reference under root, and the installed models when enabled."""
    root = options.root
    if not root.exists():
        raise UsageError(f"{root}: no such directory")
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    skipped: list[Skipped] = []
    files = _wanted(root, options.config, skipped)
    jobs = options.jobs or os.cpu_count() or 1
    references: list[Reference] = []
    fallbacks: list[Fallback] = []
    warnings: list[ScanWarning] = []
    scanned = 0
    for outcome in _run_detectors(files, jobs, options.debug, progress):
        if outcome.binary:
            skipped.append(Skipped(outcome.path, "binary"))
        scanned += outcome.scanned
        for item in outcome.detections:
            match item:
                case Reference():
                    references.append(item)
                case Fallback():
                    fallbacks.append(item)
                case ScanWarning():
                    warnings.append(item)
    installs = _collect_installs(options.installs)
    warnings.extend(installs.warnings)
    result = ScanResult(
        root=str(root),
        references=tuple(sorted(references, key=_ref_key)),
        fallbacks=tuple(
            sorted(
                fallbacks,
                key=lambda f: (f.location.path, f.location.line, f.location.column, f.primary),
            )
        ),
        installs=tuple(sorted(installs.installs, key=lambda i: (i.location.lock_text(), i.name))),
        warnings=tuple(sorted(set(warnings), key=lambda w: (w.path, w.reason))),
        files_scanned=scanned,
        bytes_scanned=sum(f.size for f in files),
        install_sources=tuple(sorted(set(installs.read), key=InstallLocation.lock_text)),
    )
    unreachable = tuple(u.where for u in installs.unreachable)
    return ScanOutput(result, tuple(sorted(skipped, key=lambda s: s.path)), unreachable)


def _ref_key(r: Reference) -> tuple[str, int, int, str, str]:
    return (r.location.path, r.location.line, r.location.column, r.model, r.kind.value)


ProgressFactory = Callable[[], Progress]
