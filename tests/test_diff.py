"""`llmdeps diff`: two demo locks, git revisions in a real temporary repository, every format."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from llmdeps.analysis.lockchanges import ChangeKind, compare_sections
from llmdeps.cli.app import app
from llmdeps.formats import DIFF_FORMATS

TOP = Path(__file__).resolve().parent.parent
runner = CliRunner()
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def example_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_diff_example", TOP / "examples" / "make_diff_example.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def demo_locks(tmp_path: Path) -> tuple[Path, Path]:
    """The demo's lock and the lock of the demo after the example pull request's edit."""
    base, pr = tmp_path / "base", tmp_path / "pr"
    shutil.copytree(TOP / "examples" / "demo", base)
    shutil.copytree(TOP / "examples" / "demo", pr)
    example_script().pull_request_edit(pr)
    store = tmp_path / "ollama-store"
    shutil.copytree(TOP / "examples" / "ollama-store", store)
    for repo in (base, pr):
        code, _, err = invoke("scan", str(repo), "--ollama-models", str(store), "-q")
        assert code == 0, err
    return base / "llmdeps.lock", pr / "llmdeps.lock"


def test_two_demo_locks_text(demo_locks: tuple[Path, Path]) -> None:
    old, new = demo_locks
    code, out, err = invoke("diff", str(old), str(new))
    assert code == 0, err
    assert "1 model removed, 1 model changed, 1 workflow changed" in out
    assert "  - anthropic/claude-haiku-4-5-20251001" in out
    assert (
        "~ case-escalation: models: +ollama/llama3.1:8b -anthropic/claude-haiku-4-5-20251001" in out
    )
    # Meta takes the escalation workflow (weight 3 of 19): 9.5/19 -> 12.5/19 (a workflow's
    # vendors are those of the models it calls or offers, not of its fallbacks).
    assert "Meta share: 50% -> 65.8% (+15.8 pts)" in out
    assert "HHI: " in out and "Anthropic share: 15.8% -> 0% (-15.8 pts)" in out
    assert "now: Without Meta, 6 workflows run on Meta open weights" in out


def test_exit_code_flag(demo_locks: tuple[Path, Path]) -> None:
    old, new = demo_locks
    assert invoke("diff", str(old), str(new), "--exit-code")[0] == 1
    code, out, _ = invoke("diff", str(old), str(old), "--exit-code")
    assert code == 0
    assert out.endswith("no dependency change\n")
    assert invoke("diff", str(old), str(new))[0] == 0


def test_json_and_markdown(demo_locks: tuple[Path, Path]) -> None:
    old, new = demo_locks
    code, out, _ = invoke("diff", str(old), str(new), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["changed"] is True and doc["schema_version"] == 1
    assert doc["summary"]["models"] == {"added": 0, "removed": 1, "changed": 1}
    meta = next(v for v in doc["vendor_shares"] if v["vendor"] == "Meta")
    assert (meta["before"], meta["after"]) == (0.5, 0.6579)
    hhi = next(f for f in doc["figures"] if f["name"] == "HHI")
    assert hhi["before"] == 3283 and hhi["after"] > 3283
    workflow = next(c for c in doc["changes"] if c["section"] == "workflows")
    assert workflow["key"] == "case-escalation" and workflow["kind"] == "changed"
    code, md, _ = invoke("diff", str(old), str(new), "-f", "markdown")
    lines = md.splitlines()
    assert lines[0] == "<!-- llmdeps-diff -->"
    # the risk sentences that changed come before the tables
    first_risk = next(i for i, line in enumerate(lines) if line.startswith("- **"))
    first_table = next(i for i, line in enumerate(lines) if line.startswith("| "))
    assert first_risk < first_table
    assert "| Meta share | 50% | 65.8% | +15.8 pts |" in lines
    assert "| changed | workflow | `case-escalation` |" in md


def test_figures_are_recomputed_not_trusted(demo_locks: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = demo_locks
    data = yaml.safe_load(old.read_text())
    data["concentration"]["hhi"] = 1
    data["concentration"]["by_workflows"][0]["share"] = 0.99
    data["workflows"][0]["vendors"] = ["Nobody"]
    forged = tmp_path / "forged.lock"
    forged.write_text(yaml.safe_dump(data))
    code, out, err = invoke("diff", str(old), str(forged), "--exit-code")
    assert code == 0, out + err
    assert "no dependency change" in out


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_git_revisions(make_repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    (repo / "app" / "llm.py").write_text(
        'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-2024-08-06")\n'
    )
    git(repo, "init", "-q")
    assert invoke("scan", str(repo), "--no-ollama", "-q")[0] == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    (repo / "app" / "more.py").write_text(
        'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5")\n'
    )
    assert invoke("scan", str(repo), "--no-ollama", "-q")[0] == 0
    monkeypatch.chdir(repo / "app")  # a subdirectory: the root is found by walking up
    code, out, err = invoke("diff")
    assert code == 0, err
    assert out.startswith("llmdeps diff: HEAD:llmdeps.lock -> ../llmdeps.lock\n")
    assert "+ anthropic/claude-haiku-4-5" in out
    assert "using .. (holds llmdeps.lock)" in err
    git(repo, "commit", "-q", "-am", "two")
    # a revision against the working tree, two revisions, and REV:path
    assert "no dependency change" in invoke("diff", "HEAD")[1]
    code, out, _ = invoke("diff", "HEAD~1", "HEAD", "--exit-code")
    assert code == 1 and "HEAD~1:llmdeps.lock -> HEAD:llmdeps.lock" in out
    assert invoke("diff", "HEAD~1:llmdeps.lock", "HEAD:llmdeps.lock", "--exit-code")[0] == 1
    code, out, err = invoke("diff", "no-such-branch")
    assert code == 2 and out == ""
    assert err.splitlines()[-1].startswith("llmdeps: error: no-such-branch:llmdeps.lock: ")
    assert invoke("diff", "no-such-branch", "-q")[2].count("\n") == 1
    # a revision from before the lock was added: everything is added
    git(repo, "rm", "-q", "--cached", "llmdeps.lock")
    git(repo, "commit", "-q", "-m", "no lock")
    code, out, err = invoke("diff", "HEAD", "--exit-code")
    assert code == 1, err
    assert out.startswith("llmdeps diff: HEAD:llmdeps.lock (none) -> ")
    assert "2 models added" in out
    code, _, err = invoke("diff", "--", "--output=x")
    assert code == 2 and "not a git revision" in err


def test_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "llmdeps.lock").write_text((TOP / "inventory.example.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("diff")
    assert code == 2
    assert "is not in a git repository" in err and err.count("\n") == 1


def test_sections_compared_generically() -> None:
    old: dict[str, list[object]] = {
        "packages": [{"ecosystem": "PyPI", "name": "litellm", "path": "req.txt", "version": "1"}],
        "widgets": [{"name": "a", "size": 1}, {"name": "b", "size": 2}],
    }
    new: dict[str, list[object]] = {
        "packages": [{"ecosystem": "PyPI", "name": "litellm", "path": "req.txt", "version": "2"}],
        "widgets": [{"name": "a", "size": 1}, {"name": "c", "size": 2}],
    }
    changes = compare_sections(old, new)
    assert [(c.section, c.key, c.kind) for c in changes] == [
        ("packages", "PyPI litellm req.txt", ChangeKind.CHANGED),
        ("widgets", "b", ChangeKind.REMOVED),
        ("widgets", "c", ChangeKind.ADDED),
    ]
    assert [(f.name, f.before, f.after) for f in changes[0].fields] == [("version", "1", "2")]


def test_markdown_cells_are_escaped() -> None:
    from llmdeps.formats import diff_markdown

    # a newline is shown as \x0a, whose backslash Markdown must show too
    assert diff_markdown.cell("a|b`c\nd") == "a\\|b\\`c\\\\x0ad"
    assert diff_markdown.code("x`|y") == "`x'\\|y`"


def test_every_diff_format_renders(demo_locks: tuple[Path, Path]) -> None:
    old, new = demo_locks
    for name in DIFF_FORMATS:
        code, out, err = invoke("diff", str(old), str(new), "-f", name)
        assert code == 0 and out.strip(), (name, err)


def test_example_pr_comment_is_current(tmp_path: Path) -> None:
    """examples/demo-pr-comment.md is what `llmdeps diff` posts for the example pull request."""
    text = example_script().comment(tmp_path, [sys.executable, "-m", "llmdeps"])
    assert text == (TOP / "examples" / "demo-pr-comment.md").read_text(), (
        "regenerate it: python examples/make_diff_example.py"
    )


entries = st.lists(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["a", "b", "c", "d"])},
        optional={"size": st.integers(0, 3), "tags": st.lists(st.sampled_from("xyz"), max_size=2)},
    ),
    max_size=5,
    unique_by=lambda e: e["name"],
)


@given(old=entries, new=entries)
def test_compare_sections_properties(old: list[object], new: list[object]) -> None:
    """Nothing changes against itself; added and removed swap when the sides do."""
    assert compare_sections({"workflows": old}, {"workflows": old}) == ()
    forward = compare_sections({"workflows": old}, {"workflows": new})
    back = compare_sections({"workflows": new}, {"workflows": old})
    swap = {ChangeKind.ADDED: ChangeKind.REMOVED, ChangeKind.REMOVED: ChangeKind.ADDED}
    assert sorted((c.key, swap.get(c.kind, c.kind)) for c in forward) == sorted(
        (c.key, c.kind) for c in back
    )
    names_old = {e["name"] for e in old if isinstance(e, dict)}
    names_new = {e["name"] for e in new if isinstance(e, dict)}
    assert {c.key for c in forward if c.kind is ChangeKind.ADDED} == names_new - names_old


def test_readme_shows_the_current_pr_comment() -> None:
    comment = (TOP / "examples" / "demo-pr-comment.md").read_text(encoding="utf-8")
    assert comment in (TOP / "README.md").read_text(encoding="utf-8"), (
        "copy examples/demo-pr-comment.md into README.md's diff section"
    )


def test_quiet_and_verbose(
    make_repo: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """diff prints only its product: -q silences the root-discovery notice (and an unchanged
    diff), -v and -vv are accepted as by the other commands and change nothing on stdout."""
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    (repo / "app" / "llm.py").write_text(
        'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-2024-08-06")\n'
    )
    git(repo, "init", "-q")
    assert invoke("scan", str(repo), "--no-ollama", "-q")[0] == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    (repo / "app" / "more.py").write_text(
        'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5")\n'
    )
    assert invoke("scan", str(repo), "--no-ollama", "-q")[0] == 0
    monkeypatch.chdir(repo / "app")
    code, out, err = invoke("diff")
    assert code == 0 and "using .. (holds llmdeps.lock)" in err
    for flag in ("-q", "--quiet"):
        assert invoke("diff", flag) == (0, out, "")
    for flag in ("-v", "-vv", "--verbose"):
        code, vout, verr = invoke("diff", flag)
        assert (code, vout) == (0, out) and "using .." in verr
    assert invoke("diff", "-q", "-v") == (0, out, "")
    git(repo, "commit", "-q", "-am", "two")
    assert "no dependency change" in invoke("diff")[1]
    assert invoke("diff", "-q") == (0, "", "")
