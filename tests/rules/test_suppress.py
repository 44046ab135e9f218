"""Suppressions: `ignore:` entries with a reason and an expiry, judged on a fixed date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.config import IgnoreEntry, load_config
from llmdeps.errors import ConfigError
from llmdeps.model import Finding, ModelId, Severity
from llmdeps.rules import RuleId
from llmdeps.rules.suppress import apply, matches
from tests.conftest import MakeRepo
from tests.formats.test_sarif import schema_errors

runner = CliRunner()
TODAY = date(2026, 5, 1)

APP = {
    "app/llm.py": (
        "from openai import OpenAI\n"
        'OpenAI().chat.completions.create(model="gpt-4o")\n'
        'OpenAI().chat.completions.create(model="gpt-4o-mini")\n'
    ),
}
CONFIG = """\
policy:
  require_pinned: true
ignore:
  - rule: unpinned-model
    model: gpt-4o
    reason: pinned once the eval suite runs (#12)
    until: 2026-06-30
  - rule: denied-vendor
    model: "claude-*"
    reason: no longer needed
"""


def finding(**kw: object) -> Finding:
    base: dict[str, object] = {
        "rule": RuleId.UNPINNED_MODEL,
        "message": "The model openai/gpt-4o is a floating name.",
        "severity": Severity.ERROR,
        "paths": ("service/a.py",),
        "workflow": "case-triage",
        "model": ModelId("openai/gpt-4o"),
    }
    base.update(kw)
    return Finding(**base)  # type: ignore[arg-type]


def entry(**kw: object) -> IgnoreEntry:
    base: dict[str, object] = {"rule": "unpinned-model", "reason": "ok for now", "where": "e[0]"}
    base.update(kw)
    return IgnoreEntry(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "hit"),
    [
        ({}, True),
        ({"model": "openai/gpt-4o"}, True),
        ({"model": "gpt-4o"}, True),  # without the runtime prefix
        ({"model": "gpt-4*"}, True),
        ({"model": "gpt-5*"}, False),
        ({"workflow": "case-*"}, True),
        ({"workflow": "grant-summaries"}, False),
        ({"path": "service/**"}, True),
        ({"path": "frontend/"}, False),
        ({"package": "litellm"}, False),  # the finding names no package
        ({"rule": "max-hhi"}, False),
        ({"model": "gpt-4o", "workflow": "other"}, False),  # every field must match
    ],
)
def test_match_fields(fields: dict[str, object], hit: bool) -> None:
    assert matches(entry(**fields), finding()) is hit


def test_suppressed_until_the_day_then_fails_naming_the_entry() -> None:
    e = entry(model="gpt-4o", until=date(2026, 6, 30), where=".llmdeps.yaml:4 ignore[0]")
    on_the_day = apply([finding()], [e], date(2026, 6, 30))
    assert on_the_day.findings[0].suppression is not None
    assert on_the_day.findings[0].suppression.until == "2026-06-30"
    after = apply([finding()], [e], date(2026, 7, 1))
    f = after.findings[0]
    assert f.suppression is None and f.severity is Severity.ERROR
    assert f.message.endswith(
        "Its suppression .llmdeps.yaml:4 ignore[0] (ok for now) expired on 2026-06-30."
    )
    assert after.expired == (e,) and after.unused == ()


def test_unused_entry_is_reported() -> None:
    used, unused = entry(model="gpt-4o"), entry(model="claude-*")
    applied = apply([finding()], [used, unused], TODAY)
    assert applied.unused == (unused,)


def test_config_entries_are_validated(tmp_path: Path) -> None:
    (tmp_path / ".llmdeps.yaml").write_text(CONFIG)
    config = load_config(tmp_path)
    first = config.ignore[0]
    assert (first.rule, first.model, first.until) == ("unpinned-model", "gpt-4o", date(2026, 6, 30))
    assert first.where == ".llmdeps.yaml:4 ignore[0]"
    for bad, message in (
        ("ignore:\n  - rule: unpinned-model\n", "ignore[0]: reason: is required"),
        ("ignore:\n  - rule: nope\n    reason: x\n", "ignore[0].rule: unknown rule 'nope'"),
        (
            "ignore:\n  - rule: max-hhi\n    reason: x\n    until: soon\n",
            "ignore[0].until: must be a date like 2026-06-30",
        ),
        ("ignore:\n  - rule: max-hhi\n    reason: x\n    modle: y\n", "ignore[0].modle: unknown"),
        ("ignore: {rule: max-hhi}\n", "ignore: must be a list"),
    ):
        (tmp_path / ".llmdeps.yaml").write_text(bad)
        with pytest.raises(ConfigError) as info:
            load_config(tmp_path)
        assert message in str(info.value)


def test_pyproject_entries_with_a_toml_date(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.llmdeps.ignore]]\n"
        'rule = "max-hhi"\n'
        'reason = "one vendor until the migration"\n'
        "until = 2026-06-30\n"
    )
    (only,) = load_config(tmp_path).ignore
    assert (only.rule, only.until, only.where) == (
        "max-hhi",
        date(2026, 6, 30),
        "pyproject.toml:1 ignore[0]",
    )


def check(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", str(root), "--no-ollama", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    root = make_repo({**APP, ".llmdeps.yaml": CONFIG})
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    return root


def test_cli_suppressed_is_shown_not_failing(repo: Path) -> None:
    (repo / "app" / "llm.py").write_text(APP["app/llm.py"].replace("gpt-4o-mini", "gpt-4o"))
    assert runner.invoke(app, ["scan", str(repo), "--no-ollama", "-q"]).exit_code == 0
    code, out, err = check(repo, "--today", "2026-05-01")
    assert code == 0, out + err
    assert out.startswith("suppressed error: unpinned-model: The model openai/gpt-4o ")
    assert (
        "(pinned once the eval suite runs (#12), until 2026-06-30; .llmdeps.yaml:4 ignore[0])"
        in out
    )
    assert out.endswith("llmdeps check: ok, 1 suppressed\n")
    # the entry that matches nothing is a warning, and does not fail
    assert "ignore[1] (rule denied-vendor, model claude-*) matches no finding" in err


def test_cli_expired_fails(repo: Path) -> None:
    code, out, _ = check(repo, "--today", "2026-07-01")
    assert code == 1
    assert "Its suppression .llmdeps.yaml:4 ignore[0]" in out and "expired on 2026-06-30" in out
    assert out.endswith("llmdeps check: 2 findings\n")


def test_cli_formats_show_suppression(repo: Path) -> None:
    code, out, _ = check(repo, "--today", "2026-05-01", "-f", "json")
    assert code == 1  # gpt-4o-mini is not suppressed
    findings = json.loads(out)["findings"]
    suppressed = [f for f in findings if "suppressed" in f]
    assert [f["model"] for f in suppressed] == ["openai/gpt-4o"]
    assert suppressed[0]["suppressed"] == {
        "reason": "pinned once the eval suite runs (#12)",
        "entry": ".llmdeps.yaml:4 ignore[0]",
        "until": "2026-06-30",
    }
    code, out, _ = check(repo, "--today", "2026-05-01", "-f", "sarif")
    log = json.loads(out)
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]
    marked = [r for r in results if "suppressions" in r]
    assert len(marked) == 1 and len(results) == 2
    assert marked[0]["suppressions"][0]["kind"] == "external"
    assert marked[0]["suppressions"][0]["justification"] == "pinned once the eval suite runs (#12)"
    code, out, _ = check(repo, "--today", "2026-05-01", "-f", "github")
    notice = next(line for line in out.splitlines() if "(suppressed)" in line)
    assert notice.startswith("::notice ") and "Suppressed (pinned once" in notice
    assert out.endswith("llmdeps check: 1 finding (1 suppressed)\n")


@pytest.mark.parametrize(
    ("pattern", "purl", "hit"),
    [
        ("litellm", "pkg:pypi/litellm@1.82.7", True),
        ("pkg:pypi/litellm@1.82.7", "pkg:pypi/litellm@1.82.7", True),
        ("lite*", "pkg:pypi/litellm@1.82.7", True),
        ("@mistralai/mistralai", "pkg:npm/%40mistralai/mistralai@2.2.3", True),
        ("@mistralai/*", "pkg:npm/%40mistralai/mistralai@2.2.3", True),
        ("github.com/ollama/ollama", "pkg:golang/github.com/ollama/ollama@0.5.1", True),
        ("mistralai", "pkg:npm/%40mistralai/mistralai@2.2.3", False),
        ("litellm", "pkg:pypi/litellm-proxy@1.0", False),
    ],
)
def test_package_entries_match_the_name_or_the_purl(pattern: str, purl: str, hit: bool) -> None:
    package_finding = replace(finding(), rule=RuleId("compromised-package"), package=purl)
    e = entry(rule="compromised-package", package=pattern)
    assert matches(e, package_finding) is hit
