"""CLI conventions, for every command and every flag (also flags added later): -h, -V, metavars
that name values, choices listed in help, one-line usage errors, root discovery, init,
completion, --no-progress, plurals, sizes, tables that keep ids whole, what a report audited."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from rich.console import Console
from typer import _click
from typer.testing import CliRunner

from llmdeps import pipeline
from llmdeps.analysis.report import build_report
from llmdeps.catalog import Catalog
from llmdeps.cli.app import app
from llmdeps.cli.conventions import annotation_of, choices_of, is_option
from llmdeps.config import load_config
from llmdeps.formats import (
    CHECK_FORMATS,
    DIFF_FORMATS,
    EXPLAIN_FORMATS,
    REPORT_FORMATS,
    SCAN_FORMATS,
    report_text,
)
from llmdeps.formats.explain import draw
from llmdeps.model import Runtime
from tests import factories
from tests.conftest import MakeRepo

runner = CliRunner()
APP: dict[str, str | bytes] = {
    "app/llm.py": 'import ollama\nollama.chat(model="llama3.1:8b", messages=[])\n'
}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
REGISTRIES: dict[str, Any] = {
    "scan": SCAN_FORMATS,
    "check": CHECK_FORMATS,
    "report": REPORT_FORMATS,
    "explain": EXPLAIN_FORMATS,
    "diff": DIFF_FORMATS,
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def commands() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    ctx = _click.Context(group, info_name="llmdeps")
    out = [("llmdeps", group)]
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        out.append((name, group.get_command(ctx, name)))  # type: ignore[attr-defined]
    return out


def test_every_param_has_a_value_metavar_and_lists_its_choices() -> None:
    seen = 0
    for name, command in commands():
        for param in command.params:
            flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
            if is_option(param) and flag:
                continue
            seen += 1
            where = f"{name} {param.name}"
            metavar = param.metavar
            if is_option(param) and metavar is None:
                assert annotation_of(param) is bool, where
                continue
            assert metavar, where
            assert re.fullmatch(r"[A-Z][A-Z0-9_-]*(\.\.\.)?", metavar), (where, metavar)
            choices = choices_of(param)
            if is_option(param) and choices:
                assert all(c in (param.help or "") for c in choices), (where, param.help)
            if "--format" in getattr(param, "opts", ()):
                names = REGISTRIES[name]
                assert all(n in (param.help or "") for n in names), (where, param.help)
    assert seen > 30


@pytest.mark.parametrize("name", ["scan", "check", "report", "explain", "diff", "init"])
def test_help_shows_no_python_types(name: str) -> None:
    code, out, _ = invoke(name, "-h")
    assert code == 0 and out == invoke(name, "--help")[1]
    # Typer's own rendering writes types as `<str>`, `<list[Path]>`, `<int range>`
    assert not re.search(r"<[a-z]|list\[|\bNoneType\b", out), out


def test_short_help_and_version() -> None:
    code, out, _ = invoke("-h")
    assert code == 0 and "Commands:" in out and "diff" in out and "init" in out
    code, out, _ = invoke("-V")
    assert code == 0 and re.fullmatch(r"llmdeps \S+\n", out)
    assert invoke("--version")[1] == out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--format", "nope"], "--format: 'nope' is not one of 'text', 'json'"),
        (["scan", "--jobs", "0", "."], "--jobs: must be greater than or equal to 1"),
        (["scan", "--frob"], "no such option: --frob"),
        (["frob"], "no such command 'frob'"),
        (["explain"], "missing argument MODELS"),
        (["check", "--fail-on", "bad"], "--fail-on: 'bad' is not one of"),
        (["check", "--lock"], "option '--lock' requires an argument"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"llmdeps: error: {message}"), err
    assert err.count("\n") == 1, err
    assert "Value error" not in err and "Input should" not in err and "Usage:" not in err


def test_check_nonexistent_says_no_such_directory(tmp_path: Path) -> None:
    for command in ("check", "report", "scan"):
        code, _, err = invoke(command, str(tmp_path / "nonexistent"))
        assert code == 2
        assert err == f"llmdeps: error: {tmp_path / 'nonexistent'}: no such directory\n"


@pytest.mark.parametrize("marker", [".llmdeps.yaml", "llmdeps.lock", ".git"])
def test_root_discovery_walks_up(
    marker: str, make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(APP)
    if marker == ".git":
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    elif marker == ".llmdeps.yaml":
        (root / marker).write_text("workflows:\n  app: {paths: ['app/**']}\n")
    else:
        assert invoke("scan", str(root), "--no-ollama", "-q")[0] == 0
    monkeypatch.chdir(root / "app")
    code, _, err = invoke("scan", "--no-ollama")
    assert code == 0, err
    assert err.splitlines()[0] == f"llmdeps: using .. (holds {marker})"
    assert (root / "llmdeps.lock").is_file() and not (root / "app" / "llmdeps.lock").exists()
    code, _, err = invoke("check", "--no-ollama", "-q")
    assert (code, err) == (0, "")  # -q: not said
    code, out, _ = invoke("check", ".", "--no-ollama")  # a PATH given is used as it is
    assert code == 2 or "using" not in out


def test_init_writes_a_commented_starter_and_never_overwrites(make_repo: MakeRepo) -> None:
    root = make_repo({**APP, "worker/jobs.py": APP["app/llm.py"]})
    code, _, err = invoke("init", str(root))
    assert code == 0, err
    text = (root / ".llmdeps.yaml").read_text()
    assert text.startswith("# .llmdeps.yaml, written by `llmdeps init`")
    assert '  "app":  # uses ollama/llama3.1:8b\n    paths: ["app/**"]\n' in text
    assert "# policy:\n" in text and "# ignore:\n" in text
    config = load_config(root)
    assert [(w.name, w.paths) for w in config.workflows] == [
        ("app", ("app/**",)),
        ("worker", ("worker/**",)),
    ]
    assert "2 inferred workflows" in err
    (root / ".llmdeps.yaml").write_text("# mine\n")
    code, _, err = invoke("init", str(root))
    assert code == 2 and "exists; --force replaces it" in err
    assert (root / ".llmdeps.yaml").read_text() == "# mine\n"
    assert invoke("init", str(root), "--force", "-q") == (0, "", "")
    assert (root / ".llmdeps.yaml").read_text() == text


def test_init_does_not_shadow_a_pyproject_table(make_repo: MakeRepo) -> None:
    root = make_repo({**APP, "pyproject.toml": "[tool.llmdeps.policy]\nmax_hhi = 9000\n"})
    code, _, err = invoke("init", str(root))
    assert code == 2 and "has a [tool.llmdeps] table; --force writes .llmdeps.yaml" in err
    assert not (root / ".llmdeps.yaml").exists()
    assert invoke("init", str(root), "--force", "-q")[0] == 0


def test_shell_completion() -> None:
    code, out, _ = invoke("--show-completion", "bash")
    assert code == 0 and "_LLMDEPS_COMPLETE=complete_bash" in out
    exe = Path(sys.executable).parent / "llmdeps"
    if not exe.exists():
        pytest.skip("llmdeps is not installed")
    env = {**os.environ, "_LLMDEPS_COMPLETE": "complete_bash"}
    for words, cword, expected in (
        ("llmdeps di", "1", "diff"),
        ("llmdeps check -f s", "3", "sarif"),
    ):
        done = subprocess.run(
            [str(exe)],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": cword},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stdout.split() == [expected]


def test_no_progress_singular_and_sizes(make_repo: MakeRepo) -> None:
    root = make_repo({**APP, "big.json": '{"model": "gpt-4o"}' + " " * 2048})
    (root / ".llmdeps.yaml").write_text("scan: {max_file_size: 1KB}\n")
    code, _, err = invoke("scan", str(root), "--no-ollama", "--no-progress", "-v")
    assert code == 0, err
    assert "1 reference to 1 model in 1 file (1 file read);" in err
    assert "(1 workflow)" in err
    assert "skipped: big.json: larger than 1KB" in err


def test_text_tables_never_split_a_model_id() -> None:
    long_id = "huggingface/meta-llama/Llama-3.1-8B-Instruct-abliterated-uncensored-v2"
    narrow = Console(width=50, highlight=False)
    table = draw(narrow, pipeline.explain([long_id.split("/", 1)[1], "gpt-4o"], Runtime.UNKNOWN))
    assert long_id.split("/", 1)[1] in table and "gpt-4o" in table
    lock = factories.lock(models=(factories.model(long_id),))
    report = build_report(lock, Catalog.load(), without=None, date=None)
    assert long_id in report_text.render(report)


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


def test_report_names_what_it_audited(make_repo: MakeRepo) -> None:
    root = make_repo(APP)
    assert invoke("scan", str(root), "--no-ollama", "-q")[0] == 0
    digest = "sha256:" + hashlib.sha256((root / "llmdeps.lock").read_bytes()).hexdigest()
    code, out, _ = invoke("report", str(root), "-f", "json")
    assert json.loads(out)["audited"] == {
        "repository": "repo",
        "lock": "llmdeps.lock",
        "lock_digest": digest,
        "commit": None,
    }
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "x")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    code, out, _ = invoke("report", str(root))
    assert f"audited: repo at commit {head[:12]}, lock llmdeps.lock {digest[:19]}" in out
    code, out, _ = invoke("report", str(root), "-f", "markdown")
    assert f"Audited: repo at commit {head[:12]}" in out
    # a subdirectory of a work tree is not named by the parent's commit
    code, out, _ = invoke("report", str(root / "app"), "--lock", str(root / "llmdeps.lock"))
    assert "audited: app, lock ../llmdeps.lock" in out


def test_every_command_that_reads_a_repository_takes_quiet_and_verbose() -> None:
    """-q and -v mean the same everywhere (explain reads no repository: it has neither)."""
    seen = {}
    for name, command in commands():
        opts = {o: p for p in command.params for o in getattr(p, "opts", ())}
        seen[name] = ("-q" in opts, "-v" in opts)
        if name in ("llmdeps", "explain"):
            continue
        assert opts["-q"].opts == ["--quiet", "-q"] and opts["-q"].help == "Print errors only."
        assert opts["-v"].opts == ["--verbose", "-v"] and opts["-v"].count, name
    assert {n for n, (q, v) in seen.items() if q and v} == {
        "scan",
        "check",
        "report",
        "init",
        "diff",
    }
