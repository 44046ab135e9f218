"""`check --format github`: workflow-command annotations, escaped as @actions/core escapes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.formats.base import FindingsContext
from llmdeps.formats.github import annotation, escape_data, escape_property, render
from llmdeps.model import Finding, ModelId, Severity
from llmdeps.rules import RuleId
from tests.conftest import MakeRepo
from tests.formats.test_sarif import CODE, EXTRA, factory_findings

runner = CliRunner()

ODD = "app/100%,odd:name.py"
"""A file name with every character that must be escaped in a property."""

# `::command prop=value,prop=value::message`; no raw CR/LF anywhere, no raw `,` or `:` in values.
COMMAND = re.compile(
    r"^::(error|warning|notice) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::(.*)$"
)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match.group(2).split(","))
    return match.group(1), props, match.group(3)


def unescape(value: str) -> str:
    """What the runner does with an escaped value (the inverse of @actions/core)."""
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def check(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(root), "--no-ollama", *args])
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("app/a:b,c.py", "app/a:b,c.py", "app/a%3Ab%2Cc.py"),
        ("%0A literal", "%250A literal", "%250A literal"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
    ],
)
def test_escaping_matches_actions_core(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert unescape(prop) == raw


def test_annotation_fields_and_escaping() -> None:
    f = Finding(
        RuleId.UNPINNED_MODEL,
        "The model gpt-4o is 100% floating:\nthe vendor can change it",
        Severity.WARNING,
        (ODD, "b.py"),
        model=ModelId("openai/gpt-4o"),
        fix="use a dated id",
        line=4,
        column=51,
    )
    line = annotation(f)
    assert "\n" not in line and "\r" not in line
    command, props, message = parse(line)
    assert command == "warning"
    assert props == {
        "file": "app/100%25%2Codd%3Aname.py",
        "line": "4",
        "col": "51",
        "title": "llmdeps unpinned-model",
    }
    assert unescape(props["file"]) == ODD
    assert unescape(message) == (
        "The model gpt-4o is 100% floating:\nthe vendor can change it. Fix: use a dated id.\n"
        f"Files: {ODD}, b.py"
    )
    note = annotation(
        Finding(RuleId.MAX_HHI, "Concentrated.", Severity.NOTE), lock_path="x/llmdeps.lock"
    )
    assert note == "::notice file=x/llmdeps.lock,title=llmdeps max-hhi::Concentrated."


def test_factory_findings_one_annotation_each_then_a_summary() -> None:
    findings = factory_findings()
    lines = render(findings, FindingsContext()).splitlines()
    assert len(lines) == len(findings) + 1
    for line, f in zip(lines[:-1], findings, strict=True):
        command, props, message = parse(line)
        assert command == {"error": "error", "warning": "warning", "note": "notice"}[f.severity]
        assert unescape(props["file"]) == (f.paths[0] if f.paths else "llmdeps.lock")
        assert unescape(props["title"]) == f"llmdeps {f.rule}"
        assert unescape(message).startswith(f.message)
    assert lines[-1] == f"llmdeps check: {len(findings)} findings"
    assert not lines[-1].startswith("::")
    assert any(parse(line)[1]["file"] == "app/100%25%2Codd%3Aname.py" for line in lines[:-1])
    assert render([], FindingsContext()) == "llmdeps check: ok\n"


def test_check_github_on_a_stale_lock_and_failing_policy(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"app/llm.py": CODE, ".llmdeps.yaml": "policy:\n  max_hhi: 1000\n  require_pinned: true\n"}
    )
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    (root / ODD).write_text(EXTRA, encoding="utf-8")
    code, out = check(root, "--format", "github")
    assert code == 1
    *annotations, summary = out.splitlines()
    assert summary == f"llmdeps check: {len(annotations)} findings"
    parsed = [parse(line) for line in annotations]
    rules = {unescape(p["title"]) for _c, p, _m in parsed}
    assert {"llmdeps lock-stale", "llmdeps max-hhi", "llmdeps unpinned-model"} <= rules
    odd = [p for _c, p, _m in parsed if unescape(p["file"]) == ODD]
    assert odd
    col = str(EXTRA.splitlines()[3].index('"claude-3-5-haiku-latest"') + 1)
    assert all((p["line"], p["col"]) == ("4", col) for p in odd)
    hhi = next(p for _c, p, _m in parsed if p["title"] == "llmdeps max-hhi")
    assert hhi["file"] == "llmdeps.lock" and "line" in hhi
    # deterministic; exit code the same in every format
    assert check(root, "--format", "github") == (code, out)
    assert {check(root, "--format", f)[0] for f in ("text", "json", "sarif", "github")} == {1}


def test_github_actions_env_does_not_switch_the_format(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"app/llm.py": CODE})
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    (root / "app" / "triage.py").write_text(EXTRA, encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = check(root)
    assert code == 1 and not out.startswith("::") and out.startswith("error: lock-stale:")
    code, out = check(root, "--format", "github")
    assert code == 1 and out.startswith("::error file=app/triage.py,line=4,")
