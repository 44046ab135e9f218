"""List a repository's files: what git tracks plus what it would add, else a walk honouring
.gitignore; then .llmdepsignore and `scan.exclude`, and skip what is not source.

In a git work tree the file set is the one git sees: every tracked file (also one that a
`.gitignore` pattern matches: a committed `conf/litellm/config.yaml` under `conf/**/*.yaml` is
still the project's config) plus the untracked files that are not ignored, exactly what
`git ls-files --cached --others --exclude-standard` lists. Outside git (or without git) the walk
reads `.gitignore` files itself. `.llmdepsignore` files, `scan.exclude` and the skipped
directories apply to both.

Examples, tests, fixtures and docs are listed like any other code: model ids there are real
dependencies of the project's behaviour. Symlinks are never followed (no loops, nothing outside
the tree).
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pathspec

from llmdeps.config import format_size
from llmdeps.printable import escape_controls
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
GIT_TIMEOUT = 60.0
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
    abs_dir: str,
    rel_dir: str,
    extra: Sequence[str],
    drop: Callable[[Skipped], None],
    names: Sequence[str] = IGNORE_FILES,
) -> _Rules | None:
    lines: list[str] = list(extra)
    for name in names:
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
    keeps its bytes as `\\xff` escapes instead of lone surrogates that no encoder accepts, and
    control characters (a newline, a terminal escape) become visible escapes too."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return escape_controls(rel)


def _is_virtualenv(abs_dir: str) -> bool:
    return os.path.isfile(os.path.join(abs_dir, "pyvenv.cfg"))


def walk(
    root: str,
    *,
    max_file_bytes: int,
    exclude: Sequence[str] = (),
    skipped: list[Skipped] | None = None,
    use_git: bool = True,
) -> Iterator[WalkedFile]:
    """Yield every listed regular file under root: files of a directory (sorted by name) before
    its subdirectories, as a depth-first walk gives them."""
    drop = skipped.append if skipped is not None else (lambda _s: None)
    listed = git_files(root) if use_git else None
    if listed is not None:
        yield from _from_listing(root, listed, max_file_bytes, exclude, drop)
        return
    yield from _walk_tree(root, max_file_bytes, exclude, drop)


def git_files(root: str) -> list[str] | None:
    """The paths (relative to root, `/`-separated) git lists under root: tracked files plus
    untracked ones that are not ignored. None when root is not in a git work tree or git fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE")}
    try:
        proc = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    # An unmerged path is listed once per stage: keep one.
    names = {os.fsdecode(raw) for raw in proc.stdout.split(b"\0") if raw}
    return sorted(names, key=_walk_order)


def _walk_order(path: str) -> str:
    """Files of a directory (by name) before its subdirectories: each folder is `\x01name\x00`,
    the file `\x00name` (NUL, in no path, ends a name below any character). One string per
    path sorts as the tuples `(1, folder)...(0, file)` would, at a third of the cost."""
    folder, _, name = path.rpartition("/")
    if not folder:
        return "\x00" + name
    return "\x01" + folder.replace("/", "\x00\x01") + "\x00\x00" + name


def _from_listing(
    root: str,
    listed: Sequence[str],
    max_file_bytes: int,
    exclude: Sequence[str],
    drop: Callable[[Skipped], None],
) -> Iterator[WalkedFile]:
    own_ignores = {p.rsplit("/", 1)[0] if "/" in p else "" for p in listed if _is_llmdepsignore(p)}
    rules_by_dir: dict[str, tuple[_Rules, ...] | None] = {}

    def rules_for(rel_dir: str) -> tuple[_Rules, ...] | None:
        """The .llmdepsignore rules that apply in rel_dir; None when rel_dir is skipped."""
        if rel_dir in rules_by_dir:
            return rules_by_dir[rel_dir]
        if rel_dir:
            parent, _, name = rel_dir.rpartition("/")
            outer = rules_for(parent)
            abs_dir = os.path.join(root, rel_dir)
            if outer is None or name in SKIP_DIRS or _is_virtualenv(abs_dir):
                rules_by_dir[rel_dir] = None
                return None
            if _ignored(outer, rel_dir, True):
                rules_by_dir[rel_dir] = None
                return None
        else:
            outer = ()
        mine = None
        if rel_dir in own_ignores or (not rel_dir and exclude):
            mine = _load_rules(
                os.path.join(root, rel_dir),
                rel_dir,
                () if rel_dir else exclude,
                drop,
                (".llmdepsignore",),
            )
        rules = (*outer, mine) if mine else outer
        rules_by_dir[rel_dir] = rules
        return rules

    for raw in listed:
        rel = display_path(raw)
        rel_dir = raw.rsplit("/", 1)[0] if "/" in raw else ""
        rules = rules_for(rel_dir)
        if rules is None or _ignored(rules, rel, False):
            continue
        abspath = os.path.join(root, raw)
        try:
            info = os.lstat(abspath)
        except FileNotFoundError:
            continue  # tracked but deleted in the work tree
        except OSError as exc:
            drop(Skipped(rel, f"unreadable: {exc.strerror or exc}"))
            continue
        if stat.S_ISLNK(info.st_mode):
            drop(Skipped(rel, "symlink (not followed)"))
            continue
        if not stat.S_ISREG(info.st_mode):
            continue  # a submodule, or a path git lists that is no longer a file
        if info.st_size > size_limit(rel, max_file_bytes):
            drop(Skipped(rel, f"larger than {format_size(size_limit(rel, max_file_bytes))}"))
            continue
        yield WalkedFile(rel, abspath, info.st_size)


NOTEBOOK_MAX_BYTES = 32 * 1024 * 1024
"""A notebook's bytes are mostly its outputs (plots, images), and only its code cells are read:
it may be this large whatever `max_file_size` says (a larger `max_file_size` still wins)."""


def size_limit(path: str, max_file_bytes: int) -> int:
    """The most bytes a file at `path` may have to be scanned."""
    if path.endswith(".ipynb"):
        return max(max_file_bytes, NOTEBOOK_MAX_BYTES)
    return max_file_bytes


def _is_llmdepsignore(path: str) -> bool:
    return path == ".llmdepsignore" or path.endswith("/.llmdepsignore")


def _walk_tree(
    root: str, max_file_bytes: int, exclude: Sequence[str], drop: Callable[[Skipped], None]
) -> Iterator[WalkedFile]:
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
            if size > size_limit(rel, max_file_bytes):
                drop(Skipped(rel, f"larger than {format_size(size_limit(rel, max_file_bytes))}"))
                continue
            yield WalkedFile(rel, entry.path, size)
        # Reverse so the stack pops directories in sorted order.
        stack.extend(reversed(subdirs))
