"""Score llmdeps' references against the labelled corpus: strict recall and precision."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

# A match is (path, line, model as written): strict, so a right model on the wrong line misses.
Key = tuple[str, int, str]


@dataclass
class Repo:
    """One corpus entry: where it is labelled, and what was found there."""

    name: str
    held_out: int  # 0 tuning, else the number of the held-out batch (true is 1)
    include: list[str]
    exclude: list[str]
    labels: dict[Key, str] = field(default_factory=dict)  # key -> kind
    negatives: dict[tuple[str, int], str] = field(default_factory=dict)  # (path, line) -> why
    found: dict[Key, str] = field(default_factory=dict)  # key -> kind llmdeps gave
    error: str = ""

    @property
    def checkout_name(self) -> str:
        return self.name.replace("/", "__")

    def in_scope(self, path: str) -> bool:
        hit = any(glob_re(g).fullmatch(path) for g in self.include)
        return hit and not any(glob_re(g).fullmatch(path) for g in self.exclude)


@cache
def glob_re(glob: str) -> re.Pattern[str]:
    """`**` spans folders, `*` and `?` stay inside one path segment."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


def load_corpus(only: set[str]) -> list[Repo]:
    with open(HERE / "repos.yaml", encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)["repos"]
    repos = []
    for entry in entries:
        name = str(entry["repo"])
        if only and name not in only and name.replace("/", "__") not in only:
            continue
        scope = [str(g) for g in entry["scope"]]
        repo = Repo(
            name=name,
            held_out=int(entry.get("held_out", 0)),  # true is 1
            include=[g for g in scope if not g.startswith("!")],
            exclude=[g[1:] for g in scope if g.startswith("!")],
        )
        with open(HERE / "labels" / f"{repo.checkout_name}.yaml", encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        for ref in data.get("references") or []:
            key = (str(ref["path"]), int(ref["line"]), str(ref["model"]))
            if not repo.in_scope(key[0]):
                raise SystemExit(f"{name}: label outside scope: {key}")
            if key in repo.labels:
                raise SystemExit(f"{name}: duplicate label: {key}")
            repo.labels[key] = str(ref["kind"])
        for neg in data.get("negatives") or []:
            repo.negatives[(str(neg["path"]), int(neg["line"]))] = str(neg["why"])
        repos.append(repo)
    return repos


def run_llmdeps(checkout: Path) -> list[dict[str, object]]:
    cmd = [sys.executable, "-m", "llmdeps", "scan", str(checkout), "--no-ollama"]
    cmd += ["--format", "json", "--output", "-", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return list(json.loads(proc.stdout)["references"])


def scan(repo: Repo, checkouts: Path) -> None:
    checkout = checkouts / repo.checkout_name
    if not checkout.is_dir():
        repo.error = f"no checkout at {checkout} (run checkout.py)"
        return
    try:
        refs = run_llmdeps(checkout)
    except RuntimeError as exc:
        repo.error = str(exc)
        return
    for ref in refs:
        path = str(ref["path"])
        if repo.in_scope(path):
            repo.found[(path, int(str(ref["line"])), str(ref["model"]))] = str(ref["kind"])


@dataclass
class Score:
    tp: int = 0
    labelled: int = 0
    reported: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.labelled += other.labelled
        self.reported += other.reported

    @staticmethod
    def ratio(num: int, den: int) -> str:
        return f"{num / den:.3f}" if den else "  n/a"

    def row(self, name: str) -> str:
        recall = self.ratio(self.tp, self.labelled)
        precision = self.ratio(self.tp, self.reported)
        fn, fp = self.labelled - self.tp, self.reported - self.tp
        cells = f"{self.labelled:>8} {self.reported:>8} {self.tp:>6} {fn:>5} {fp:>5}"
        return f"{name:<42} {cells} {recall:>7} {precision:>9}"


def score(repo: Repo) -> Score:
    tp = len(repo.labels.keys() & repo.found.keys())
    return Score(tp=tp, labelled=len(repo.labels), reported=len(repo.found))


def details(repo: Repo) -> Iterable[str]:
    found_at = {(p, n): m for p, n, m in repo.found}
    labelled_at = {(p, n): m for p, n, m in repo.labels}
    for key in sorted(repo.labels.keys() - repo.found.keys()):
        path, line, model = key
        hint = ""
        if (path, line) in found_at:
            hint = f"  (llmdeps has {found_at[(path, line)]!r} on this line)"
        yield f"  miss  {path}:{line}  {model!r}  [{repo.labels[key]}]{hint}"
    for key in sorted(repo.found.keys() - repo.labels.keys()):
        path, line, model = key
        if (path, line) in labelled_at:
            why = f"labelled {labelled_at[(path, line)]!r} on this line"
        elif (path, line) in repo.negatives:
            why = f"negative: {repo.negatives[(path, line)]}"
        else:
            why = "not labelled"
        yield f"  fp    {path}:{line}  {model!r}  [{repo.found[key]}]  ({why})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkouts", type=Path, required=True, help="folder of owner__name trees")
    parser.add_argument("--repo", action="append", default=[], help="owner/name (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false ones")
    args = parser.parse_args()

    repos = load_corpus(set(args.repo))
    counts = f"{'labelled':>8} {'reported':>8} {'match':>6} {'miss':>5} {'false':>5}"
    print(f"{'repository':<42} {counts} {'recall':>7} {'precision':>9}")
    total, tuned = Score(), Score()
    batches: dict[int, Score] = {}  # held-out batch number -> its sum, reported apart
    for repo in repos:
        scan(repo, args.checkouts)
        name = repo.name + (f" (held out {repo.held_out})" if repo.held_out else "")
        if repo.error:
            print(f"{name:<42} error: {repo.error}")
            continue
        result = score(repo)
        print(result.row(name))
        total.add(result)
        if repo.held_out:
            batches.setdefault(repo.held_out, Score()).add(result)
        else:
            tuned.add(result)
    print("-" * 98)
    print(tuned.row("tuning part"))
    for number, batch in sorted(batches.items()):
        print(batch.row(f"held-out (batch {number})"))
    print(total.row("overall"))
    if args.verbose:
        for repo in repos:
            lines = list(details(repo))
            if lines:
                print(f"\n{repo.name}")
                print("\n".join(lines))
    return 1 if any(repo.error for repo in repos) else 0


if __name__ == "__main__":
    raise SystemExit(main())
