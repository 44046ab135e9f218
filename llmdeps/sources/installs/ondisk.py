"""Reading a model folder on disk as untrusted input: listings, small files, symlinks kept inside.

Shared by the install sources that read a directory tree they did not write (the Hugging Face
cache, LM Studio's models folder): every directory listing, small-file read and GGUF header read
is bounded, stays inside the tree it was given (a symlink that resolves elsewhere is not
followed) and turns each problem into a warning naming the path, never an exception.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from llmdeps.errors import UsageError
from llmdeps.model import GgufInfo, ScanWarning
from llmdeps.safeio import ReadRefused, read_bytes
from llmdeps.sources.base import InstallOptions
from llmdeps.sources.installs.gguf import read_gguf_or_warn


def home_dir(environ: Mapping[str, str]) -> Path | None:
    """The user's home as the environment names it (HOME, USERPROFILE), else the OS's."""
    home = environ.get("HOME") or environ.get("USERPROFILE")
    if home:
        return Path(home)
    try:
        return Path.home()
    except RuntimeError:
        return None


def env_path(environ: Mapping[str, str], name: str) -> Path | None:
    """A directory named by an environment variable (`~` expanded, quotes dropped), if set."""
    value = environ.get(name, "").strip().strip("\"'")
    return Path(value).expanduser() if value else None


def directories(
    options: InstallOptions,
    source: str,
    flag: str,
    defaults: Callable[[Mapping[str, str]], list[Path]],
    env_vars: Sequence[str] = (),
) -> tuple[list[Path], dict[Path, str]]:
    """The directories an on-disk source reads, each with its lock name: the ones the user named
    (`flag`; one that is not a directory is a UsageError), else the source's defaults."""
    named = [Path(p) for p in options.locations.get(source, ())]
    for path in named:
        if not path.is_dir():
            raise UsageError(f"{flag} {path}: not a directory")
    found = [] if named else defaults(options.environ)
    names = lock_names(named, found, root=options.root, environ=options.environ, env_vars=env_vars)
    return named or found, names


def lock_names(
    named: Sequence[Path],
    defaults: Sequence[Path],
    *,
    root: Path | None,
    environ: Mapping[str, str],
    env_vars: Sequence[str] = (),
) -> dict[Path, str]:
    """How the lock names each on-disk location, the same on every machine (integrity issue):
    a directory the user named, relative to the repository being scanned (`../ollama-store`);
    a default one by the variable that chose it (`$OLLAMA_MODELS`), else relative to the home
    directory (`~/.ollama/models`), else as the system path it is (`/usr/share/...`). Never a
    user name or a checkout's absolute path."""
    names: dict[Path, str] = {}
    for path in named:
        names[path] = _relative(path, root) if root is not None else path.as_posix()
    chosen = {var: env_path(environ, var) for var in env_vars}
    home = home_dir(environ)
    for path in defaults:
        names[path] = _default_name(path, chosen, home)
    return names


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(_resolved(path), _resolved(root))).as_posix()


def _default_name(path: Path, chosen: Mapping[str, Path | None], home: Path | None) -> str:
    for var, value in chosen.items():
        if value is not None and _resolved(value) == _resolved(path):
            return f"${var}"
    if home is not None:
        try:
            return "~/" + _resolved(path).relative_to(_resolved(home)).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def existing_dirs(candidates: list[Path]) -> list[Path]:
    """The candidates that are directories, each real directory once, in order."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in candidates:
        try:
            if not path.is_dir():
                continue
            resolved = path.resolve()
        except (OSError, RuntimeError):
            continue  # unreadable: not a location this user can read
        if resolved not in seen:
            seen.add(resolved)
            out.append(path)
    return out


def iso_mtime(path: Path) -> str | None:
    """A path's modification time as the lock writes times (`...Z`), None if it cannot be read."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(mtime, UTC).isoformat().replace("+00:00", "Z")


@dataclass(slots=True)
class Tree:
    """One directory tree being read, and the warnings its reading gives."""

    root: Path
    """The resolved root: nothing outside it is followed."""
    warnings: list[ScanWarning]
    what: str
    """How a warning names the tree (`cache`, `models folder`)."""

    def warn(self, path: Path | str, reason: str) -> None:
        self.warnings.append(ScanWarning(str(path), reason))

    def inside(self, path: Path) -> bool:
        """Whether `path` (after every symlink) lies within the tree."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return resolved == self.root or resolved.is_relative_to(self.root)

    def followable(self, path: Path, what: str) -> bool:
        """A symlink is followed only when it stays inside the tree (a warning otherwise)."""
        try:
            if path.is_symlink() and not self.inside(path):
                self.warn(
                    path, f"{what} is a symlink that points outside the {self.what}, not followed"
                )
                return False
        except OSError:
            return False
        return True

    def listing(self, path: Path) -> list[os.DirEntry[str]]:
        """A directory's entries sorted by name; unreadable is a warning and no entries."""
        try:
            with os.scandir(path) as it:
                return sorted(it, key=lambda e: e.name)
        except PermissionError:
            self.warn(path, "directory is not readable (permission denied)")
        except OSError as e:
            self.warn(path, f"directory cannot be read ({e.strerror or type(e).__name__})")
        return []

    def is_dir(self, entry: os.DirEntry[str], what: str) -> bool:
        """A directory entry to descend into: a directory, and inside the tree if a symlink."""
        try:
            if entry.is_symlink() and not self.inside(Path(entry.path)):
                self.warn(
                    entry.path,
                    f"{what} is a symlink that points outside the {self.what}, not followed",
                )
                return False
            return entry.is_dir()
        except OSError:
            return False

    def read(self, path: Path, cap: int, what: str, *, missing_ok: bool = False) -> bytes | None:
        """A small regular file of the tree, or None (warned) if missing, too big or escaping."""
        if not self.followable(path, what):
            return None
        try:
            return read_bytes(path, limit=cap, follow_symlinks=True)
        except FileNotFoundError:
            if not missing_ok:
                self.warn(path, f"{what} is missing")
        except ReadRefused as e:
            self.warn(path, f"{what} is {e.reason}, not read")
        except PermissionError:
            self.warn(path, f"{what} is not readable (permission denied)")
        except OSError as e:
            self.warn(path, f"{what} cannot be read ({e.strerror or type(e).__name__})")
        return None

    def size(self, path: Path) -> int | None:
        """A file's size from `stat` (never read), None if it cannot be had."""
        try:
            return path.stat().st_size
        except OSError:
            return None

    def gguf(self, path: Path) -> GgufInfo | None:
        """A GGUF file's `general.*` keys through the shared bounded reader, or None (warned)."""
        if not self.followable(path, "GGUF file"):
            return None

        def admit() -> bool:
            if path.is_file():
                return True
            self.warn(path, "GGUF file is not a regular file, not read")
            return False

        return read_gguf_or_warn(
            path, lambda reason: self.warn(path, reason), "GGUF file", "GGUF header", admit
        )
