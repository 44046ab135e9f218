"""Reads are bounded and race-free: regular files only, by descriptor, capped."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from llmdeps.safeio import ReadRefused, read_bytes, read_text


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbfhello")
    assert read_bytes(f, limit=100) == b"\xef\xbb\xbfhello"
    assert read_text(f, limit=100) == "hello"


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big"
    f.write_bytes(b"x" * 101)
    with pytest.raises(ReadRefused, match="larger than 100 bytes"):
        read_bytes(f, limit=100)


def test_a_symlink_is_not_followed_unless_asked(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_text("x")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(ReadRefused, match="symlink"):
        read_bytes(link, limit=10)
    assert read_bytes(link, limit=10, follow_symlinks=True) == b"x"


def test_a_fifo_neither_blocks_nor_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(ReadRefused, match="FIFO"):
        read_bytes(fifo, limit=10, follow_symlinks=True)
    assert time.monotonic() - start < 2


def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / ".gitignore"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReadRefused):
        read_bytes(link, limit=10)
    with pytest.raises(ReadRefused, match="device"):
        read_bytes(link, limit=10, follow_symlinks=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_device_node_is_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero"
    os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    with pytest.raises(ReadRefused, match="device"):
        read_bytes(zero, limit=10)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadRefused, match="directory"):
        read_bytes(tmp_path, limit=10)
