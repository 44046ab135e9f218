"""The scan's worker processes: how many (`-j` default), the chunks of files they get, and a pool
that stops at once on Ctrl-C. The pipeline hands over the listing; outcomes come back in order."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from llmdeps import cache as content_cache
from llmdeps.sources.read import FileOutcome, scan_path


def usable_cpus(cgroup_root: str = "/sys/fs/cgroup") -> int:
    """The CPUs this process may run on (affinity), at most its cgroup's CPU quota (a container
    given 2 CPUs on a 64-core host sees 64 in its affinity), at least 1."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    count = counter() if counter is not None else None
    if not count:
        try:
            count = len(os.sched_getaffinity(0)) or 1
        except (AttributeError, OSError):
            count = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroup_root)
    return max(1, min(int(count), quota)) if quota is not None else int(count)


def cgroup_cpu_quota(root: str = "/sys/fs/cgroup") -> int | None:
    """CPUs the cgroup's quota allows, rounded up (v2 `cpu.max`, v1 `cpu.cfs_quota_us` over
    `cpu.cfs_period_us`); None when there is no quota or it cannot be read."""
    for quota_file, period_file in (
        ("cpu.max", None),
        ("cpu/cpu.cfs_quota_us", "cpu/cpu.cfs_period_us"),
    ):
        try:
            with open(os.path.join(root, quota_file), encoding="ascii") as handle:
                fields = handle.read(200).split()
            if period_file is not None:
                with open(os.path.join(root, period_file), encoding="ascii") as handle:
                    fields += handle.read(200).split()
            quota, period = int(fields[0]), int(fields[1])
        except (OSError, ValueError, IndexError, UnicodeError):
            continue  # `max` (v2 without a quota) is a ValueError too
        if quota > 0 and period > 0:
            return -(-quota // period)
        return None  # v1 writes -1 for no quota
    return None


def default_jobs(cpus: int | None = None, load: float | None = None) -> int:
    """One worker per CPU this process may use that the machine's load leaves idle, at least one:
    on a busy machine more workers only queue behind the others (and slow them down)."""
    cpus = usable_cpus() if cpus is None else cpus
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):
            load = 0.0
    idle = int(cpus - load + 0.5)
    return max(1, min(cpus, idle))


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
class Job:
    """A walked file and the detectors chosen for it once, by name (cheap to send to a worker)."""

    path: str
    abspath: str
    size: int
    detectors: tuple[str, ...]


def _scan_chunk(
    chunk: Sequence[Job], cache: content_cache.CacheSpec | None = None
) -> list[FileOutcome]:
    from llmdeps.sources.registry import DETECTOR_BY_NAME  # the detectors, in the worker

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


def _chunked(files: Iterable[Job]) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    size = 0
    for f in files:
        chunk.append(f)
        size += f.size
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def run_detectors(
    listing: Iterable[Job],
    jobs: int,
    progress: Progress | None,
    cache: content_cache.CacheSpec | None = None,
    files: list[Job] | None = None,
) -> Iterator[FileOutcome]:
    """Scan the listed files; the listing is consumed as it comes (every file also lands in
    `files`), and once it holds enough work for a pool, chunks go to the workers while the
    listing goes on."""
    files = [] if files is None else files
    chunks: list[list[Job]] = []
    pool: ProcessPoolExecutor | None = None
    futures = []
    total_bytes = 0
    try:
        for chunk in _chunked(listing):
            files.extend(chunk)
            total_bytes += sum(f.size for f in chunk)
            if (
                pool is None
                and jobs > 1
                and (len(files) >= PARALLEL_MIN_FILES or total_bytes >= PARALLEL_MIN_BYTES)
            ):
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts)
                futures = [pool.submit(_scan_chunk, c, cache) for c in chunks]
                chunks = []
            if pool is None:
                chunks.append(chunk)
            else:
                futures.append(pool.submit(_scan_chunk, chunk, cache))
    except BaseException as exc:
        if pool is not None:
            stop_pool(pool, exc)
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
        stop_pool(pool, exc)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor, exc: BaseException | None) -> None:
    """Ctrl-C (or any failure): stop at once, drop queued work, end the workers quietly."""
    if isinstance(exc, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut cleanup
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=1.0)
    pool.shutdown(wait=False, cancel_futures=True)


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle; a worker never prints a traceback for it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
