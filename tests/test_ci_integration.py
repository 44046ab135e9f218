"""CI integration: `action.yml` against SchemaStore's action schema and run step by step in a real
temporary git repository (a pull request against an `origin`), the README's CI snippets against
the workflow and GitLab CI schemas, and `check --format gitlab` / `--format junit`."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import stat
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest
import yaml
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.rules import RULES
from tests.formats.test_sarif import schema_errors

TOP = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
runner = CliRunner()
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
APP = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-2024-08-06")\n'
MORE = (
    'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5-20251001")\n'
)


@cache
def vendored_schema(name: str) -> dict[str, Any]:
    """A SchemaStore schema as check-jsonschema vendors it (with SchemaStore's licence)."""
    files = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    data: dict[str, Any] = json.loads(files.joinpath(name).read_text(encoding="utf-8"))
    return data


def errors(schema: dict[str, Any], doc: object) -> list[str]:
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((TOP / "action.yml").read_text(encoding="utf-8"))
    return data


def test_readme_shows_the_demo_pr_comment() -> None:
    comment = (TOP / "examples" / "demo-pr-comment.md").read_text(encoding="utf-8")
    assert comment in (TOP / "README.md").read_text(encoding="utf-8")


def test_action_metadata_is_valid() -> None:
    doc = action()
    assert errors(vendored_schema("github-actions.json"), doc) == []
    assert doc["runs"]["using"] == "composite"
    # every run step gets its values through env:, never a ${{ }} inside the script
    for step in doc["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def readme_blocks(first_line: str) -> list[str]:
    text = (TOP / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    return [b for b in blocks if b.startswith(first_line)]


def test_readme_workflow_and_gitlab_snippets_are_valid() -> None:
    workflows = readme_blocks("# .github/workflows/llmdeps.yml\nname:")
    assert workflows, "README shows a complete workflow using the action"
    for block in workflows:
        doc = yaml.safe_load(block)
        # GitHub reads YAML 1.2, where `on` is a string; PyYAML (1.1) reads it as true
        doc["on"] = doc.pop(True)
        assert errors(vendored_schema("github-workflows.json"), doc) == []
        steps = [s for job in doc["jobs"].values() for s in job["steps"]]
        assert any(str(s.get("uses", "")).split("@")[0].endswith("llmdeps") for s in steps)
    gitlab = readme_blocks("# .gitlab-ci.yml")
    assert gitlab
    for block in gitlab:
        doc = yaml.safe_load(block)
        assert errors(vendored_schema("gitlab-ci.json"), doc) == []
        job = next(v for v in doc.values() if isinstance(v, dict) and "script" in v)
        assert "codequality" in job["artifacts"]["reports"]
        assert "junit" in job["artifacts"]["reports"]


# ---- running the action's steps -----------------------------------------------------------

EXPR = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


class ActionRun:
    """Runs action.yml's steps as the runner would: expressions filled in, env, outputs."""

    def __init__(self, workspace: Path, tmp: Path, context: dict[str, str]) -> None:
        self.workspace = workspace
        self.tmp = tmp
        self.context = context
        self.inputs = {k: str(v.get("default", "")) for k, v in action()["inputs"].items()}
        self.outputs: dict[str, dict[str, str]] = {}
        self.skipped: list[str] = []
        self.uses: list[dict[str, Any]] = []

    def value(self, expr: str) -> str:
        parts = expr.split(".")
        if parts[0] == "inputs":
            return self.inputs[parts[1]]
        if parts[0] == "steps":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        return self.context.get(expr, "")

    def fill(self, text: str) -> str:
        return EXPR.sub(lambda m: self.value(m.group(1)), text)

    def condition(self, text: str) -> bool:
        for clause in text.split("&&"):
            m = re.fullmatch(r"\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*", clause)
            assert m, f"unsupported condition {clause!r}"
            equal = self.value(m.group(1)) == m.group(3)
            if equal != (m.group(2) == "=="):
                return False
        return True

    def run(self) -> int:
        for i, step in enumerate(action()["runs"]["steps"]):
            if "if" in step and not self.condition(step["if"]):
                self.skipped.append(step["name"])
                continue
            if "uses" in step:
                self.uses.append({k: self.fill(str(v)) for k, v in step.get("with", {}).items()})
                continue
            out = self.tmp / f"output-{i}"
            out.write_text("")
            env = {
                **os.environ,
                **GIT_ENV,
                "PATH": f"{self.tmp / 'shims'}:{BIN}:{os.environ['PATH']}",
                "GITHUB_OUTPUT": str(out),
                "GITHUB_ACTION_PATH": str(TOP),
                "RUNNER_TEMP": str(self.tmp),
                **{k: self.fill(str(v)) for k, v in step.get("env", {}).items()},
            }
            cwd = self.workspace / self.fill(step.get("working-directory", "."))
            done = subprocess.run(
                ["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True
            )
            if "id" in step:
                pairs = [line.split("=", 1) for line in out.read_text().splitlines() if line]
                self.outputs[step["id"]] = dict(pairs)
            if done.returncode != 0:
                return done.returncode
        return 0


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


def shim(directory: Path, name: str, body: str) -> None:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, Path]:
    """A clone on a pull request branch that adds a model, its base pushed to `origin`."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    (work / "app").mkdir(parents=True)
    (work / "app" / "llm.py").write_text(APP)
    git(work, "init", "-q", "-b", "main")
    git(work, "remote", "add", "origin", str(origin))
    assert runner.invoke(app, ["scan", str(work), "--no-ollama", "-q"]).exit_code == 0
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "base")
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-q", "-b", "feature")
    (work / "app" / "more.py").write_text(MORE)
    assert runner.invoke(app, ["scan", str(work), "--no-ollama", "-q"]).exit_code == 0
    git(work, "commit", "-q", "-am", "more")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "more")
    shims = tmp_path / "run" / "shims"
    (tmp_path / "run").mkdir()
    # pip and gh are the runner's: record what the action asks of them
    log = tmp_path / "run" / "calls"
    shim(shims, "python", f'echo "python $*" >> {log}\n')
    shim(shims, "gh", f'echo "gh $*" >> {log}\ncp "$5" {tmp_path / "run" / "comment.md"}\n')
    return work, tmp_path / "run"


CONTEXT = {
    "github.event_name": "pull_request",
    "github.base_ref": "main",
    "github.token": "not-a-real-token",
    "github.event.pull_request.number": "7",
}


def test_action_steps_on_a_pull_request(pull_request: tuple[Path, Path]) -> None:
    work, tmp = pull_request
    run = ActionRun(work, tmp, CONTEXT)
    assert run.run() == 0
    calls = (tmp / "calls").read_text().splitlines()
    assert calls[0] == f"python -m pip install --disable-pip-version-check -q {TOP}"
    assert run.outputs["check"] == {"exit-code": "0", "sarif-file": "llmdeps.sarif"}
    assert schema_errors(json.loads((work / "llmdeps.sarif").read_text())) == []
    assert run.uses == [{"sarif_file": "./llmdeps.sarif", "category": "llmdeps"}]
    assert run.outputs["diff"] == {"changed": "true"}
    assert calls[1].startswith(f"gh pr comment 7 --body-file {tmp}/llmdeps-diff.md --edit-last")
    comment = (tmp / "comment.md").read_text()
    assert comment.startswith("<!-- llmdeps-diff -->\n")
    assert "| added | model | `anthropic/claude-haiku-4-5-20251001` |" in comment
    assert "`origin/main:llmdeps.lock` → `llmdeps.lock`" in comment
    assert run.skipped == ["Fail on findings"]


def test_action_fails_on_findings_and_skips_the_comment_off_a_pull_request(
    pull_request: tuple[Path, Path],
) -> None:
    work, tmp = pull_request
    (work / "app" / "stale.py").write_text(APP.replace("gpt-4o-2024-08-06", "gpt-4.1-2025-04-14"))
    run = ActionRun(work, tmp, {**CONTEXT, "github.event_name": "push"})
    run.inputs["version"] = "0.1.0"
    assert run.run() == 1
    calls = (tmp / "calls").read_text().splitlines()
    assert calls == ["python -m pip install --disable-pip-version-check -q llmdeps==0.1.0"]
    assert run.outputs["check"]["exit-code"] == "1"
    results = json.loads((work / "llmdeps.sarif").read_text())["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"lock-stale"}
    assert run.skipped == ["llmdeps diff", "Comment on the pull request"]


# ---- gitlab and junit -------------------------------------------------------------------------


def stale_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "llm.py").write_text(APP)
    assert runner.invoke(app, ["scan", str(root), "--no-ollama", "-q"]).exit_code == 0
    (root / "app" / "more.py").write_text(MORE)
    (root / "app" / "again.py").write_text(MORE)
    return root


def test_gitlab_code_quality(tmp_path: Path) -> None:
    root = stale_repo(tmp_path)
    result = runner.invoke(app, ["check", str(root), "--no-ollama", "-f", "gitlab"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert issues and all(
        set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        for i in issues
    )
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_path = {i["location"]["path"]: i for i in issues}
    assert by_path["app/more.py"]["location"]["lines"]["begin"] == 2  # the reference's line
    assert by_path["app/more.py"]["check_name"] == "lock-stale"
    again = runner.invoke(app, ["check", str(root), "--no-ollama", "-f", "gitlab"]).stdout
    assert again == result.stdout
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "llmdeps.lock").write_text((root / "llmdeps.lock").read_text())
    (clean / "app").mkdir()
    (clean / "app" / "llm.py").write_text(APP)
    done = runner.invoke(app, ["check", str(clean), "--no-ollama", "-f", "gitlab", "-q"])
    assert (done.exit_code, done.stdout) == (0, "[]\n")


def test_junit_is_read_by_a_junit_reader(tmp_path: Path) -> None:
    root = stale_repo(tmp_path)
    out = tmp_path / "junit.xml"
    result = runner.invoke(app, ["check", str(root), "--no-ollama", "-f", "junit", "-o", str(out)])
    assert result.exit_code == 1
    xml = junitparser.JUnitXml.fromfile(str(out))
    suite = next(iter(xml))
    cases = list(suite)
    failed = [c for c in cases if not c.is_passed]
    assert suite.name == "llmdeps check"
    assert suite.tests == len(cases) and suite.failures == len(failed) >= 2
    assert all(isinstance(c.result[0], junitparser.Failure) for c in failed)
    assert {c.classname for c in failed} == {"llmdeps.lock-stale"}
    passing = {c.name for c in cases if c.is_passed}
    assert passing == {str(r.id) for r in RULES} - {"lock-stale"}
