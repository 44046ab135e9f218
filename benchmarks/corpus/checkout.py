"""Materialise each corpus repository's labelled commit from a fetched mirror as a git work tree."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MATERIALIZE = Path(__file__).resolve().parent / "materialize.py"
# A fixed identity and date: the checkout's own commit is scaffolding, never compared.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "corpus",
    "GIT_AUTHOR_EMAIL": "corpus@localhost",
    "GIT_COMMITTER_NAME": "corpus",
    "GIT_COMMITTER_EMAIL": "corpus@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}


def load_repos() -> list[dict[str, object]]:
    with open(HERE / "repos.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return list(data["repos"])


def checkout(repo: str, commit: str, mirrors: Path, out_dir: Path) -> Path:
    owner, name = repo.split("/")
    gitdir = mirrors / f"{owner}+{name}" / "repo"
    if not gitdir.is_dir():
        raise SystemExit(f"{repo}: no mirror at {gitdir} (bring it with the fetch tool first)")
    dest = out_dir / f"{owner}__{name}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    subprocess.run([sys.executable, str(MATERIALIZE), str(gitdir), str(dest), commit], check=True)
    env = {**os.environ, **GIT_ENV}

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(dest), *args], check=True, env=env, stdout=subprocess.DEVNULL
        )

    git("init", "-q")
    # -f: every file came from the repository's tree, so each was tracked there even when a
    # .gitignore pattern matches it (llmdeps must see such files as git does).
    git("add", "-f", "-A", ".")
    git("commit", "-q", "--no-verify", "--no-gpg-sign", "-m", f"{repo}@{commit}")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--repo", action="append", help="owner/name or owner__name (repeatable)")
    args = parser.parse_args()
    wanted = {r.replace("__", "/") for r in args.repo or []}
    for entry in load_repos():
        repo, commit = str(entry["repo"]), str(entry["commit"])
        if wanted and repo not in wanted:
            continue
        print(checkout(repo, commit, args.mirrors, args.out))


if __name__ == "__main__":
    main()
