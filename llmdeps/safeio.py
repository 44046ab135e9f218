"""Reading untrusted files: once, by descriptor, regular files only, never more than a cap.

A scanned file can be swapped for a symlink, a FIFO or a device between the walk and the read; a
`.gitignore` can be a link to `/dev/zero`; a FIFO never ends. So every read here opens the path
once with `O_NOFOLLOW | O_NONBLOCK` (a symlink or a FIFO cannot block or redirect the open),
checks the descriptor with `fstat` (only regular files are read, their size taken from the
descriptor, not from an earlier `stat` of the path) and reads at most `limit` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1024 * 1024


class ReadRefused(Exception):
    """The path is not a regular file we may read, or is larger than allowed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_bytes(path: str | Path, *, limit: int, follow_symlinks: bool = False) -> bytes:
    """The content of a regular file of at most `limit` bytes.

    Raises ReadRefused for a symlink (unless `follow_symlinks`), a FIFO, socket, device or
    directory, or a file larger than `limit`; OSError for any other failure to open or read.
    """
    flags = _FLAGS if follow_symlinks else _FLAGS | _NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise ReadRefused("a symlink (not followed)") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise ReadRefused(f"larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        while True:  # the file may grow after the fstat: the cap holds for what is read
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ReadRefused(f"larger than {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str | Path, *, limit: int, follow_symlinks: bool = False) -> str:
    """`read_bytes` decoded as UTF-8 (a BOM is dropped); UnicodeDecodeError when it is not."""
    return read_bytes(path, limit=limit, follow_symlinks=follow_symlinks).decode("utf-8-sig")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"
