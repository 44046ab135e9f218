"""Installed models from an Ollama store on disk, with no server running (REFERENCE 2).

A store is `<models>/manifests/<host>/<namespace>/<model>/<tag>` (exactly four levels, as the
server's glob) plus `<models>/blobs/sha256-<hex>`. Per manifest: its digest is the SHA-256 of the
file bytes (what `/api/tags` reports, REFERENCE 2.7); the config blob gives format, family and
quantization; the licence layers give the licence; the model layer gives the weights digest, the
parent (`from`) and, from the GGUF header only, the `general.*` lineage keys.

The store is untrusted input: names that do not parse (`..`, bad characters) are skipped, symlinks
that leave the store are not followed, manifests, configs and licences are size-capped, and a
weights blob is never read past its metadata header. Each problem is a warning naming the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

from llmdeps.lazyre import lazy_compile
from llmdeps.model import GgufInfo, Install, InstallLocation, LocationKind, Runtime, ScanWarning
from llmdeps.sources.base import InstallScan
from llmdeps.sources.installs.gguf import read_gguf_or_warn
from llmdeps.sources.installs.licenses import license_id_from_text
from llmdeps.sources.installs.ollama.names import from_parts, name_like

MAX_MANIFEST_BYTES = 1024 * 1024
MAX_CONFIG_BYTES = 1024 * 1024
MAX_LICENSE_BYTES = 1024 * 1024
MAX_MANIFESTS = 100_000

MEDIA_PREFIX = "application/vnd.ollama.image."
MODEL_MEDIA = MEDIA_PREFIX + "model"
LICENSE_MEDIA = MEDIA_PREFIX + "license"

_T = TypeVar("_T")
_DIGEST = lazy_compile(r"sha256[:-]([0-9a-f]{64})")


def default_store_dirs(environ: Mapping[str, str]) -> list[Path]:
    """Existing store directories: OLLAMA_MODELS, the user's, the Linux service's, Docker's."""
    candidates: list[Path] = []
    models = environ.get("OLLAMA_MODELS", "").strip().strip("\"'")
    if models:
        candidates.append(Path(models).expanduser())
    home = environ.get("HOME") or environ.get("USERPROFILE")
    home_path = Path(home) if home else None
    if home_path is None:
        try:
            home_path = Path.home()
        except RuntimeError:
            home_path = None
    if home_path is not None:
        candidates.append(home_path / ".ollama" / "models")
    candidates += [Path("/usr/share/ollama/.ollama/models"), Path("/root/.ollama/models")]
    out: list[Path] = []
    seen: set[Path] = set()
    for path in candidates:
        try:
            if not path.is_dir():
                continue
            resolved = path.resolve()
        except OSError:
            continue  # e.g. /root unreadable: not a store this user can read
        if resolved not in seen:
            seen.add(resolved)
            out.append(path)
    return out


@dataclass(slots=True)
class _Store:
    path: Path
    location: InstallLocation
    roots: tuple[Path, ...]
    """Resolved directories a file may resolve into: the store, its manifests/ and blobs/."""
    warnings: list[ScanWarning]
    cache: dict[tuple[str, str], object] = field(default_factory=dict)
    """(kind, digest) -> what a shared blob gave: read once, warned about once."""

    def warn(self, path: Path, reason: str) -> None:
        self.warnings.append(ScanWarning(str(path), reason))

    def inside(self, path: Path) -> bool:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return any(resolved == r or resolved.is_relative_to(r) for r in self.roots)

    def read(self, path: Path, cap: int, what: str) -> bytes | None:
        """A small file of the store, or None (with a warning) if missing, too big or escaping."""
        try:
            if path.is_symlink() and not self.inside(path):
                self.warn(path, f"{what} is a symlink that points outside the store, not followed")
                return None
            if not self.regular(path, what):
                return None
            with path.open("rb") as f:
                data = f.read(cap + 1)
        except FileNotFoundError:
            self.warn(path, f"{what} is missing")
            return None
        except PermissionError:
            self.warn(path, f"{what} is not readable (permission denied)")
            return None
        except OSError as e:
            self.warn(path, f"{what} cannot be read ({e.strerror or type(e).__name__})")
            return None
        if len(data) > cap:
            self.warn(path, f"{what} is larger than {cap} bytes, not read")
            return None
        return data

    def regular(self, path: Path, what: str) -> bool:
        """A FIFO or device would block or never end: only regular files are opened."""
        if stat.S_ISREG(path.stat().st_mode):
            return True
        self.warn(path, f"{what} is not a regular file, not read")
        return False

    def blob(self, digest: str) -> Path:
        return self.path / "blobs" / f"sha256-{digest}"


def _list_dir(store: _Store, path: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except PermissionError:
        store.warn(path, "directory is not readable (permission denied)")
    except OSError as e:
        store.warn(path, f"directory cannot be read ({e.strerror or type(e).__name__})")
    return []


def _is_dir(store: _Store, entry: os.DirEntry[str]) -> bool:
    try:
        if entry.is_symlink() and not store.inside(Path(entry.path)):
            store.warn(Path(entry.path), "symlink points outside the store, not followed")
            return False
        return entry.is_dir()
    except OSError:
        return False


def _manifests(store: _Store) -> Iterator[tuple[Path, tuple[str, str, str, str]]]:
    """Files exactly four levels under manifests/ (the server's `manifests/*/*/*/*` glob)."""
    top = store.path / "manifests"
    count = 0
    for host in _list_dir(store, top):
        if not _is_dir(store, host):
            continue
        for ns in _list_dir(store, Path(host.path)):
            if not _is_dir(store, ns):
                continue
            for model in _list_dir(store, Path(ns.path)):
                if not _is_dir(store, model):
                    continue
                for tag in _list_dir(store, Path(model.path)):
                    if tag.name.startswith("."):
                        continue  # editor and OS droppings (.DS_Store), skipped like the server
                    try:
                        if tag.is_dir(follow_symlinks=False):
                            continue
                    except OSError:
                        continue
                    count += 1
                    if count > MAX_MANIFESTS:
                        store.warn(top, f"more than {MAX_MANIFESTS} manifests, the rest skipped")
                        return
                    yield Path(tag.path), (host.name, ns.name, model.name, tag.name)


def _digest_of(layer: object) -> str | None:
    if not isinstance(layer, dict):
        return None
    d = layer.get("digest")
    m = _DIGEST.fullmatch(d) if isinstance(d, str) else None
    return m.group(1) if m else None


def _size_of(layer: object) -> int | None:
    if not isinstance(layer, dict):
        return None
    s = layer.get("size")
    return s if isinstance(s, int) and not isinstance(s, bool) and s >= 0 else None


def _str(obj: Mapping[str, object], key: str) -> str | None:
    v = obj.get(key)
    return v if isinstance(v, str) and v else None


def _strs(obj: Mapping[str, object], key: str) -> tuple[str, ...]:
    v = obj.get(key)
    if not isinstance(v, list):
        return ()
    return tuple(x for x in v if isinstance(x, str))


def _cached(store: _Store, kind: str, digest: str, read: Callable[[], _T]) -> _T:
    key = (kind, digest)
    if key not in store.cache:
        store.cache[key] = read()
    return cast(_T, store.cache[key])


def _json_blob(store: _Store, digest: str, cap: int, what: str) -> dict[str, object] | None:
    return _cached(store, what, digest, lambda: _read_json_blob(store, digest, cap, what))


def _read_json_blob(store: _Store, digest: str, cap: int, what: str) -> dict[str, object] | None:
    path = store.blob(digest)
    data = store.read(path, cap, what)
    if data is None:
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        store.warn(path, f"{what} content does not match its digest")
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        store.warn(path, f"{what} is not valid JSON")
        return None
    if not isinstance(obj, dict):
        store.warn(path, f"{what} is not a JSON object")
        return None
    return obj


def _gguf(store: _Store, digest: str) -> GgufInfo | None:
    return _cached(store, "gguf", digest, lambda: _read_gguf(store, digest))


def _licence(store: _Store, digest: str) -> str | None:
    def read() -> str | None:
        path = store.blob(digest)
        data = store.read(path, MAX_LICENSE_BYTES, "license layer")
        if data is None:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            store.warn(path, "license layer content does not match its digest")
        return data.decode("utf-8", errors="replace")

    return _cached(store, "license", digest, read)


def _read_gguf(store: _Store, digest: str) -> GgufInfo | None:
    path = store.blob(digest)

    def admit() -> bool:
        if path.is_symlink() and not store.inside(path):
            store.warn(path, "model blob is a symlink that points outside the store, not followed")
            return False
        return store.regular(path, "model blob")

    return read_gguf_or_warn(
        path, lambda reason: store.warn(path, reason), "model blob", "model blob GGUF header", admit
    )


def _install(store: _Store, path: Path, parts: tuple[str, str, str, str]) -> Install | None:
    name = from_parts(*parts)
    if name is None:
        store.warn(path, "manifest path is not a valid model name, skipped")
        return None
    data = store.read(path, MAX_MANIFEST_BYTES, "manifest")
    if data is None:
        return None
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        store.warn(path, "manifest is not valid JSON, skipped")
        return None
    layers = manifest.get("layers") if isinstance(manifest, dict) else None
    if not isinstance(manifest, dict) or not isinstance(layers, list):
        store.warn(path, "manifest has no layer list, skipped")
        return None
    config = manifest.get("config")
    # /api/tags size: config plus every layer, as the manifest declares them; unknown if any is.
    sizes = [_size_of(layer) for layer in [config, *layers]]
    total = None if None in sizes else sum(s for s in sizes if s is not None)

    weights: str | None = None
    parent: str | None = None
    licences: list[str] = []
    for layer in layers:
        if not isinstance(layer, dict):
            continue
        media = layer.get("mediaType")
        digest = _digest_of(layer)
        if media == MODEL_MEDIA and digest:
            # The server keeps the last model layer (GetModel overwrites ModelPath).
            weights = digest
            parent = name_like(_str(layer, "from"))
        elif media == LICENSE_MEDIA and digest:
            text = _licence(store, digest)
            if text is not None:
                licences.append(text)
        elif media in (MODEL_MEDIA, LICENSE_MEDIA):
            store.warn(path, f"a {media.rsplit('.', 1)[-1]} layer has no valid digest")

    cfg: dict[str, object] = {}
    cfg_digest = _digest_of(config)
    if cfg_digest:
        cfg = _json_blob(store, cfg_digest, MAX_CONFIG_BYTES, "config blob") or {}
    elif config is not None:
        store.warn(path, "config has no valid digest")

    # /api/show joins the licence layers with "\n"; the digest of that text is comparable.
    licence = "\n".join(licences) if licences else None
    try:
        mtime = path.stat().st_mtime
        modified = datetime.fromtimestamp(mtime, UTC).isoformat().replace("+00:00", "Z")
    except OSError:
        modified = None
    return Install(
        name=name.display,
        runtime=Runtime.OLLAMA,
        location=store.location,
        digest=hashlib.sha256(data).hexdigest(),
        weights_digest=weights,
        size=total,
        format=_str(cfg, "model_format"),
        family=_str(cfg, "model_family"),
        families=_strs(cfg, "model_families"),
        parameter_size=_str(cfg, "model_type"),
        quantization=_str(cfg, "file_type"),
        parent_model=parent,
        license_text_digest=(
            hashlib.sha256(licence.encode("utf-8")).hexdigest() if licence is not None else None
        ),
        license_id=license_id_from_text(licence) if licence else None,
        capabilities=_strs(cfg, "capabilities"),
        remote_host=_str(cfg, "remote_host"),
        gguf=_gguf(store, weights) if weights else None,
        modified_at=modified,
    )


def _open_store(path: Path, warnings: list[ScanWarning], name: str) -> _Store | None:
    location = InstallLocation(LocationKind.STORE, name)
    manifests = path / "manifests"
    try:
        root = path.resolve(strict=True)
        if not manifests.is_dir():
            warnings.append(
                ScanWarning(str(path), "not an Ollama models directory (no manifests/)")
            )
            return None
        roots = [root, manifests.resolve()]
        blobs = path / "blobs"
        if blobs.is_dir():
            # A blobs/ or manifests/ symlinked to another disk is the owner's choice: allowed.
            roots.append(blobs.resolve())
    except PermissionError:
        warnings.append(ScanWarning(str(path), "store is not readable (permission denied)"))
        return None
    except (OSError, RuntimeError) as e:
        warnings.append(ScanWarning(str(path), f"store cannot be read ({type(e).__name__})"))
        return None
    return _Store(path, location, tuple(roots), warnings)


def collect_store(stores: Sequence[Path], names: Mapping[Path, str] | None = None) -> InstallScan:
    """Read every manifest of each store; works with no server running."""
    warnings: list[ScanWarning] = []
    installs: list[Install] = []
    read: list[InstallLocation] = []
    seen: set[Path] = set()
    for path in stores:
        store = _open_store(path, warnings, names.get(path, str(path)) if names else str(path))
        if store is None or store.roots[0] in seen:
            continue
        seen.add(store.roots[0])
        for manifest, parts in _manifests(store):
            install = _install(store, manifest, parts)
            if install is not None:
                installs.append(install)
        read.append(store.location)
    return InstallScan(
        installs=tuple(sorted(installs, key=lambda i: (i.location.lock_text(), i.name))),
        warnings=tuple(warnings),
        read=tuple(read),
        tried=tuple(
            InstallLocation(LocationKind.STORE, names.get(p, str(p)) if names else str(p))
            for p in stores
        ),
    )
