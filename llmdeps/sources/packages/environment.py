"""An installed Python environment (`--python-env PATH`: a venv or a site-packages folder): the
model-layer distributions in it and the `.pth` files that run code at every interpreter start.

Nothing is imported: `*.dist-info/METADATA` is read for `Name` and `Version`, and each top-level
`*.pth` file is hashed. A known payload (litellm 1.82.8's `litellm_init.pth`, REFERENCE.md 11.4)
is recognised by its name or its SHA-256; any other `.pth` whose `import` line decodes or executes
data (`exec(`, `b64decode`, `marshal.loads`, ...) is reported as suspicious. A hostile folder
(symlink loops, FIFOs, huge files, millions of entries) costs bounded work: no symlink is
followed, every read goes through `safeio` with a cap, and listings stop at a limit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from llmdeps.errors import UsageError
from llmdeps.lazyre import lazy_compile
from llmdeps.model import ScanWarning
from llmdeps.printable import escape_controls
from llmdeps.safeio import ReadRefused, read_bytes
from llmdeps.sources.packages import canonical_name, role_of
from llmdeps.sources.packages.base import Ecosystem

MAX_ENTRIES = 50_000
"""Entries of one site-packages folder looked at; more is a warning."""
MAX_METADATA_BYTES = 4 * 1024 * 1024
MAX_PTH_BYTES = 1024 * 1024

KNOWN_PAYLOADS: dict[str, tuple[str, frozenset[str]]] = {
    # REFERENCE.md 11.4: BerriAI/litellm issue #24521 (34,628 bytes; the reporter's measurement).
    "litellm_init.pth": (
        "MAL-2026-2144",
        frozenset({"71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238"}),
    ),
}
"""File name -> (advisory id, SHA-256 digests of the payload)."""

_SUSPICIOUS = lazy_compile(
    rb"\b(?:exec|eval|compile)\s*\(|b64decode|b32decode|a85decode|fromhex|decompress\s*\(|"
    rb"marshal\.loads|codecs\.decode|zlib|urlopen|subprocess|os\.system"
)


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """A model-layer distribution found installed."""

    name: str
    """PEP 503-normalised."""
    version: str
    where: str
    """The environment as given, then the dist-info folder: `.venv:lib/python3.12/site-packages/
    litellm-1.82.8.dist-info`."""


@dataclass(frozen=True, slots=True)
class PthPayload:
    """A `.pth` file that runs code a compromised release would plant."""

    where: str
    """The environment as given, then the file inside it."""
    sha256: str | None
    advisory: str | None
    """The advisory of the release that ships this payload, when it is a known one."""
    reason: str


@dataclass(frozen=True, slots=True)
class Environment:
    """What one `--python-env` holds."""

    label: str
    packages: tuple[InstalledPackage, ...] = ()
    payloads: tuple[PthPayload, ...] = ()
    warnings: tuple[ScanWarning, ...] = ()


def _entries(folder: Path, warnings: list[ScanWarning], label: str) -> list[os.DirEntry[str]]:
    out: list[os.DirEntry[str]] = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if len(out) >= MAX_ENTRIES:
                    warnings.append(
                        ScanWarning(label, f"more than {MAX_ENTRIES} entries; rest not read")
                    )
                    break
                out.append(entry)
    except OSError as exc:
        warnings.append(ScanWarning(label, f"unreadable: {exc.strerror or exc}"))
    return sorted(out, key=lambda e: e.name)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def site_packages(env: Path) -> list[Path]:
    """The site-packages folders of a venv (`lib/python3.X/site-packages`, Windows `Lib/...`), or
    env itself when it holds distributions. Symlinked folders (a venv's `lib64`) are not
    followed."""
    direct = False
    try:
        with os.scandir(env) as it:
            for n, entry in enumerate(it):
                if n > MAX_ENTRIES:
                    break
                if entry.name.endswith((".dist-info", ".pth")):
                    direct = True
                    break
    except OSError:
        return []
    if direct:
        return [env]
    found: list[Path] = []
    for lib in ("lib", "Lib", "lib64"):
        base = env / lib
        if base.is_symlink() or not base.is_dir():
            continue
        if (base / "site-packages").is_dir() and not (base / "site-packages").is_symlink():
            found.append(base / "site-packages")
        try:
            with os.scandir(base) as it:
                names = sorted(e.name for e in it if e.name.startswith("python") and _is_dir(e))
        except OSError:
            continue
        for name in names[:16]:
            candidate = base / name / "site-packages"
            if candidate.is_dir() and not candidate.is_symlink():
                found.append(candidate)
    return found


def _metadata(raw: bytes) -> tuple[str | None, str | None]:
    name = version = None
    for line in raw.decode("utf-8", "replace").splitlines():
        if not line.strip():
            break  # the body (long description) starts after the first blank line
        key, _, value = line.partition(":")
        if key.lower() == "name" and name is None:
            name = value.strip()
        elif key.lower() == "version" and version is None:
            version = value.strip()
    return name, version


def read_environment(env: Path, label: str) -> Environment:
    """The model-layer distributions and the flagged `.pth` files of one environment."""
    if not env.exists():
        raise UsageError(f"--python-env {label}: no such directory")
    if not env.is_dir():
        raise UsageError(f"--python-env {label}: not a directory (give a venv or site-packages)")
    warnings: list[ScanWarning] = []
    folders = site_packages(env)
    if not folders:
        warnings.append(ScanWarning(label, "no site-packages folder found; nothing read"))
    packages: list[InstalledPackage] = []
    payloads: list[PthPayload] = []
    for folder in folders:
        inside = folder.relative_to(env).as_posix() if folder != env else ""
        prefix = f"{label}:{inside}/" if inside else f"{label}:"
        for entry in _entries(folder, warnings, prefix.rstrip("/:") or label):
            if entry.name.endswith(".dist-info") and _is_dir(entry):
                packages.extend(_dist(Path(entry.path), prefix + entry.name, warnings))
            elif entry.name.endswith(".pth"):
                payload = _pth(Path(entry.path), prefix + entry.name, entry.name, warnings)
                if payload is not None:
                    payloads.append(payload)
    return Environment(
        label,
        tuple(sorted(set(packages), key=lambda p: (p.name, p.version, p.where))),
        tuple(payloads),
        tuple(warnings),
    )


def _dist(folder: Path, where: str, warnings: list[ScanWarning]) -> Iterator[InstalledPackage]:
    try:
        raw = read_bytes(folder / "METADATA", limit=MAX_METADATA_BYTES)
    except FileNotFoundError:
        return
    except ReadRefused as exc:
        warnings.append(ScanWarning(escape_controls(where), f"METADATA not read: {exc.reason}"))
        return
    except OSError as exc:
        warnings.append(ScanWarning(escape_controls(where), f"METADATA unreadable: {exc.strerror}"))
        return
    name, version = _metadata(raw)
    if not name or not version or role_of(Ecosystem.PYPI, name) is None:
        return
    yield InstalledPackage(canonical_name(name), version, escape_controls(where))


def _pth(path: Path, where: str, name: str, warnings: list[ScanWarning]) -> PthPayload | None:
    where = escape_controls(where)
    known = KNOWN_PAYLOADS.get(name)
    try:
        raw = read_bytes(path, limit=MAX_PTH_BYTES)
    except (ReadRefused, OSError) as exc:
        reason = exc.reason if isinstance(exc, ReadRefused) else (exc.strerror or str(exc))
        if known is not None:
            return PthPayload(where, None, known[0], f"named as the {known[0]} payload ({reason})")
        warnings.append(ScanWarning(where, f"not read: {reason}"))
        return None
    digest = hashlib.sha256(raw).hexdigest()
    for payload_name, (advisory, digests) in KNOWN_PAYLOADS.items():
        if digest in digests:
            return PthPayload(where, digest, advisory, f"the {advisory} payload (its SHA-256)")
        if name == payload_name:
            return PthPayload(
                where, digest, advisory, f"named as the {advisory} payload (other content)"
            )
    for line in raw.splitlines():
        if line.lstrip().startswith(b"import") and _SUSPICIOUS.search(line):
            return PthPayload(where, digest, None, "an import line that decodes or runs data")
    return None
