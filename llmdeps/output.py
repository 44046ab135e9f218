"""Writing the product where it was asked for, and nowhere else.

* A regular file (or a new one) is written atomically: a temp file beside it, fsync, `os.replace`,
  so a reader never sees half a lock and a crash leaves the old one whole.
* A symlink is followed: the file it points to is replaced atomically, beside that file; the link
  itself stays a link.
* A FIFO, a character device or a socket (`/dev/null`, `/dev/stdout`, a pipe) is written through:
  opened and written like `>` in a shell, never replaced by a regular file (as root, replacing
  `/dev/null` would break the machine).
* A directory or a block device is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from llmdeps.errors import OutputError


def write_atomic(path: Path, text: str) -> None:
    """Write text to path: atomically for files, straight through for pipes and devices."""
    data = text.encode("utf-8")
    try:
        info = os.stat(path)  # follows symlinks: what would `>` write to?
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if info is not None:
        mode = info.st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode):
            _write_through(path, data)
            return
        if stat.S_ISDIR(mode):
            raise OutputError(f"{path}: is a directory")
        if not stat.S_ISREG(mode):
            raise OutputError(f"{path}: not a regular file; refusing to write there")
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    _replace(target, data, display=path)


def _write_through(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _replace(target: Path, data: bytes, *, display: Path) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{display}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{display}: cannot write: {exc.strerror or exc}") from None
