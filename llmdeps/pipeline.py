"""The use cases, and the only place the stages meet: sources -> inventory -> analysis -> lock ->
rules or report. `scan`, `check` and `report` return values; the CLI renders and prints them.

Progress and notices (`no Ollama server at ...`) are told to the caller while a use case runs,
through the `Progress` and `Notify` it passes in: a later stage may still fail with an error, and
what was noticed before it must not be lost with it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from llmdeps import cache as content_cache
from llmdeps import identify
from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.workflows import build_workflows
from llmdeps.catalog import Catalog
from llmdeps.config import Config, load_config
from llmdeps.errors import LockfileError, UsageError
from llmdeps.inventory import Inventory, build_inventory
from llmdeps.lockfile import Analysis, load, lock_from, read, read_text
from llmdeps.lockfile.codec import NewerLockError
from llmdeps.lockfile.model import Lock
from llmdeps.model import (
    Fallback,
    Finding,
    InstallLocation,
    ModelIdentity,
    Reference,
    Runtime,
    ScanResult,
    ScanWarning,
    Severity,
)
from llmdeps.printable import escape_controls
from llmdeps.sources.base import InstallOptions
from llmdeps.sources.installs import collect_installs
from llmdeps.sources.read import FileOutcome, scan_path
from llmdeps.sources.registry import DETECTOR_BY_NAME, INSTALL_SOURCES, detectors_for
from llmdeps.sources.walk import Skipped, walk
from llmdeps.workers import default_jobs

if TYPE_CHECKING:
    from llmdeps.analysis.report import Report

# `check`'s rules and `report`'s analysis are imported by those use cases: a scan loads neither.

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
class Notice:
    """Something the user should know that is not the product: told on stderr by the CLI."""

    text: str
    warning: bool = False
    """Told even with -q (a lock file that cannot be used); other notices are not."""


Notify = Callable[[Notice], None]


def _ignore(notice: Notice) -> None:
    """Where notices go when the caller does not listen."""


def install_options(
    hosts: list[str] | None,
    stores: list[Path] | None,
    no_ollama: bool,
    require: bool,
    hf_caches: list[Path] | None = None,
    lmstudio_folders: list[Path] | None = None,
) -> InstallOptions:
    """Turn the install flags into pipeline options: each flag names one source's locations."""
    if no_ollama and (hosts or stores):
        given = "--ollama-host" if hosts else "--ollama-models"
        raise UsageError(f"{given} and --no-ollama contradict each other; drop one")
    return InstallOptions(
        enabled=not no_ollama,
        require=require,
        locations={
            "ollama-server": tuple(hosts or ()),
            "ollama-store": tuple(str(store) for store in stores or ()),
            "hf-cache": tuple(str(cache) for cache in hf_caches or ()),
            "lmstudio-models": tuple(str(folder) for folder in lmstudio_folders or ()),
        },
        environ=dict(os.environ),
    )


ollama_options = install_options
"""The name this had while Ollama was the only install source."""


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything a scan needs."""

    root: Path
    config: Config | None = None
    """The config to use; None: read `config_path`, else `.llmdeps.yaml` or pyproject.toml."""
    config_path: Path | None = None
    installs: InstallOptions = field(default_factory=InstallOptions)
    jobs: int | None = None
    """Worker processes; default: every core."""
    max_file_bytes: int | None = None
    """Overrides the config's limit (--max-file-size)."""
    prior: Lock | None = None
    """A lock whose installs stand when this run reads none (check passes the locked one)."""
    replaces: Path | None = None
    """The lock file this scan will replace: read as the prior when it exists; a broken one is a
    warning and a new lock is written."""
    cache: bool = True
    """Reuse what the detectors found in files whose content has not changed (`--no-cache`)."""
    cache_dir: Path | None = None
    """Where the content cache lives; default `LLMDEPS_CACHE_DIR` or the user cache directory."""


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """What a person reads after a scan: the lock, and what the scan read and left out."""

    lock: Lock
    files_scanned: int
    installs_read: bool
    """Installs were read in this run (else the lock's are the prior lock's, or none)."""
    warnings: tuple[ScanWarning, ...]
    skipped: tuple[tuple[str, str], ...]
    """(path, why) for each file left out: excluded, too large, binary."""


@dataclass(frozen=True, slots=True)
class ScanRun:
    """A finished scan: the inventory, the lock built from it, and what was left out."""

    inventory: Inventory
    lock: Lock
    config: Config
    skipped: tuple[Skipped, ...]
    unreachable_hosts: tuple[str, ...]

    @property
    def result(self) -> ScanResult:
        """What the sources found."""
        return self.inventory.scan

    @property
    def summary(self) -> ScanSummary:
        """The figures the scan summary shows."""
        return ScanSummary(
            lock=self.lock,
            files_scanned=self.result.files_scanned,
            installs_read=bool(self.result.install_sources),
            warnings=self.result.warnings,
            skipped=tuple((s.path, s.reason) for s in self.skipped),
        )


@dataclass(frozen=True, slots=True)
class _Sources:
    """The scan result plus what was left out (for -v) and which hosts did not answer."""

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


def _scan_chunk(
    chunk: Sequence[_Job], cache: content_cache.CacheSpec | None = None
) -> list[FileOutcome]:
    store = content_cache.ContentCache(cache) if cache is not None else None
    return [
        scan_path(
            job.path,
            job.abspath,
            tuple(DETECTOR_BY_NAME[name] for name in job.detectors),
            cache=store,
        )
        for job in chunk
    ]


def _chunks(files: Iterable[_Job]) -> Iterator[list[_Job]]:
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
    listing: Iterable[_Job],
    jobs: int,
    progress: Progress | None,
    cache: content_cache.CacheSpec | None = None,
    files: list[_Job] | None = None,
) -> Iterator[FileOutcome]:
    """Scan the listed files; the listing is consumed as it comes (every file also lands in
    `files`), and once it holds enough work for a pool, chunks go to the workers while the
    listing goes on."""
    files = [] if files is None else files
    chunks: list[list[_Job]] = []
    pool: ProcessPoolExecutor | None = None
    futures = []
    total_bytes = 0
    try:
        for chunk in _chunks(listing):
            files.extend(chunk)
            total_bytes += sum(f.size for f in chunk)
            if pool is None and jobs > 1 and (
                len(files) >= PARALLEL_MIN_FILES or total_bytes >= PARALLEL_MIN_BYTES
            ):
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
                futures = [pool.submit(_scan_chunk, c, cache) for c in chunks]
                chunks = []
            if pool is None:
                chunks.append(chunk)
            else:
                futures.append(pool.submit(_scan_chunk, chunk, cache))
    except BaseException as exc:
        if pool is not None:
            _stop(pool, exc)
        raise
    if progress:
        progress.start(len(files))
    if pool is None:
        for chunk in chunks:
            yield from _scan_chunk(chunk, cache)
            if progress:
                progress.advance(len(chunk))
        return
    try:
        for future in futures:
            outcomes = future.result()
            yield from outcomes
            if progress:
                progress.advance(len(outcomes))
    except BaseException as exc:
        _stop(pool, exc)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor, exc: BaseException | None) -> None:
    """Ctrl-C (or any failure): stop at once, drop queued work, end the workers quietly."""
    if isinstance(exc, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut cleanup
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=1.0)
    pool.shutdown(wait=False, cancel_futures=True)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle; a worker never prints a traceback for it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _wanted(
    root: Path, config: Config, skipped: list[Skipped], cache: content_cache.CacheSpec | None = None
) -> Iterator[_Job]:
    own = content_cache.inside(root, cache)  # a cache kept in the tree is never scanned
    for f in walk(
        str(root), max_file_bytes=config.max_file_bytes, exclude=config.exclude, skipped=skipped
    ):
        if own is not None and (f.path + "/").startswith(own):
            continue
        chosen = detectors_for(f.path, f.path.rsplit("/", 1)[-1])
        if chosen:
            yield _Job(f.path, f.abspath, f.size, tuple(d.name for d in chosen))


def _scan_sources(
    root: Path,
    config: Config,
    options: InstallOptions,
    jobs: int | None,
    progress: Progress | None,
    cache: content_cache.CacheSpec | None = None,
) -> _Sources:
    """Walk, prefilter, detect (on every core), and read the installs when enabled."""
    if not root.exists():
        raise UsageError(f"{root}: no such directory")
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    skipped: list[Skipped] = []
    files: list[_Job] = []
    jobs = jobs or default_jobs()
    references: list[Reference] = []
    fallbacks: list[Fallback] = []
    warnings: list[ScanWarning] = []
    scanned = 0
    listing = _wanted(root, config, skipped, cache)
    for outcome in _run_detectors(listing, jobs, progress, cache, files):
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
    installs = collect_installs(replace(options, root=root), INSTALL_SOURCES)
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
    return _Sources(result, tuple(sorted(skipped, key=lambda s: s.path)), unreachable)


def _ref_key(r: Reference) -> tuple[str, int, int, str, str]:
    return (r.location.path, r.location.line, r.location.column, r.model, r.kind.value)


def _previous_lock(path: Path, notify: Notify) -> Lock | None:
    if not path.is_file():
        return None
    try:
        return read(path)
    except NewerLockError:
        raise  # never downgrade a newer lock: the user upgrades llmdeps instead
    except LockfileError as exc:
        notify(Notice(f"llmdeps: warning: {exc}; writing a new one", warning=True))
        return None


def _install_notices(options: InstallOptions, sources: _Sources) -> Iterator[Notice]:
    if not options.enabled:
        return
    unreachable = sources.unreachable_hosts
    if not sources.result.install_sources:
        tried = ", ".join(unreachable) or "the default address"
        yield Notice(f"llmdeps: no Ollama server at {tried}, code scan only")
    elif unreachable:
        yield Notice(f"llmdeps: no Ollama server at {', '.join(unreachable)}")


def _analyse(inventory: Inventory, config: Config) -> Analysis:
    models = inventory.model_map()
    workflows = build_workflows(inventory.references, inventory.fallbacks, models, config)
    return Analysis(workflows, compute_concentration(workflows, inventory.references, models))


def scan(
    options: ScanOptions, progress: Progress | None = None, notify: Notify = _ignore
) -> ScanRun:
    """Find every model reference under root (and the installs), and build the lock."""
    prior = options.prior
    if options.replaces is not None:
        prior = _previous_lock(options.replaces, notify)
        committed = options.root / "llmdeps.lock"
        if prior is None and options.replaces.resolve() != committed.resolve():
            # `-o other.lock` keeps the installs the committed lock records, as the default does
            prior = _previous_lock(committed, notify)
    config = options.config
    if config is None:
        config = load_config(options.root, options.config_path)
    if options.max_file_bytes is not None:
        config = replace(config, max_file_bytes=options.max_file_bytes)
    cache = content_cache.spec(options.cache_dir) if options.cache else None
    sources = _scan_sources(options.root, config, options.installs, options.jobs, progress, cache)
    if cache is not None:
        content_cache.trim(Path(cache.directory), content_cache.max_bytes())
    for notice in _install_notices(options.installs, sources):
        notify(notice)
    inventory = build_inventory(sources.result, Catalog.load(), config, prior)
    lock = lock_from(inventory, _analyse(inventory, config))
    return ScanRun(inventory, lock, config, sources.skipped, sources.unreachable_hosts)


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything a check needs."""

    root: Path
    lock: Path | None = None
    """The lock file; default root/llmdeps.lock."""
    config_path: Path | None = None
    installs: InstallOptions = field(default_factory=InstallOptions)
    locate: bool = False
    """Give findings the line and column the scan and the lock file know (SARIF, GitHub)."""
    cache: bool = True
    """Use the content cache for the re-scan (`--no-cache`)."""


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The findings of a check, in report order."""

    findings: tuple[Finding, ...]
    lock_path: str
    """The lock file relative to the root: where a finding that names no file points."""

    def fails(self, floor: Severity) -> bool:
        """Whether a finding is at `floor` or worse (`--fail-on`)."""
        return any(f.severity.at_least(floor) for f in self.findings)


def _relative(lock_file: Path, root: Path) -> str:
    try:
        return lock_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(lock_file.resolve(), root.resolve())).as_posix()


def check(
    options: CheckOptions, progress: Progress | None = None, notify: Notify = _ignore
) -> CheckOutcome:
    """Scan again without writing; judge the lock on disk, the installs and the policy."""
    lock_file = options.lock or options.root / "llmdeps.lock"
    lock_text = read_text(lock_file)
    locked = load(lock_text, path=str(lock_file))
    run = scan(
        ScanOptions(
            root=options.root,
            config_path=options.config_path,
            installs=options.installs,
            prior=locked,
            cache=options.cache,
        ),
        progress,
        notify,
    )
    result = run.result
    from llmdeps import rules
    from llmdeps.rules.locate import locate

    ctx = rules.CheckContext(locked, run.lock, result.installs, result.install_sources, run.config)
    findings = rules.check(ctx)
    if options.locate:
        findings = locate(findings, result.references, run.lock, lock_text)
    return CheckOutcome(tuple(findings), _relative(lock_file, options.root))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Everything a report needs."""

    root: Path
    lock: Path | None = None
    """The lock file to report on; default root/llmdeps.lock."""
    scan: bool = False
    """Scan first and report on that lock instead of reading one."""
    without: str | None = None
    """The vendor whose exit is simulated; default the top vendor."""
    date: str | None = None
    config_path: Path | None = None
    installs: InstallOptions = field(default_factory=InstallOptions)
    cache: bool = True
    """Use the content cache for `--scan` (`--no-cache`)."""


def _disagreements(locked: Lock, lock_file: Path) -> Iterator[Notice]:
    """One warning when the lock contradicts itself: the report shows recomputed figures."""
    from llmdeps import rules

    found = rules.integrity.verify(locked)
    if not found:
        return
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    yield Notice(
        f"llmdeps: warning: {escape_controls(str(lock_file))}: {found[0].message}{more}; "
        f"the report shows the figures its facts give; {rules.integrity.FIX}",
        warning=True,
    )


def report(
    options: ReportOptions, progress: Progress | None = None, notify: Notify = _ignore
) -> Report:
    """The audit report of the lock on disk (or of a fresh scan)."""
    from llmdeps.analysis.derived import rederive
    from llmdeps.analysis.report import build_report

    if options.scan:
        scan_options = ScanOptions(
            root=options.root,
            config_path=options.config_path,
            installs=options.installs,
            cache=options.cache,
        )
        locked = scan(scan_options, progress, notify).lock
    else:
        lock_file = options.lock or options.root / "llmdeps.lock"
        locked = read(lock_file)
        for notice in _disagreements(locked, lock_file):
            notify(notice)
        locked = rederive(locked)
    return build_report(locked, Catalog.load(), without=options.without, date=options.date)


def explain(models: Sequence[str], runtime: Runtime) -> tuple[tuple[str, ModelIdentity], ...]:
    """What the catalog knows about each id as written, with a runtime hint for bare tags."""
    return identify.explain(models, runtime)
