"""Reading a file as a git revision has it, the repository's root, and the commit checked out.

git runs as a child process with a timeout, its pager and prompts off; a revision that starts
with `-` is refused before git sees it (it would be read as an option). Content is shown with
`git show --no-textconv REV:path`: the bytes committed, never a textconv filter's rendering.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from llmdeps.errors import LockfileError, UsageError
from llmdeps.printable import escape_controls

TIMEOUT = 30.0
MAX_BYTES = 64 * 1024 * 1024


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    return env


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=TIMEOUT,
            env=_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def toplevel(start: Path) -> Path | None:
    """The root of the work tree holding `start`, or None outside git (or without git)."""
    done = _git(start if start.is_dir() else start.parent, "rev-parse", "--show-toplevel")
    if done is None or done.returncode != 0:
        return None
    text = done.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(text) if text else None


def head_commit(root: Path) -> str | None:
    """The commit checked out at `root` (40 hex digits), or None outside git or before one."""
    done = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if done is None or done.returncode != 0:
        return None
    text = done.stdout.decode("ascii", "replace").strip()
    return text if len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text) else None


class MissingAtRevision(LockfileError):
    """The path does not exist at that revision (a branch from before the lock was added)."""


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip().splitlines()
    line = text[0] if text else "git failed"
    return escape_controls(line.removeprefix("fatal: "))


def show(root: Path, rev: str, path: str) -> str:
    """The text of `path` (relative to root, `/`-separated) at revision `rev`."""
    if not rev or rev.startswith("-"):
        raise UsageError(f"{escape_controls(rev)!r}: not a git revision")
    done = _git(root, "show", "--no-textconv", f"{rev}:{path}")
    if done is None:
        raise UsageError("git is not available; give two lock files instead")
    if done.returncode != 0 and re.search(
        rb"does not exist in|exists on disk, but not in", done.stderr
    ):
        raise MissingAtRevision(f"{escape_controls(rev)}:{escape_controls(path)}: no such file")
    if done.returncode != 0:
        raise LockfileError(
            f"{escape_controls(rev)}:{escape_controls(path)}: {_first_line(done.stderr)}"
        )
    if len(done.stdout) > MAX_BYTES:
        raise LockfileError(f"{escape_controls(rev)}:{path}: larger than {MAX_BYTES} bytes")
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise LockfileError(f"{escape_controls(rev)}:{path}: not UTF-8 text") from None
