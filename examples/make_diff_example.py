"""Write examples/demo-pr-comment.md: the comment `llmdeps diff --format markdown` posts on a
pull request to the demo that moves case escalation from Claude Haiku to a local Llama.

The demo and its Ollama store are copied to a temporary git repository; the demo's lock is
committed, the pull request's edit is made, the lock is rescanned, and `llmdeps diff` compares
the lock at HEAD with the working tree's, exactly as the Action's comment step does. A test keeps
the file current (`tests/test_diff.py`).

    python examples/make_diff_example.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "demo-pr-comment.md"

ESCALATION = '''"""Escalation notes for urgent cases now run on the local Llama (no hosted model)."""

import ollama

ESCALATION_MODEL = "llama3.1:8b"


def escalation_note(case_note: str) -> str:
    """Three sentences for the protection lead on call."""
    reply = ollama.chat(
        model=ESCALATION_MODEL,
        messages=[{"role": "user", "content": f"Write an escalation note:\\n\\n{case_note}"}],
    )
    return reply["message"]["content"]
'''

GIT_ENV = {
    "GIT_AUTHOR_NAME": "demo",
    "GIT_AUTHOR_EMAIL": "demo@example.org",
    "GIT_COMMITTER_NAME": "demo",
    "GIT_COMMITTER_EMAIL": "demo@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def pull_request_edit(repo: Path) -> None:
    """The change under review."""
    (repo / "service" / "escalation.py").write_text(ESCALATION, encoding="utf-8")


def run(args: list[str], cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{args}: {done.stderr}")
    return done.stdout


def comment(workdir: Path, llmdeps: list[str]) -> str:
    """The Markdown comment for the demo's pull request, built under `workdir`."""
    repo = workdir / "demo"
    shutil.copytree(HERE / "demo", repo)
    shutil.copytree(HERE / "ollama-store", workdir / "ollama-store")
    scan = [*llmdeps, "scan", ".", "--ollama-models", "../ollama-store", "-q"]
    run(["git", "init", "-q"], repo)
    run(scan, repo)
    run(["git", "add", "-A"], repo)
    run(["git", "commit", "-q", "-m", "demo"], repo)
    pull_request_edit(repo)
    run(scan, repo)
    return run([*llmdeps, "diff", "--format", "markdown"], repo)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text = comment(Path(tmp), [sys.executable, "-m", "llmdeps"])
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
