"""The content cache: what the detectors found in a file, keyed by what decides it.

A file's entry is keyed by its content, its path (detections name it), the detectors that read it,
and a salt made of the llmdeps version, a fingerprint of llmdeps' own code and the catalog's
content: an upgrade, a detector edited in place or a catalog change is a miss, never a stale hit.
Only files some detector decoded are cached; a file the prefilter turns away costs one RE2 pass,
no more than hashing it.

What is stored is a `FileOutcome` after the secret guard (`read._without_secrets`): model ids,
stable contexts, lines and columns, cleaned base URLs and warnings, nothing the lock does not
already hold apart from positions. Entries are JSON (never pickle: a cache restored from an
untrusted CI artefact cannot run code), written to a temporary file and renamed into place (two
runs at once never see half an entry), and carry a digest of their body: a truncated, flipped or
foreign entry is a miss. The directory is bounded: when it grows past its limit the entries used
longest ago (by mtime, refreshed on a hit at most daily) are removed.

Where: `LLMDEPS_CACHE_DIR`, else the user cache directory (`platformdirs`); `--no-cache` skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from llmdeps import __version__
from llmdeps.cachedir import default_dir
from llmdeps.model import (
    Fallback,
    FallbackStyle,
    Location,
    Reference,
    RefKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem
from llmdeps.sources.read import FileOutcome

MAX_BYTES_ENV = "LLMDEPS_CACHE_MAX_BYTES"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
FORMAT = "1"
"""Bumped when the entry layout changes (it is part of the salt)."""
MAX_ENTRY_BYTES = 16 * 1024 * 1024
TRIM_EVERY_SECONDS = 600
TOUCH_AFTER_SECONDS = 24 * 3600

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Reference,
        Fallback,
        ScanWarning,
        Location,
        RefKind,
        Runtime,
        FallbackStyle,
        DeclaredPackage,
        Ecosystem,
    )
}
"""The only types an entry may name: decoding builds nothing else."""


def max_bytes() -> int:
    """The size bound: `LLMDEPS_CACHE_MAX_BYTES` when it is a whole number, else 256 MiB."""
    text = os.environ.get(MAX_BYTES_ENV, "")
    return int(text) if text.isdigit() else DEFAULT_MAX_BYTES


def _package_files() -> Iterable[Path]:
    base = Path(__file__).resolve().parent
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml")):
                yield Path(folder) / name


@cache
def salt() -> str:
    """Version, cache format, llmdeps' code (path, size, mtime of each module: cheap, and an
    edited detector is a miss) and the catalog's content (its files hashed)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"llmdeps {__version__} cache {FORMAT}\0".encode())
    base = Path(__file__).resolve().parent
    for path in _package_files():
        rel = path.relative_to(base).as_posix()
        try:
            if rel.startswith("catalog/") and rel.endswith(".yaml"):
                h.update(f"{rel}\0".encode() + path.read_bytes() + b"\0")
            else:
                info = path.stat()
                h.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        except OSError:
            h.update(f"{rel}\0?\0".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class CacheSpec:
    """What a worker needs to open the cache (cheap to send)."""

    directory: str
    salt: str


def spec(directory: Path | None = None) -> CacheSpec:
    """The cache of this run: `directory` or the default one, with this build's salt."""
    return CacheSpec(str(directory or default_dir()), salt())


def inside(root: Path, where: CacheSpec | None) -> str | None:
    """The cache directory relative to `root` with a final slash, when it lies inside it."""
    if where is None:
        return None
    try:
        rel = Path(where.directory).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return None
    return "" if rel == "." else rel + "/"


TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# llmdeps' content cache: safe to delete.\n"
"""CACHEDIR.TAG (bford.info/cachedir): backup and archive tools leave the directory out."""


class ContentCache:
    """Entries under `<dir>/v<FORMAT>/<2 hex>/<key>.json`."""

    def __init__(self, where: CacheSpec) -> None:
        self._salt = where.salt.encode()
        self._root = Path(where.directory) / f"v{FORMAT}"

    def key(self, path: str, detectors: tuple[str, ...], data: bytes) -> str:
        """The entry's name: salt, path, detectors and content, hashed together."""
        h = hashlib.blake2b(digest_size=20)
        h.update(self._salt + b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
        h.update(",".join(detectors).encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self._root / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileOutcome | None:
        """The stored outcome, or None for a missing, unreadable or damaged entry."""
        file = self._file(key)
        try:
            with open(file, "rb") as handle:
                info = os.fstat(handle.fileno())
                if info.st_size > MAX_ENTRY_BYTES:
                    return None
                raw = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        outcome = _decode(raw, key)
        if outcome is not None and time.time() - info.st_mtime > TOUCH_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(file)
        return outcome

    def put(self, key: str, outcome: FileOutcome) -> None:
        """Store an outcome atomically; any failure (full disk, read-only home) is silent."""
        body = _encode(outcome, key)
        if body is None:
            return
        file = self._file(key)
        try:
            if not file.parent.is_dir():
                file.parent.mkdir(parents=True, exist_ok=True)
                tag = self._root.parent / "CACHEDIR.TAG"
                if not tag.exists():
                    tag.write_bytes(TAG)
            fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=".json")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
            os.replace(tmp, file)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return {"_e": type(value).__name__, "v": value.value}
    if is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ not in _CLASSES:
            raise TypeError(type(value).__name__)
        out: dict[str, Any] = {"_": type(value).__name__}
        for f in fields(value):
            out[f.name] = _plain(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return {"_t": [_plain(v) for v in value]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


def _built(value: Any) -> Any:
    if isinstance(value, dict):
        if "_t" in value:
            return tuple(_built(v) for v in value["_t"])
        if "_e" in value:
            enum = _CLASSES[value["_e"]]
            return enum(value["v"])
        cls = _CLASSES[value["_"]]
        return cls(**{k: _built(v) for k, v in value.items() if k != "_"})
    if isinstance(value, list):
        raise TypeError("bare list")
    return value


def _encode(outcome: FileOutcome, key: str) -> bytes | None:
    try:
        detections = [_plain(d) for d in outcome.detections]
    except TypeError:
        return None  # a type the cache does not know: scan it again next time
    body = json.dumps(
        {
            "key": key,
            "path": outcome.path,
            "scanned": outcome.scanned,
            "binary": outcome.binary,
            "detections": detections,
        },
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode()
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body


def _decode(raw: bytes, key: str) -> FileOutcome | None:
    digest, _, body = raw.partition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != digest:
        return None
    try:
        entry = json.loads(body)
        if entry["key"] != key:
            return None
        detections = tuple(_built(d) for d in entry["detections"])
        if not all(
            isinstance(d, Reference | Fallback | ScanWarning | DeclaredPackage) for d in detections
        ):
            return None
        path, scanned, binary = entry["path"], entry["scanned"], entry["binary"]
        if not (isinstance(path, str) and isinstance(scanned, bool) and isinstance(binary, bool)):
            return None
        return FileOutcome(path, detections, scanned=scanned, binary=binary)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def trim(directory: Path, limit: int, *, now: float | None = None, force: bool = False) -> int:
    """Remove the least recently used entries until the cache is under 80% of `limit` (when it
    is over it); at most every ten minutes unless `force`. Returns how many were removed."""
    root = directory / f"v{FORMAT}"
    stamp = root / ".trimmed"
    now = time.time() if now is None else now
    try:
        if not force and now - stamp.stat().st_mtime < TRIM_EVERY_SECONDS:
            return 0
    except OSError:
        if not root.is_dir():
            return 0
    entries: list[tuple[float, int, str]] = []
    total = 0
    try:
        shards = list(os.scandir(root))
    except OSError:
        return 0
    for shard in shards:
        if not shard.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError), os.scandir(shard.path) as it:
            for entry in it:
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    stale_tmp = entry.name.startswith(".tmp-") and now - info.st_mtime > 3600
                    if stale_tmp:
                        os.unlink(entry.path)
                        continue
                    used = max(info.st_size, getattr(info, "st_blocks", 0) * 512)
                    entries.append((info.st_mtime, used, entry.path))
                    total += used
    removed = 0
    if total > limit:
        entries.sort()
        goal = int(limit * 0.8)
        for _, size, path in entries:
            if total <= goal:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size
                removed += 1
    with contextlib.suppress(OSError):
        stamp.touch()
        os.utime(stamp, (now, now))
    return removed
