"""Start-up: `--version` imports no command, `explain` none of the scan, check, SARIF, CycloneDX or
report code; the catalog's fast form reads back exactly what the YAML says. The import graph is
asserted, never a timing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from llmdeps import fastdata
from llmdeps.cachedir import default_dir

PROBE = """
import contextlib, io, json, sys
sys.argv = ["llmdeps", *json.loads(sys.argv[1])]
from llmdeps.cli.app import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""

HEAVY = (
    "llmdeps.formats.sarif",
    "llmdeps.formats.report_cyclonedx",
    "llmdeps.formats.report_html",
    "llmdeps.formats.check_text",
    "cyclonedx",
    "httpx",
)
"""Modules no start-up path here needs; explain (catalog, config, lock) skips the pipeline too."""


def catalog_dir() -> Path:
    return default_dir() / "catalog"


def run(args: list[str], tmp_path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


def loaded(modules: object, prefixes: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_version_imports_no_command_and_no_rich(tmp_path: Path) -> None:
    result = run(["--version"], tmp_path)
    assert result["code"] == 0 and result["out"] == "llmdeps 0.1.0\n"
    modules = result["modules"]
    assert isinstance(modules, list)
    ours = sorted(m for m in modules if m.startswith("llmdeps"))
    # lazyre: the error-message patterns of conventions, compiled only when a message is rewritten
    assert ours == [
        "llmdeps",
        "llmdeps.cli",
        "llmdeps.cli.app",
        "llmdeps.cli.conventions",
        "llmdeps.lazyre",
    ]
    assert not [m for m in modules if m.split(".")[0] in {"rich", "yaml", "pathspec", "re2"}]
    assert not loaded(modules, HEAVY)


def test_explain_imports_the_catalog_but_no_scan_check_or_report_code(tmp_path: Path) -> None:
    result = run(["explain", "gpt-4o", "--format", "json"], tmp_path)
    assert result["code"] == 0
    assert '"gpt-4o"' in str(result["out"])
    modules = result["modules"]
    assert isinstance(modules, list)
    assert "llmdeps.catalog" in modules and "llmdeps.formats.explain" in modules
    assert not loaded(modules, HEAVY), loaded(modules, HEAVY)
    assert "rich.progress" not in modules
    scan_side = ("llmdeps.pipeline", "llmdeps.workers", "llmdeps.sources.registry", "llmdeps.rules")
    assert not loaded(modules, scan_side), loaded(modules, scan_side)


def test_a_command_still_gets_all_its_options_and_help_lists_every_command(
    tmp_path: Path,
) -> None:
    result = run(["--help"], tmp_path)
    text = str(result["out"])
    for command in ("scan", "check", "report", "explain"):
        assert f"  {command} " in text
    result = run(["check", "--help"], tmp_path)
    assert "--no-cache" in str(result["out"]) and "--fail-on" in str(result["out"])
    assert run(["nosuch"], tmp_path)["code"] == 2


@pytest.mark.parametrize(
    "name", ["models.yaml", "vendors.yaml", "alternatives.yaml", "licenses.yaml"]
)
def test_the_catalog_fast_form_is_exactly_the_yaml(name: str, tmp_path: Path) -> None:
    text = (Path(fastdata.__file__).parent / "catalog" / name).read_text("utf-8")
    expected = yaml.safe_load(text)
    first = fastdata.load_yaml(name, text)  # parses and stores
    second = fastdata.load_yaml(name, text)  # reads the stored form
    assert first == expected and second == expected
    assert repr(second) == repr(expected)  # same types too (dates, int and float keys)


def test_odd_yaml_values_round_trip_or_are_not_cached(tmp_path: Path) -> None:
    text = "reviewed: 2026-12-03\nsizes: {7: 7.0, 1.5: x, true: y}\n$odd: 1\nlist: [1, 2.5, null]\n"
    expected = yaml.safe_load(text)
    assert fastdata.load_yaml("odd.yaml", text) == expected
    again = fastdata.load_yaml("odd.yaml", text)
    assert again == expected and isinstance(again["reviewed"], dt.date)
    binary = "blob: !!binary aGVsbG8=\n"
    assert fastdata.load_yaml("bin.yaml", binary) == {"blob": b"hello"}
    assert list(catalog_dir().glob("odd.yaml-*"))
    assert not list(catalog_dir().glob("bin.yaml-*"))


def test_a_damaged_fast_form_is_parsed_again_and_an_edit_replaces_it(tmp_path: Path) -> None:
    folder = catalog_dir()
    fastdata.load_yaml("c.yaml", "a: 1\n")
    (entry,) = folder.glob("c.yaml-*")
    entry.write_text('{"key": "other", "data": {"a": 2}}')
    assert fastdata.load_yaml("c.yaml", "a: 1\n") == {"a": 1}
    entry.write_bytes(b"\xff{truncated")
    assert fastdata.load_yaml("c.yaml", "a: 1\n") == {"a": 1}
    assert fastdata.load_yaml("c.yaml", "a: 3\n") == {"a": 3}
    assert len(list(folder.glob("c.yaml-*"))) == 1


def test_a_scan_without_ollama_loads_no_http_or_report_format_code(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    result = run(["scan", str(repo), "--no-ollama", "-q", "-o", "-"], tmp_path)
    assert result["code"] == 0 and "llama3.1:8b" in str(result["out"])
    modules = result["modules"]
    unwanted = ("httpx", "llmdeps.formats.sarif", "llmdeps.formats.report_cyclonedx")
    assert not loaded(modules, unwanted), loaded(modules, unwanted)


def test_a_report_of_a_lock_loads_no_detector(tmp_path: Path) -> None:
    """`report` reads the lock; the detectors (and their regexes) are loaded to scan only."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    assert run(["scan", str(repo), "--no-ollama", "-q"], tmp_path)["code"] == 0
    result = run(["report", str(repo), "--format", "markdown", "-o", "-"], tmp_path)
    assert result["code"] == 0 and "llama3.1:8b" in str(result["out"])
    detectors = ("llmdeps.sources.registry", "llmdeps.sources.detectors")
    assert not loaded(result["modules"], detectors), loaded(result["modules"], detectors)
