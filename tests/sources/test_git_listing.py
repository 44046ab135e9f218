"""In a git work tree the file set is git's: tracked files (even ignored ones) plus untracked,
not-ignored files; .llmdepsignore, scan.exclude and skipped directories still apply."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from llmdeps.sources.walk import Skipped, git_files, walk
from tests.conftest import MakeRepo


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        check=True,
        capture_output=True,
    )


def listed(root: Path, **kwargs: object) -> list[str]:
    return [f.path for f in walk(str(root), max_file_bytes=10_000, **kwargs)]  # type: ignore[arg-type]


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    root = make_repo(
        {
            ".gitignore": "conf/**/*.yaml\n*.local\nnode_modules/\n",
            "conf/litellm/config.yaml": "model_list: []\n",
            "conf/litellm/template.yaml.example": "x",
            "app.py": "MODEL = 'llama3'\n",
            "notes.local": "x",
            "vendor/node_modules/pkg/index.js": "x",
            "legacy/old.py": "x",
            ".llmdepsignore": "legacy/\n",
            "pkg/.llmdepsignore": "gen_*.py\n",
            "pkg/gen_client.py": "x",
            "pkg/real.py": "x",
            "gone.py": "x",
        }
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", "conf/litellm/config.yaml", "vendor/node_modules/pkg/index.js")
    git(root, "commit", "-qm", "init")
    (root / "gone.py").unlink()  # tracked, deleted in the work tree
    (root / "untracked.py").write_text("x")
    (root / "also.local").write_text("x")  # untracked and ignored
    return root


def test_committed_files_that_gitignore_matches_are_listed(repo: Path) -> None:
    assert listed(repo) == [
        ".gitignore",
        ".llmdepsignore",
        "app.py",
        "untracked.py",
        "conf/litellm/config.yaml",
        "conf/litellm/template.yaml.example",
        "pkg/.llmdepsignore",
        "pkg/real.py",
    ]


def test_outside_git_the_walk_reads_gitignore_itself(repo: Path) -> None:
    names = listed(repo, use_git=False)
    assert "conf/litellm/config.yaml" not in names and "app.py" in names
    assert "gone.py" not in names and "legacy/old.py" not in names


def test_scan_exclude_applies_to_git_listings(repo: Path) -> None:
    assert "app.py" not in listed(repo, exclude=["app.py", "conf/"])
    assert not any(p.startswith("conf/") for p in listed(repo, exclude=["conf/"]))


def test_listing_order_matches_the_walk_order(make_repo: MakeRepo) -> None:
    root = make_repo({"b.py": "x", "a/z.py": "x", "a/b/c.py": "x", "c.py": "x", "a/a.py": "x"})
    walked = listed(root, use_git=False)
    git(root, "init", "-q")
    git(root, "add", "-A")
    assert listed(root) == walked == ["b.py", "c.py", "a/a.py", "a/z.py", "a/b/c.py"]


def test_tracked_symlinks_are_not_followed(repo: Path) -> None:
    os.symlink("/etc/passwd", repo / "secrets.yaml")
    git(repo, "add", "secrets.yaml")
    skipped: list[Skipped] = []
    assert "secrets.yaml" not in listed(repo, skipped=skipped)
    assert Skipped("secrets.yaml", "symlink (not followed)") in skipped


def test_a_subdirectory_of_a_work_tree_lists_its_own_part(repo: Path) -> None:
    assert listed(repo / "conf") == ["litellm/config.yaml", "litellm/template.yaml.example"]


def test_not_a_work_tree(tmp_path: Path) -> None:
    assert git_files(str(tmp_path)) is None


def test_the_order_key_sorts_as_the_folder_and_file_tuples() -> None:
    import random

    from llmdeps.sources.walk import _walk_order

    def tuples(path: str) -> tuple[tuple[int, str], ...]:
        *dirs, name = path.split("/")
        return (*((1, d) for d in dirs), (0, name))

    rng = random.Random(15)
    parts = ["a", "ab", "a.b", "b", "A", "_", "a-b", "é", "z\x01", "\udcff", "Makefile", "x y"]
    paths = {
        "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(3000)
    }
    assert sorted(paths, key=_walk_order) == sorted(paths, key=tuples)
