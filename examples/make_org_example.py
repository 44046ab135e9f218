"""Write examples/org-report.md and examples/org-report.html: the organisation's report over three
variants of the demo, as `llmdeps report LOCK...` gives it.

* `demo`: the demo as it is;
* `demo-clinic`: its escalation notes moved from Claude Haiku to the local Llama (the change of
  examples/demo-pr-comment.md);
* `demo-field`: every Llama 3.1 replaced by Qwen 2.5 (Alibaba), escalation still on Claude.

Each variant is copied to a temporary directory with the Ollama store beside it and scanned
(`scan . --ollama-models ../ollama-store`), then one report reads the three locks. A test keeps
the files current (`tests/test_org_report.py`).

    python examples/make_org_example.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT_MD = HERE / "org-report.md"
OUT_HTML = HERE / "org-report.html"
VARIANTS = ("demo", "demo-clinic", "demo-field")
sys.path.insert(0, str(HERE))

from make_diff_example import pull_request_edit  # noqa: E402


def _qwen(repo: Path) -> None:
    for path in sorted(repo.rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if "llama3.1:8b" in text:
                path.write_text(text.replace("llama3.1:8b", "qwen2.5:7b"), encoding="utf-8")


EDITS = {"demo": None, "demo-clinic": pull_request_edit, "demo-field": _qwen}


def build(workdir: Path, llmdeps: list[str]) -> list[Path]:
    """The three variants scanned under `workdir`; their directories, in VARIANTS order."""
    shutil.copytree(HERE / "ollama-store", workdir / "ollama-store")
    repos = []
    for name in VARIANTS:
        repo = workdir / name
        shutil.copytree(HERE / "demo", repo)
        edit = EDITS[name]
        if edit is not None:
            edit(repo)
        subprocess.run(
            [*llmdeps, "scan", ".", "--ollama-models", "../ollama-store", "-q"],
            cwd=repo,
            check=True,
        )
        repos.append(repo)
    return repos


def report(workdir: Path, llmdeps: list[str], fmt: str) -> str:
    """The org report of the variants built under `workdir`, in this format."""
    done = subprocess.run(
        [*llmdeps, "report", *VARIANTS, "--format", fmt],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def main() -> None:
    llmdeps = [sys.executable, "-m", "llmdeps"]
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), llmdeps)
        OUT_MD.write_text(report(Path(tmp), llmdeps, "markdown"), encoding="utf-8")
        OUT_HTML.write_text(report(Path(tmp), llmdeps, "html"), encoding="utf-8")
    print(f"wrote {OUT_MD.relative_to(HERE.parent)}, {OUT_HTML.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
