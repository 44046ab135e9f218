"""Walk a repository: honour .gitignore (nested) and .llmdepsignore, skip what is not source.

Examples, tests, fixtures and docs are walked like any other code: model ids there are real
dependencies of the project's behaviour. Symlinked directories are never followed (no loops).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pathspec

from llmdeps.safeio import ReadRefused, read_bytes

# Directories that never hold the project's own source.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".venv",
        "venv",
        ".direnv",
        "site-packages",
        "bower_components",
        ".terraform",
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".yarn",
        ".pnpm-store",
        ".gradle",
        ".idea",
        ".ipynb_checkpoints",
        ".cache",
    }
)
IGNORE_FILES = (".gitignore", ".llmdepsignore")
MAX_IGNORE_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """A file the walker hands on: relative posix path, absolute path, size."""

    path: str
    abspath: str
    size: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or directory left out, and why (listed with -v)."""

    path: str
    reason: str


@dataclass(slots=True)
class _Rules:
    base: str  # relative dir ("" for root) the patterns are anchored at
    spec: pathspec.GitIgnoreSpec


def _load_rules(
    abs_dir: str, rel_dir: str, extra: Sequence[str], drop: Callable[[Skipped], None]
) -> _Rules | None:
    lines: list[str] = list(extra)
    for name in IGNORE_FILES:
        # Like git (2.32+), an ignore file that is a symlink is not followed; a FIFO or a device
        # in its place is not read (it could block or never end).
        path = os.path.join(abs_dir, name)
        try:
            data = read_bytes(path, limit=MAX_IGNORE_FILE_BYTES)
        except FileNotFoundError:
            continue
        except ReadRefused as exc:
            if not os.path.islink(path):  # the walk lists symlinks itself
                drop(Skipped(f"{rel_dir}/{name}" if rel_dir else name, f"not read: {exc.reason}"))
            continue
        except OSError as exc:
            drop(Skipped(f"{rel_dir}/{name}" if rel_dir else name, f"unreadable: {exc.strerror}"))
            continue
        lines.extend(data.decode("utf-8", errors="replace").splitlines())
    if not lines:
        return None
    return _Rules(rel_dir, pathspec.GitIgnoreSpec.from_lines(lines))


def _ignored(rules: Sequence[_Rules], rel: str, is_dir: bool) -> bool:
    """Deepest rule file with a verdict wins, as in git (negations included)."""
    for rule in reversed(rules):
        sub = rel[len(rule.base) + 1 :] if rule.base else rel
        candidate = sub + "/" if is_dir else sub
        result = rule.spec.check_file(candidate)
        if result.include is not None:
            return bool(result.include)
    return False


def display_path(rel: str) -> str:
    """A path every output can carry: a name that is not valid UTF-8 (`bad\\xffname.py` on disk)
    keeps its bytes as `\\xff` escapes instead of lone surrogates that no encoder accepts."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "backslashreplace")
    return rel


def _is_virtualenv(abs_dir: str) -> bool:
    return os.path.isfile(os.path.join(abs_dir, "pyvenv.cfg"))


def walk(
    root: str,
    *,
    max_file_bytes: int,
    exclude: Sequence[str] = (),
    skipped: list[Skipped] | None = None,
) -> Iterator[WalkedFile]:
    """Yield every non-ignored regular file under root, in sorted order."""
    drop = skipped.append if skipped is not None else (lambda _s: None)
    root_rules = _load_rules(root, "", exclude, drop)
    stack: list[tuple[str, str, tuple[_Rules, ...]]] = [
        (root, "", (root_rules,) if root_rules else ())
    ]
    while stack:
        abs_dir, rel_dir, rules = stack.pop()
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            drop(Skipped(rel_dir or ".", f"unreadable directory: {exc.strerror or exc}"))
            continue
        subdirs: list[tuple[str, str, tuple[_Rules, ...]]] = []
        for entry in entries:
            rel = display_path(f"{rel_dir}/{entry.name}" if rel_dir else entry.name)
            try:
                if entry.is_symlink():
                    drop(Skipped(rel, "symlink (not followed)"))
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir:
                    if entry.name in SKIP_DIRS or _is_virtualenv(entry.path):
                        continue
                    if _ignored(rules, rel, True):
                        continue
                    child = _load_rules(entry.path, rel, (), drop)
                    subdirs.append((entry.path, rel, (*rules, child) if child else rules))
                    continue
                if not entry.is_file(follow_symlinks=False) or _ignored(rules, rel, False):
                    continue
                size = entry.stat(follow_symlinks=False).st_size
            except OSError as exc:
                drop(Skipped(rel, f"unreadable: {exc.strerror or exc}"))
                continue
            if size > max_file_bytes:
                drop(Skipped(rel, f"larger than {max_file_bytes} bytes"))
                continue
            yield WalkedFile(rel, entry.path, size)
        # Reverse so the stack pops directories in sorted order.
        stack.extend(reversed(subdirs))
