"""The use cases, and the only place the stages meet: sources -> inventory -> analysis -> lock ->
rules or report. `scan`, `check` and `report` return values; the CLI renders and prints them.

Progress and notices (`no Ollama server at ...`) are told to the caller while a use case runs,
through the `Progress` and `Notify` it passes in: a later stage may still fail with an error, and
what was noticed before it must not be lost with it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from llmdeps import cache as content_cache
from llmdeps import gitrev, rules
from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.derived import rederive
from llmdeps.analysis.lockchanges import LockDiff, diff_locks
from llmdeps.analysis.middle import MiddleInputs, middle_layer, read_middle_inputs
from llmdeps.analysis.org import OrgRepoInput, OrgReport, build_org_report, unique_names
from llmdeps.analysis.report import Audited, Report, build_report
from llmdeps.analysis.workflows import build_workflows
from llmdeps.catalog import Catalog
from llmdeps.config import Config, load_config
from llmdeps.errors import LockfileError, UsageError
from llmdeps.identify import explain as explain  # the explain use case, catalog-only
from llmdeps.inventory import Inventory, build_inventory
from llmdeps.lockfile import Analysis, dump, load, lock_from, read, read_text
from llmdeps.lockfile.codec import NewerLockError
from llmdeps.lockfile.model import EMPTY_CONCENTRATION, Lock
from llmdeps.model import (
    Fallback,
    Finding,
    InstallLocation,
    LoadedModel,
    Reference,
    ScanResult,
    ScanWarning,
    Severity,
)
from llmdeps.printable import escape_controls
from llmdeps.rules import suppress
from llmdeps.rules.locate import locate
from llmdeps.sources.base import InstallOptions
from llmdeps.sources.installs import collect_installs
from llmdeps.sources.installs.hosts import host_label
from llmdeps.sources.packages.base import DeclaredPackage
from llmdeps.sources.packages.detector import PackageDetector, included_files, is_manifest
from llmdeps.sources.packages.options import PackageOptions
from llmdeps.sources.walk import Skipped, walk
from llmdeps.workers import (
    Job,
    Progress,
    default_jobs,
    ignore_interrupts,
    run_detectors,
    stop_pool,
)

LOCK_FILE_BYTES = 64 * 1024 * 1024
"""Manifests and lock files are read up to this size whatever `--max-file-size` says."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know that is not the product: told on stderr by the CLI."""

    text: str
    warning: bool = False
    """A warning (a lock file that cannot be used, a suppression that matches nothing) rather than
    information. `-q` prints errors only, so it hides warnings too; the exit code still tells."""


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
    openai_hosts: list[str] | None = None,
    openai_api_key_env: str | None = None,
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
            "openai-server": tuple(openai_hosts or ()),
            "openai-api-key-env": (openai_api_key_env,) if openai_api_key_env else (),
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
    packages: PackageOptions = field(default_factory=PackageOptions)
    """`--advisories` folders and `--python-env` environments."""


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
    unreachable_labels: tuple[str, ...] = ()
    """The label of the source of each unreachable host (`the Ollama server`)."""


def _wanted(
    root: Path, config: Config, skipped: list[Skipped], cache: content_cache.CacheSpec | None = None
) -> Iterator[Job]:
    from llmdeps.sources.registry import detectors_for  # every detector: loaded to scan only

    own = content_cache.inside(root, cache)  # a cache kept in the tree is never scanned
    for f in walk(
        str(root), max_file_bytes=config.max_file_bytes, exclude=config.exclude, skipped=skipped
    ):
        if own is not None and (f.path + "/").startswith(own):
            continue
        chosen = detectors_for(f.path, f.path.rsplit("/", 1)[-1])
        if chosen:
            yield Job(f.path, f.abspath, f.size, tuple(d.name for d in chosen))
    yield from _large_lock_files(root, skipped)


def _large_lock_files(root: Path, skipped: list[Skipped]) -> Iterator[Job]:
    """A lock file over the size limit is still read for its packages (up to LOCK_FILE_BYTES):
    a monorepo's package-lock.json is often larger, and without it every package would look
    unpinned. Only the package detector reads it; the read itself is bounded by safeio."""
    for s in list(skipped):
        name = s.path.rsplit("/", 1)[-1]
        if not s.reason.startswith("larger than") or not is_manifest(name):
            continue
        abspath = root / s.path
        try:
            size = abspath.lstat().st_size
        except OSError:
            continue
        if size <= LOCK_FILE_BYTES:
            skipped.remove(s)
            yield Job(s.path, str(abspath), size, (PackageDetector.name,))


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
    files: list[Job] = []
    jobs = jobs or default_jobs()
    references: list[Reference] = []
    fallbacks: list[Fallback] = []
    warnings: list[ScanWarning] = []
    packages: list[DeclaredPackage] = []
    scanned = 0
    listing = _wanted(root, config, skipped, cache)
    for outcome in run_detectors(listing, jobs, progress, cache, files):
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
                case DeclaredPackage():
                    packages.append(item)
    for item in included_files(root, (f.path for f in files if "packages" in f.detectors)):
        match item:
            case ScanWarning():
                warnings.append(item)
            case DeclaredPackage():
                packages.append(item)
    from llmdeps.sources.registry import INSTALL_SOURCES

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
        packages=tuple(sorted(set(packages), key=lambda p: (p.path, p.key, p.name, p.line))),
        loaded=installs.loaded,
        runtimes_read=installs.runtimes_read,
    )
    unreachable = tuple(u.where for u in installs.unreachable)
    labels = installs.unreachable_labels or tuple("the Ollama server" for _ in unreachable)
    return _Sources(
        result, tuple(sorted(skipped, key=lambda s: s.path)), unreachable, tuple(labels)
    )


def _require_dir(root: Path) -> None:
    if not root.exists():
        raise UsageError(f"{escape_controls(str(root))}: no such directory")
    if not root.is_dir():
        raise UsageError(f"{escape_controls(str(root))}: not a directory")


def _ref_key(r: Reference) -> tuple[str, int, int, str, str]:
    return (r.location.path, r.location.line, r.location.column, r.model, r.kind.value)


def _previous_lock(path: Path, root: Path, notify: Notify) -> Lock | None:
    if not path.is_file():
        return None
    try:
        return read(path, root=root)
    except NewerLockError:
        raise  # never downgrade a newer lock: the user upgrades llmdeps instead
    except LockfileError as exc:
        notify(Notice(f"llmdeps: warning: {exc}; writing a new one", warning=True))
        return None


def _install_notices(options: InstallOptions, sources: _Sources) -> Iterator[Notice]:
    if not options.enabled:
        return
    by_label: dict[str, list[str]] = {}
    labels = sources.unreachable_labels or ("the Ollama server",) * len(sources.unreachable_hosts)
    for host, label in zip(sources.unreachable_hosts, labels, strict=False):
        by_label.setdefault(label.removeprefix("the "), []).append(host)
    ollama = by_label.pop("Ollama server", [])
    if not sources.result.install_sources:
        tried = ", ".join(ollama) or "the default address"
        yield Notice(f"llmdeps: no Ollama server at {tried}, code scan only")
    elif ollama:
        yield Notice(f"llmdeps: no Ollama server at {', '.join(ollama)}")
    for label, hosts in sorted(by_label.items()):
        yield Notice(f"llmdeps: no {label} at {', '.join(hosts)}")
    for loaded in sources.result.loaded:
        until = f" until {loaded.expires_at}" if loaded.expires_at else ""
        yield Notice(
            escape_controls(
                f"llmdeps: {loaded.name} is loaded in memory on {loaded.location.where}{until} "
                f"(digest {loaded.digest[:12]})"
            )
        )


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
        prior = _previous_lock(options.replaces, options.root, notify)
        committed = options.root / "llmdeps.lock"
        if prior is None and options.replaces.resolve() != committed.resolve():
            # `-o other.lock` keeps the installs the committed lock records, as the default does
            prior = _previous_lock(committed, options.root, notify)
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
    if options.replaces is not None and (options.packages != PackageOptions() or lock.packages):
        middle = read_middle_layer(options.packages, notify)
        for hit in middle_layer(lock, middle.advisories, middle.environments).hits:
            notify(
                Notice(
                    f"llmdeps: warning: {escape_controls(hit.package)} in "
                    f"{escape_controls(hit.where)} is compromised ({hit.advisory}); "
                    "`llmdeps check` fails on it",
                    warning=True,
                )
            )
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
    today: date | None = None
    """The day suppressions' `until` is judged on; default the clock's (tests pass one)."""
    packages: PackageOptions = field(default_factory=PackageOptions)
    """`--advisories` folders and `--python-env` environments."""


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The findings of a check, in report order."""

    findings: tuple[Finding, ...]
    lock_path: str
    """The lock file relative to the root: where a finding that names no file points."""
    compared: tuple[str, ...] = ()
    """What drift compared where (`compared 2 locked installs on ollama:11434`): never a bare
    "ok" when installs were read."""

    def fails(self, floor: Severity) -> bool:
        """Whether a finding is at `floor` or worse (`--fail-on`)."""
        return any(f.severity.at_least(floor) and f.suppression is None for f in self.findings)


def _relative(lock_file: Path, root: Path) -> str:
    try:
        return lock_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(lock_file.resolve(), root.resolve())).as_posix()


def check(
    options: CheckOptions, progress: Progress | None = None, notify: Notify = _ignore
) -> CheckOutcome:
    """Scan again without writing; judge the lock on disk, the installs and the policy."""
    _require_dir(options.root)
    lock_file = options.lock or options.root / "llmdeps.lock"
    lock_text = read_text(lock_file, root=options.root)
    locked = load(lock_text, path=str(lock_file), escape=True)
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
    middle = read_middle_layer(options.packages, notify)
    ctx = rules.CheckContext(
        locked,
        run.lock,
        result.installs,
        result.install_sources,
        run.config,
        advisories=middle.advisories,
        environments=middle.environments,
        loaded=result.loaded,
    )
    findings = rules.check(ctx)
    # suppressions apply after every family ran (rules/suppress.py)
    applied = suppress.apply(findings, run.config.ignore, options.today or date.today())
    for entry in applied.unused:
        notify(Notice(escape_controls(suppress.unused_warning(entry)), warning=True))
    findings = list(applied.findings)
    if options.locate:
        findings = locate(findings, result.references, run.lock, lock_text)
        findings = rules.packages.locate(findings, result.packages)
    compared: tuple[str, ...] = ()
    if result.install_sources and locked.install_sources:
        judged = rules.drift.compare(locked, result.installs, result.install_sources, result.loaded)
        compared = judged.compared
        for idle in judged.idle:
            notify(Notice(f"llmdeps: {escape_controls(idle)}"))
    if result.install_sources and not compared:
        # installs were read, but nothing the lock pins is there: say so, never a bare "ok"
        read_here = ", ".join(host_label(r) for r in result.install_sources)
        compared = (f"compared 0 locked installs: the lock pins none on {read_here}",)
    return CheckOutcome(tuple(findings), _relative(lock_file, options.root), compared)


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
    packages: PackageOptions = field(default_factory=PackageOptions)
    """`--advisories` folders and `--python-env` environments."""


def _disagreements(locked: Lock, lock_file: Path, fresh: Lock | None = None) -> Iterator[Notice]:
    """One warning when the lock contradicts itself: the report shows recomputed figures."""
    found = rules.integrity.verify(locked, fresh)
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
    _require_dir(options.root)
    lock_file = options.lock or options.root / "llmdeps.lock"
    loaded: tuple[LoadedModel, ...] = ()
    if options.scan:
        scan_options = ScanOptions(
            root=options.root,
            config_path=options.config_path,
            installs=options.installs,
            cache=options.cache,
        )
        run = scan(scan_options, progress, notify)
        locked, loaded = run.lock, run.result.loaded
        lock_text = dump(locked)
    else:
        lock_text = read_text(lock_file, root=options.root)
        locked = load(lock_text, path=str(lock_file), escape=True)
        fresh = rederive(locked)
        for notice in _disagreements(locked, lock_file, fresh):
            notify(notice)
        locked = fresh
    middle = read_middle_layer(options.packages, notify)
    built = build_report(
        locked,
        Catalog.load(),
        without=options.without,
        date=options.date,
        middle=middle_layer(locked, middle.advisories, middle.environments),
        lock_text=lock_text,
    )
    audited = _audited(options.root, lock_file, lock_text.encode("utf-8"))
    built = replace(built, audited=audited)
    return replace(built, loaded=loaded) if loaded else built


def _audited(root: Path, lock_file: Path, lock_bytes: bytes) -> Audited:
    """What the report is about. The commit is named only when root is the work tree's top: a
    subdirectory (`examples/demo`) is reported the same at every commit of its parent."""
    resolved = root.resolve()
    top = gitrev.toplevel(resolved)
    commit = gitrev.head_commit(resolved) if top is not None and top.resolve() == resolved else None
    return Audited(
        repository=escape_controls(resolved.name or str(root)),
        lock=escape_controls(_relative(lock_file, root)),
        lock_digest="sha256:" + hashlib.sha256(lock_bytes).hexdigest(),
        commit=commit,
    )


def read_middle_layer(options: PackageOptions, notify: Notify = _ignore) -> MiddleInputs:
    """The advisories in force and the Python environments named; their warnings told."""
    inputs = read_middle_inputs(options)
    for warning in inputs.warnings:
        notify(Notice(f"llmdeps: warning: {warning}", warning=True))
    return inputs


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """Everything a diff needs: two locks, each a file or a git revision of the lock."""

    root: Path
    old: str | None = None
    """A lock file, a git revision (`origin/main`: the lock at that revision) or `REV:path`;
    default `HEAD`."""
    new: str | None = None
    """The same; default the lock file in the working tree."""
    lock: Path | None = None
    """The lock file whose revisions are compared; default root/llmdeps.lock."""


def _lock_side(spec: str | None, lock_file: Path, default_rev: str | None) -> tuple[Lock, str]:
    """One side of a diff: the lock it names and the label it is shown by."""
    if spec is None and default_rev is None:
        return read(lock_file), escape_controls(str(lock_file))
    spec = spec if spec is not None else default_rev
    assert spec is not None
    candidate = Path(spec)
    if candidate.is_file():
        return read(candidate), escape_controls(spec)
    if candidate.is_dir() and (candidate / "llmdeps.lock").is_file():
        return read(candidate / "llmdeps.lock"), escape_controls(str(candidate / "llmdeps.lock"))
    top = gitrev.toplevel(lock_file.parent if lock_file.parent.is_dir() else Path("."))
    if top is None:
        raise UsageError(
            f"{escape_controls(spec)}: no such lock file, and {escape_controls(str(lock_file))} "
            "is not in a git repository to read a revision from"
        )
    rev, sep, path = spec.partition(":")
    if not sep:
        try:
            path = lock_file.resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{escape_controls(str(lock_file))}: not inside {top}") from None
    label = f"{rev}:{path}"
    try:
        text = gitrev.show(top, rev, path)
    except gitrev.MissingAtRevision:
        # the lock is new in this change: everything in it is added
        return EMPTY_LOCK, escape_controls(f"{label} (none)")
    return load(text, path=label, escape=True), escape_controls(label)


EMPTY_LOCK = Lock(
    tool_version="",
    models=(),
    workflows=(),
    references=(),
    fallbacks=(),
    concentration=EMPTY_CONCENTRATION,
)
"""What a revision without a lock file holds."""


def diff(options: DiffOptions) -> LockDiff:
    """What changed between two locks (default: the lock at HEAD and the working tree's)."""
    lock_file = options.lock or options.root / "llmdeps.lock"
    old, old_label = _lock_side(options.old, lock_file, "HEAD")
    new, new_label = _lock_side(options.new, lock_file, None)
    return diff_locks(old, new, Catalog.load(), old_label=old_label, new_label=new_label)


# Org report (issue 14, item 3): below this many locks a process pool costs more than it saves.
ORG_PARALLEL_MIN_LOCKS = 64
ORG_CHUNK_LOCKS = 32


@dataclass(frozen=True, slots=True)
class OrgReportOptions:
    """Everything an org report needs: the locks (or directories holding one) to aggregate."""

    sources: tuple[Path, ...]
    without: str | None = None
    date: str | None = None
    jobs: int | None = None
    """Worker processes that read the locks; default every core."""


def org_lock_file(source: Path) -> tuple[Path, Path]:
    """(repository root, lock file) of a lock file or of a directory holding `llmdeps.lock`."""
    if source.is_dir():
        return source, source / "llmdeps.lock"
    if not source.exists():
        raise UsageError(f"{escape_controls(str(source))}: no such file or directory")
    return source.parent, source


@dataclass(frozen=True, slots=True)
class _OrgLoaded:
    root: str
    audited: Audited
    lock: Lock
    disagreements: tuple[Notice, ...]


def _load_org_lock(source: str) -> _OrgLoaded:
    root, lock_file = org_lock_file(Path(source))
    lock_bytes = read_text(lock_file).encode("utf-8")
    locked = load(lock_bytes.decode("utf-8"), path=str(lock_file))
    notices = tuple(_disagreements(locked, lock_file))
    # The commit is named only for a work tree's root, so no git call unless root holds .git.
    if (root / ".git").exists():
        audited = _audited(root, lock_file, lock_bytes)
    else:
        audited = Audited(
            repository=escape_controls(root.resolve().name or str(root)),
            lock=escape_controls(_relative(lock_file, root)),
            lock_digest="sha256:" + hashlib.sha256(lock_bytes).hexdigest(),
        )
    return _OrgLoaded(str(root), audited, rederive(locked), notices)


def _load_org_chunk(sources: list[str]) -> list[_OrgLoaded]:
    return [_load_org_lock(s) for s in sources]


def _load_org_locks(sources: Sequence[str], jobs: int) -> list[_OrgLoaded]:
    if jobs <= 1 or len(sources) < ORG_PARALLEL_MIN_LOCKS:
        return _load_org_chunk(list(sources))
    chunks = [
        list(sources[i : i + ORG_CHUNK_LOCKS]) for i in range(0, len(sources), ORG_CHUNK_LOCKS)
    ]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts)
    try:
        loaded = [x for chunk in pool.map(_load_org_chunk, chunks) for x in chunk]
    except BaseException as exc:
        # As in run_detectors: Ctrl-C or a bad lock stops at once and ends the workers quietly.
        stop_pool(pool, exc)
        raise
    pool.shutdown(wait=True)
    return loaded


def org_report(options: OrgReportOptions, notify: Notify = _ignore) -> OrgReport:
    """The organisation's report over several locks, each verified and its figures recomputed."""
    if not options.sources:
        raise UsageError("report: give at least one lock file or directory")
    for source in options.sources:
        org_lock_file(source)  # a missing path fails before any work starts
    # The same lock named twice (a directory and its lock file) is one repository.
    unique: dict[Path, str] = {}
    for source in options.sources:
        _, lock_file = org_lock_file(source)
        unique.setdefault(lock_file.resolve(), str(source))
    jobs = options.jobs or os.cpu_count() or 1
    loaded = _load_org_locks(list(unique.values()), jobs)
    for item in loaded:
        for notice in item.disagreements:
            notify(notice)
    names = unique_names([item.audited.repository for item in loaded])
    repos = [
        OrgRepoInput(name, replace(item.audited, repository=name), item.lock)
        for name, item in zip(names, loaded, strict=True)
    ]
    return build_org_report(repos, without=options.without, date=options.date)
