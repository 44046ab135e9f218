"""The walker: gitignore (nested, negation), .llmdepsignore, skipped dirs, size limit, symlink loops."""

from __future__ import annotations

import os
from pathlib import Path

from llmdeps.sources.walk import NOTEBOOK_MAX_BYTES, Skipped, walk
from tests.conftest import MakeRepo


def paths(root: Path, **kwargs: object) -> list[str]:
    return sorted(f.path for f in walk(str(root), max_file_bytes=10_000, **kwargs))  # type: ignore[arg-type]


def test_gitignore_nested_and_negation(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".gitignore": "*.log\nbuild/\n!keep.log\n",
            "app.py": "x",
            "debug.log": "x",
            "keep.log": "x",
            "build/out.py": "x",
            "pkg/.gitignore": "generated_*.py\n/local.py\n",
            "pkg/generated_models.py": "x",
            "pkg/local.py": "x",
            "pkg/sub/local.py": "x",
            "pkg/real.py": "x",
        }
    )
    assert paths(root) == [
        ".gitignore",
        "app.py",
        "keep.log",
        "pkg/.gitignore",
        "pkg/real.py",
        "pkg/sub/local.py",
    ]


def test_llmdepsignore_and_extra_excludes(make_repo: MakeRepo) -> None:
    root = make_repo(
        {".llmdepsignore": "vendored/\n", "vendored/a.py": "x", "legacy/b.py": "x", "c.py": "x"}
    )
    assert paths(root, exclude=("legacy/**",)) == [".llmdepsignore", "c.py"]


def test_examples_tests_fixtures_docs_are_walked(make_repo: MakeRepo) -> None:
    files = {f"{d}/m.py": "x" for d in ("examples", "tests", "fixtures", "docs")}
    root = make_repo(files)
    assert paths(root) == sorted(files)


def test_skips_vcs_node_modules_and_virtualenvs(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".git/config": "x",
            "node_modules/openai/index.js": "x",
            "env/pyvenv.cfg": "home = /usr",
            "env/lib/site.py": "x",
            ".venv/lib/x.py": "x",
            "src/app.py": "x",
        }
    )
    assert paths(root) == ["src/app.py"]


def test_size_limit_is_reported(make_repo: MakeRepo) -> None:
    root = make_repo({"big.json": "x" * 20_000, "small.json": "{}"})
    skipped: list[Skipped] = []
    assert paths(root, skipped=skipped) == ["small.json"]
    assert skipped == [Skipped("big.json", "larger than 10000 bytes")]


def test_notebooks_may_outgrow_the_size_limit(make_repo: MakeRepo) -> None:
    """A notebook is mostly its outputs (images); only its code cells are read."""
    root = make_repo({"big.ipynb": "x" * 20_000, "big.json": "x" * 20_000})
    skipped: list[Skipped] = []
    assert paths(root, skipped=skipped) == ["big.ipynb"]
    assert skipped == [Skipped("big.json", "larger than 10000 bytes")]
    huge = make_repo({"huge.ipynb": "x" * (NOTEBOOK_MAX_BYTES + 1)})
    assert "huge.ipynb" not in paths(huge)


def test_symlink_loops_are_not_followed(make_repo: MakeRepo) -> None:
    root = make_repo({"a/model.py": "x"})
    os.symlink(root / "a", root / "a" / "loop")
    os.symlink(root, root / "up")
    skipped: list[Skipped] = []
    assert paths(root, skipped=skipped) == ["a/model.py"]
    assert {s.path for s in skipped} == {"a/loop", "up"}


def test_unreadable_directory_is_skipped_not_fatal(make_repo: MakeRepo) -> None:
    root = make_repo({"ok.py": "x", "locked/secret.py": "x"})
    (root / "locked").chmod(0)
    try:
        skipped: list[Skipped] = []
        found = paths(root, skipped=skipped)
        if os.geteuid() != 0:  # root can read anything
            assert found == ["ok.py"]
            assert skipped[0].path == "locked"
        else:
            assert "ok.py" in found
    finally:
        (root / "locked").chmod(0o755)


def test_order_is_sorted_and_stable(make_repo: MakeRepo) -> None:
    root = make_repo({"b.py": "", "a/z.py": "", "a/b.py": "", "c/a.py": ""})
    first = [f.path for f in walk(str(root), max_file_bytes=100)]
    assert first == [f.path for f in walk(str(root), max_file_bytes=100)]
    assert sorted(first) == sorted(["b.py", "a/z.py", "a/b.py", "c/a.py"])


def test_an_ignore_file_that_is_a_fifo_or_a_link_to_a_device_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".gitignore")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".llmdepsignore").symlink_to("/dev/zero")
    (sub / "app.py").write_text("MODEL = 'llama3'\n")
    skipped: list[Skipped] = []
    files = [f.path for f in walk(str(tmp_path), max_file_bytes=1000, skipped=skipped)]
    assert files == ["sub/app.py"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons[".gitignore"] == "not read: not a regular file (a FIFO)"
    assert reasons["sub/.llmdepsignore"] == "symlink (not followed)"
