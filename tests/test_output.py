"""Writes go only where asked: files atomically, symlinks to their target, pipes and devices
written through and never replaced (issue: a lock you can trust)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from llmdeps.errors import OutputError
from llmdeps.output import write_atomic


def test_a_file_is_replaced_and_no_temp_is_left(tmp_path: Path) -> None:
    target = tmp_path / "llmdeps.lock"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["llmdeps.lock"]


def test_a_symlink_writes_its_target_beside_the_target(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "other.lock"
    real.write_text("old\n")
    link = tmp_path / "llmdeps.lock"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["llmdeps.lock", "real"]
    assert sorted(p.name for p in real_dir.iterdir()) == ["other.lock"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "made.json")
    write_atomic(link, "{}\n")
    assert (tmp_path / "made.json").read_text() == "{}\n" and link.is_symlink()


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=drain)
    reader.start()
    write_atomic(fifo, "through\n")
    reader.join(timeout=10)
    assert got == [b"through\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_character_device_is_written_through_never_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    write_atomic(null, "discarded\n")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, "x")


def test_a_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(tmp_path / "nope" / "llmdeps.lock", "x")
