"""The package source in `scan`: registered like the other detectors, specs kept free of
secrets, `-r` includes followed inside the root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.lockfile import read
from llmdeps.sources.base import SourceFile
from llmdeps.sources.packages.detector import PackageDetector, includes
from llmdeps.sources.registry import DETECTOR_BY_NAME, detectors_for

runner = CliRunner()
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


def test_registered_and_wanted_by_file_name() -> None:
    assert isinstance(DETECTOR_BY_NAME["packages"], PackageDetector)
    for name in (
        "requirements-dev.txt",
        "pyproject.toml",
        "package-lock.json",
        "go.mod",
        "bun.lock",
    ):
        assert "packages" in {d.name for d in detectors_for(f"a/{name}", name)}
    assert "packages" not in {d.name for d in detectors_for("a/notes.txt", "notes.txt")}


def test_no_secret_in_a_spec() -> None:
    doc = {
        "dependencies": {
            "openai": f"git+https://user:{TOKEN}@github.com/example/openai.git",
            "ollama": f"github:example/ollama#{TOKEN}",
            "ai": "^4.0.0",
        }
    }
    found = {
        p.name: p
        for p in PackageDetector().scan(SourceFile("package.json", json.dumps(doc), "package.json"))
        if not hasattr(p, "reason")
    }
    assert set(found) == {"openai", "ollama", "ai"}
    assert all(TOKEN not in (getattr(p, "spec", "") or "") for p in found.values())
    assert found["ai"].spec == "^4.0.0"  # type: ignore[union-attr]


def test_includes_stay_inside_the_root() -> None:
    text = (
        "-r base.txt\n--requirement=../../outside.txt\n-r /etc/passwd\n-r sub/more.in\n-c c.txt\n"
    )
    assert includes("reqs/requirements.txt", text) == ("reqs/base.txt", "reqs/sub/more.in")


def test_scan_follows_r_includes_once_and_never_outside(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "reqs").mkdir(parents=True)
    (root / "requirements.txt").write_text("-r reqs/base.txt\n-r requirements-dev.txt\n")
    (root / "requirements-dev.txt").write_text("-r requirements.txt\nollama==0.4.7\n")
    (root / "reqs" / "base.txt").write_text(
        "-r ../requirements.txt\nlitellm==1.82.6\n-r gone.txt\n"
    )
    (tmp_path / "secret.txt").write_text("openai==1.0.0\n")
    (root / "reqs" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "requirements-x.txt").write_text("-r reqs/link.txt\n")
    result = runner.invoke(app, ["scan", str(root), "--no-ollama", "-q", "-v"])
    assert result.exit_code == 0, result.output
    lock = read(root / "llmdeps.lock")
    assert sorted((p.file, p.name) for p in lock.packages) == [
        ("reqs/base.txt", "litellm"),
        ("requirements-dev.txt", "ollama"),
    ]


def test_a_lock_file_over_the_size_limit_is_still_read_for_its_packages(tmp_path: Path) -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "web"},
            "node_modules/openai": {"version": "4.0.0", "integrity": "sha512-x"},
            **{f"node_modules/pad{i}": {"version": "1.0.0"} for i in range(200)},
        },
    }
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    (tmp_path / "big.py").write_text("x = 1\n" * 2000)
    result = runner.invoke(
        app, ["scan", str(tmp_path), "--no-ollama", "--max-file-size", "1KB", "-v"]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in read(tmp_path / "llmdeps.lock").packages] == ["openai"]
    assert "big.py" in result.stderr  # other files still obey the limit


def test_no_secret_in_a_key_path(tmp_path: Path) -> None:
    text = (
        "__metadata:\n  version: 6\n\n"
        f'"openai@https://deploy:{TOKEN}@git.example.invalid/openai.git#commit=abc":\n'
        "  version: 4.0.0\n  checksum: 10c0/abc\n\n"
        f'"ollama@npm:0.5.0?token={TOKEN}":\n  version: 0.5.0\n'
    )
    (tmp_path / "yarn.lock").write_text(text)
    result = runner.invoke(app, ["scan", str(tmp_path), "--no-ollama", "-o", "-", "-q"])
    assert result.exit_code == 0 and TOKEN not in result.stdout and "deploy" not in result.stdout
    keys = {p.name: p.key for p in read_packages_of(result.stdout)}
    assert keys["openai"].startswith("openai@https://git.example.invalid/openai.git")
    assert keys["ollama"] == "ollama@npm:0.5.0?token=***"


def read_packages_of(lock_text: str) -> list[Any]:
    from llmdeps.lockfile import load

    return list(load(lock_text).packages)


def test_control_characters_in_a_spec_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"openai": "^4\x1b[2J"}}))
    _ = runner.invoke(app, ["scan", str(tmp_path), "--no-ollama", "-q"])
    result = runner.invoke(app, ["check", str(tmp_path), "--no-ollama"])
    assert "\x1b" not in result.stdout and "unpinned-middleware" in result.stdout
