"""`--lock` (and the default lock) is read like every untrusted file: by descriptor, regular files
only, capped, never through a symlink out of the repository (integrity issue, item 4)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.lockfile import codec

APP = 'import ollama\nollama.chat(model="llama3.1:8b")\n'


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP)
    result = CliRunner().invoke(app, ["scan", str(root), "--no-ollama"])
    assert result.exit_code == 0, result.stderr
    return root


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _commands(root: Path, lock: Path) -> list[list[str]]:
    return [
        ["check", str(root), "--no-ollama", "--lock", str(lock)],
        ["report", str(root), "--lock", str(lock)],
    ]


def _one_error_line(code: int, out: str, err: str, what: str) -> None:
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("llmdeps: error: "), err
    assert what in err, err
    assert "Traceback" not in err


def test_a_fifo_as_lock_is_one_line_and_never_blocks(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    fifo = tmp_path / "fifo.lock"
    os.mkfifo(fifo)
    for args in _commands(root, fifo):
        start = time.monotonic()
        _one_error_line(*_run(*args), "a FIFO")
        assert time.monotonic() - start < 10


def test_the_default_lock_as_a_fifo_is_refused(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "llmdeps.lock").unlink()
    os.mkfifo(root / "llmdeps.lock")
    _one_error_line(*_run("check", str(root), "--no-ollama"), "a FIFO")
    _one_error_line(*_run("report", str(root)), "a FIFO")


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_device_node_as_lock_is_refused(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    zero = tmp_path / "zero"
    os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    for args in _commands(root, zero):
        _one_error_line(*_run(*args), "a device")


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "elsewhere.lock"
    (root / "llmdeps.lock").rename(outside)
    (root / "llmdeps.lock").symlink_to(outside)
    _one_error_line(*_run("check", str(root), "--no-ollama"), "a symlink out of the repository")
    _one_error_line(*_run("report", str(root)), "a symlink out of the repository")
    link = tmp_path / "link.lock"
    link.symlink_to("/dev/zero")
    for args in _commands(root, link):
        _one_error_line(*_run(*args), "a symlink out of the repository")


def test_a_symlink_inside_the_repository_is_followed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "locks").mkdir()
    (root / "llmdeps.lock").rename(root / "locks" / "llmdeps.lock")
    (root / "llmdeps.lock").symlink_to("locks/llmdeps.lock")
    code, out, err = _run("check", str(root), "--no-ollama")
    assert code == 0, err
    code, out, err = _run("report", str(root))
    assert code == 0 and "llama3.1" in out, err


def test_a_huge_lock_is_refused_without_being_read(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    huge = tmp_path / "huge.lock"
    with huge.open("wb") as f:  # sparse: no disk used, but fstat says 1 GiB + 1
        f.truncate(codec.MAX_LOCK_BYTES + 1)
    for args in _commands(root, huge):
        _one_error_line(*_run(*args), "larger than")


def test_a_lock_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    bad = tmp_path / "bad.lock"
    bad.write_bytes(b"schema_version: 1\n\xff\xfe\x00garbage\n")
    for args in _commands(root, bad):
        _one_error_line(*_run(*args), "not UTF-8")


def test_a_lock_swapped_for_a_fifo_while_scanning_never_hangs(tmp_path: Path) -> None:
    """The race the descriptor read closes: the path is checked and then opened by another name
    of the same node; here the node itself becomes a FIFO before the read."""
    root = _repo(tmp_path)
    lock = root / "llmdeps.lock"
    stop = threading.Event()

    def swap() -> None:
        while not stop.is_set():
            try:
                lock.unlink()
                os.mkfifo(lock)
            except OSError:
                pass
            time.sleep(0.001)

    thread = threading.Thread(target=swap, daemon=True)
    thread.start()
    try:
        start = time.monotonic()
        code, _out, err = _run("report", str(root))
        assert time.monotonic() - start < 20
        assert code in (0, 2) and "Traceback" not in err
    finally:
        stop.set()
        thread.join()


def test_a_lock_path_with_control_characters_is_escaped_in_the_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    code, _out, err = _run("report", str(root), "--lock", str(tmp_path / "a\n::error::x\x1b[2J"))
    assert code == 2
    assert err.count("\n") == 1 and "\x1b" not in err and "\\x0a::error" in err
