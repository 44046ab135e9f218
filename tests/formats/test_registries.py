"""Every entry of every format registry renders, and every `--format` is built from its registry
(pip-audit's `test_to_format_is_exhaustive`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps import pipeline
from llmdeps.analysis.report import build_report
from llmdeps.catalog import Catalog
from llmdeps.cli.app import app
from llmdeps.config import Config
from llmdeps.formats import CHECK_FORMATS, EXPLAIN_FORMATS, REPORT_FORMATS, SCAN_FORMATS
from llmdeps.formats.base import FindingsContext, FindingsFormat, registry
from llmdeps.lockfile import load
from llmdeps.model import Runtime
from llmdeps.sources.base import InstallOptions
from tests import factories
from tests.conftest import MakeRepo
from tests.formats.test_sarif import factory_findings

runner = CliRunner()

APP: dict[str, str | bytes] = {"app/llm.py": 'import ollama\nollama.chat(model="llama3.1:8b")\n'}


def _scan(root: Path) -> pipeline.ScanRun:
    options = pipeline.ScanOptions(
        root=root, config=Config(), installs=InstallOptions(enabled=False)
    )
    return pipeline.scan(options)


@pytest.mark.parametrize("name", list(SCAN_FORMATS))
def test_every_scan_format_renders(name: str, make_repo: MakeRepo) -> None:
    run = _scan(make_repo(APP))
    text = SCAN_FORMATS[name].render(run.inventory, run.lock)
    assert text.endswith("\n")
    if SCAN_FORMATS[name].writes_lock:
        assert load(text) == run.lock
    else:
        assert json.loads(text)["references"]


@pytest.mark.parametrize("name", list(CHECK_FORMATS))
def test_every_check_format_renders(name: str) -> None:
    fmt = CHECK_FORMATS[name]
    ctx = FindingsContext(lock_path="sub/llmdeps.lock")
    assert fmt.render([], ctx).endswith("\n")
    findings = factory_findings()
    text = fmt.render(findings, ctx)
    assert text.endswith("\n") and "lock-stale" in text


@pytest.mark.parametrize("name", list(REPORT_FORMATS))
def test_every_report_format_renders(name: str) -> None:
    report = build_report(factories.lock(), Catalog.load(), without=None, date=None)
    assert "Meta" in REPORT_FORMATS[name].render(report)


@pytest.mark.parametrize("name", list(EXPLAIN_FORMATS))
def test_every_explain_format_renders(name: str) -> None:
    text = EXPLAIN_FORMATS[name].render(pipeline.explain(["llama3.1:8b"], Runtime.OLLAMA))
    assert "Meta" in text and text.endswith("\n")


@pytest.mark.parametrize(
    ("command", "names"),
    [
        (["scan", "--no-ollama", "-q", "-o", "-"], SCAN_FORMATS),
        (["check", "--no-ollama", "-q"], CHECK_FORMATS),
        (["report"], REPORT_FORMATS),
        (["explain", "llama3.1:8b"], EXPLAIN_FORMATS),
    ],
)
def test_every_registered_format_is_a_cli_choice_and_nothing_else(
    command: list[str], names: dict[str, object], make_repo: MakeRepo
) -> None:
    root = make_repo(APP)
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    args = command if command[0] == "explain" else [command[0], str(root), *command[1:]]
    for name in names:
        result = runner.invoke(app, [*args, "--format", name])
        assert result.exit_code == 0, (name, result.stderr)
    refused = runner.invoke(app, [*args, "--format", "no-such-format"])
    assert refused.exit_code == 2
    listed = ", ".join(names) if command[0] == "report" else ", ".join(f"'{n}'" for n in names)
    assert listed in refused.stderr


def test_a_registry_refuses_two_formats_of_one_name() -> None:
    from llmdeps.formats import check_json

    twice: tuple[FindingsFormat, ...] = (check_json, check_json)
    with pytest.raises(ValueError, match="duplicate"):
        registry(*twice)
