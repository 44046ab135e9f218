"""The pipeline: same result on one core or two, bad files never stop a scan, notices are told
as they happen."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.config import Config
from llmdeps.errors import UsageError
from llmdeps.pipeline import (
    Notice,
    ReportOptions,
    ScanOptions,
    report,
    scan,
)
from llmdeps.sources.base import InstallOptions
from llmdeps.workers import PARALLEL_MIN_FILES
from tests.conftest import MakeRepo
from tests.ollama_fixtures import refused_url

NO_OLLAMA = InstallOptions(enabled=False)


def options(root: Path, jobs: int) -> ScanOptions:
    return ScanOptions(root=root, config=Config(), installs=NO_OLLAMA, jobs=jobs)


def test_parallel_and_serial_scans_agree(make_repo: MakeRepo) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(PARALLEL_MIN_FILES + 50):
        if i % 10 == 0:
            files[f"pkg{i % 7}/m{i}.py"] = (
                f'import ollama\nollama.chat(model="llama3.1:8b")  # {i}\n'
            )
        else:
            files[f"pkg{i % 7}/m{i}.py"] = f"def f{i}(x):\n    return x + {i}\n"
    root = make_repo(files)
    serial = scan(options(root, 1)).result
    parallel = scan(options(root, 2)).result
    assert serial == parallel
    assert len(serial.references) == (PARALLEL_MIN_FILES + 50 + 9) // 10


def test_bad_files_are_warnings_and_the_rest_is_scanned(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "ok.py": 'import ollama\nollama.chat(model="phi3:mini")\n',
            "broken.py": 'def (:\n    model = "mistral:7b"\n',
            "latin1.py": b'import ollama\nollama.chat(model="gemma2:9b")  # caf\xe9\n',
            "blob.json": b"\0\x01model" * 100,
            "broken.yaml": "model: [unclosed\n  llm_model: qwen2.5:7b\n",
            "huge.json": '{"model": "gpt-4o"}' + " " * 3_000_000,
        }
    )
    out = scan(options(root, 1))
    models = {r.model for r in out.result.references}
    assert {"phi3:mini", "mistral:7b", "gemma2:9b"} <= models
    warned = {w.path for w in out.result.warnings}
    assert {"broken.py", "latin1.py"} <= warned
    skipped = {s.path: s.reason for s in out.skipped}
    assert skipped["blob.json"] == "binary"
    assert "larger than" in skipped["huge.json"]


def test_scan_of_a_file_path_is_a_usage_error(make_repo: MakeRepo) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    with pytest.raises(UsageError, match="not a directory"):
        scan(options(root / "a.py", 1))


def test_a_notice_is_told_even_when_a_later_stage_fails(make_repo: MakeRepo) -> None:
    """report --scan: the Ollama notice comes before the --without error, as it always did."""
    root = make_repo({"app.py": 'import ollama\nollama.chat(model="llama3.1:8b")\n'})
    dead = refused_url()
    told: list[Notice] = []
    options = ReportOptions(
        root=root,
        scan=True,
        without="Nobody",
        config_path=None,
        installs=InstallOptions(
            locations={"ollama-server": (dead,)}, environ={"OLLAMA_HOST": dead}
        ),
    )
    with pytest.raises(UsageError, match="--without 'Nobody'"):
        report(options, notify=told.append)
    assert told == [Notice(f"llmdeps: no Ollama server at {dead}, code scan only")]
    result = CliRunner().invoke(
        app, ["report", str(root), "--scan", "--without", "Nobody"], env={"OLLAMA_HOST": dead}
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"llmdeps: no Ollama server at {dead}, code scan only",
        "llmdeps: error: --without 'Nobody': no model in the lock is from that vendor; "
        "vendors in the lock: Meta",
    ]


def test_a_broken_lock_being_replaced_is_a_warning_and_quiet_prints_errors_only(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({"app.py": 'import ollama\nollama.chat(model="phi3:mini")\n'})
    (root / "llmdeps.lock").write_text("garbage: [\n")
    (root / ".llmdeps.yaml").write_text("policy:\n  max_hhi: 20000\n")
    result = CliRunner().invoke(app, ["scan", str(root), "--no-ollama", "-q"])
    assert result.exit_code == 2
    # -q prints errors only (integrity issue, item 11)
    (error,) = result.stderr.splitlines()
    assert error.startswith("llmdeps: error: .llmdeps.yaml:2: policy.max_hhi")
    (root / ".llmdeps.yaml").unlink()
    result = CliRunner().invoke(app, ["scan", str(root), "--no-ollama"])
    assert result.exit_code == 0
    warning = result.stderr.splitlines()[0]
    assert warning.startswith("llmdeps: warning: ") and warning.endswith("; writing a new one")
    assert "phi3:mini" in (root / "llmdeps.lock").read_text()


def test_ctrl_c_stops_within_a_second_and_a_second_one_prints_no_traceback(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess
    import sys
    import time

    for i in range(6000):
        d = tmp_path / f"pkg{i % 60}"
        d.mkdir(exist_ok=True)
        (d / f"m{i}.py").write_text(f'import ollama\nollama.chat(model="llama3.1:{i}b")\n' * 20)
    for twice in (False, True):
        proc = subprocess.Popen(
            [sys.executable, "-m", "llmdeps", "scan", str(tmp_path), "--no-ollama", "-j", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(1.5)  # start-up, listing, and the workers under way
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        if twice:
            time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
        # about 0.1 s on an idle machine; the bound leaves room for a loaded CI runner
        assert time.monotonic() - sent < 3.0
        assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err[-2000:]
        if not twice:
            assert proc.returncode == 130 and err.endswith(b"llmdeps: interrupted\n")
