"""The package source as a detector: manifests and lock files are handed to it by the walker like
any other file, and it yields the model-layer packages they declare (`DeclaredPackage`).

A spec as written can carry a credential (`git+https://user:token@host/...` in package.json): it
is cleaned the way base URLs are, and dropped when it still looks like a secret.

`requirements*.txt` files include others with `-r FILE`; an included file whose name the walker
would not hand over (`base.txt`, `reqs/common.in`) is read by `included_files` from the root.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from llmdeps.lazyre import lazy_compile
from llmdeps.model import ScanWarning
from llmdeps.printable import escape_controls
from llmdeps.safeio import ReadRefused, read_text
from llmdeps.sources.base import SourceFile
from llmdeps.sources.packages import is_requirements, manifest_kind, read_packages, role_of
from llmdeps.sources.packages.base import DeclaredPackage
from llmdeps.sources.secrets import looks_like_secret

MAX_INCLUDE_BYTES = 2 * 1024 * 1024
MAX_INCLUDES = 64
_INCLUDE = lazy_compile(r"^\s*(?:-r|--requirement)(?:\s+|=)(\S+)", re.MULTILINE)


_USERINFO = lazy_compile(r"([A-Za-z][\w+.-]*://)[^/@\s]*@")
_PARTS = lazy_compile(r"[^\s:#@/=?&,()\"']+")


def scrub(text: str) -> str:
    """A spec or key path as written, without credentials: URLs lose their `user:password@`,
    any part shaped like a secret (a token after `#`, in a query) becomes `***`, and control
    characters are escaped (a spec is printed in findings)."""
    text = _USERINFO.sub(r"\1", escape_controls(text))
    return _PARTS.sub(lambda m: "***" if looks_like_secret(m.group(0)) else m.group(0), text)


def _clean(package: DeclaredPackage) -> DeclaredPackage:
    spec = scrub(package.spec) if package.spec is not None else None
    key = scrub(package.key)
    if spec == package.spec and key == package.key:
        return package
    return replace(package, spec=spec, key=key)


def is_manifest(name: str) -> bool:
    """A file name this source reads (`requirements*.txt`, `pyproject.toml`, `pnpm-lock.yaml`)."""
    return manifest_kind(name) is not None


class PackageDetector:
    """Manifests and lock files of PyPI, npm and Go packages (`catalog/packages.yaml`)."""

    name = "packages"
    keywords: tuple[str, ...] = ()

    def wants(self, path: str, name: str) -> bool:
        """By file name alone: `requirements*.txt`, `pyproject.toml`, `package-lock.json`, ..."""
        return manifest_kind(name) is not None

    def scan(self, file: SourceFile) -> Iterator[DeclaredPackage | ScanWarning]:
        """The model-layer packages of one file, secrets kept out of their specs."""
        for package in read_packages(file.path, file.text):
            yield _clean(package)


def includes(path: str, text: str) -> tuple[str, ...]:
    """The files a requirements file includes with `-r`, relative to the scan root (a path that
    leaves the root is left out)."""
    base = posixpath.dirname(path)
    out = []
    for target in _INCLUDE.findall(text):
        joined = posixpath.normpath(posixpath.join(base, target))
        if joined.startswith("../") or joined == ".." or posixpath.isabs(target):
            continue
        out.append(joined)
    return tuple(out)


def included_files(root: Path, read: Iterable[str]) -> Iterator[DeclaredPackage | ScanWarning]:
    """Follow the `-r` includes of the requirements files the walk handed over (`read`): an
    included file it did not hand over is read here (bounded, no symlinks), recursively, once."""
    from llmdeps.sources.packages import python

    seen = set(read)
    queue: list[str] = []
    for path in sorted(seen):
        if is_requirements(path.rsplit("/", 1)[-1]):
            text = _read(root, path)
            if isinstance(text, str):
                queue.extend(includes(path, text))
    done = 0
    while queue and done < MAX_INCLUDES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        done += 1
        text = _read(root, path)
        if isinstance(text, ScanWarning):
            yield text
            continue
        for package in python.requirements(path, text):
            if role_of(package.ecosystem, package.name) is not None:
                yield _clean(package)
        queue.extend(includes(path, text))


def _read(root: Path, path: str) -> str | ScanWarning:
    target = root / path
    try:
        if any(p.is_symlink() for p in (target, *target.parents) if root in p.parents):
            raise ReadRefused("a symlink (not followed)")
        return read_text(target, limit=MAX_INCLUDE_BYTES)
    except FileNotFoundError:
        return ScanWarning(path, "included with -r but not found")
    except ReadRefused as exc:
        return ScanWarning(path, f"not read: {exc.reason}")
    except (OSError, UnicodeDecodeError) as exc:
        return ScanWarning(path, f"unreadable: {type(exc).__name__}")
