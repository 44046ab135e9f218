"""Measure the tree-sitter Go detector against a hand-written regex scanner, for speed and accuracy.

    python benchmarks/bench_polyglot_go.py /work/corpus     # the corpus' Go checkouts

Speed: every `.go` file of the tuning checkouts (k8sgpt, mods, go-openai; never the held-out
langchaingo), best of --runs, parse and query time only (files are read once, up front).
Accuracy: strict (path, line, model) against the corpus labels of the Go files in scope.

The regex contender is what a careful hand-written scanner looks like: a small lexer blanks out
comments (keeping strings), then one pattern per slot shape (`Model: "x"`, `WithModel("x")`,
`defaultModel = "x"`, `getEnv("X_MODEL", "x")`), with the detector's own name and value tests.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import yaml

from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.polyglot import PolyglotDetector
from llmdeps.sources.detectors.python.names import name_says_model, weak_ok
from llmdeps.sources.testpaths import is_test_path

REPOS = ("k8sgpt-ai__k8sgpt", "charmbracelet__mods", "sashabaranov__go-openai")
LABELLED = {"k8sgpt-ai__k8sgpt": "k8sgpt-ai/k8sgpt", "charmbracelet__mods": "charmbracelet/mods"}
_STRING = r'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`'
_SLOTS = re.compile(
    rf"\b(\w+)\s*:\s*(?:\w+\.\w+\()?(?:{_STRING})"  # Model: "x", Model: openai.F("x")
    rf"|\b(\w+)\s*\(\s*(?:{_STRING})\s*\)"  # WithModel("x")
    rf"|\b(\w+)\s*(?::=|=)\s*(?:{_STRING})"  # defaultModel = "x", model := "x"
    rf"|\b\w*[Ee]nv\w*\(\s*\"(\w+)\"\s*,\s*(?:{_STRING})"  # getEnv("LLM_MODEL", "x")
)
_LEX = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'', re.S)


def _blank_comments(text: str) -> str:
    """Comments become spaces (newlines kept, so lines still count); strings stay."""

    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        return re.sub(r"[^\n]", " ", s) if s.startswith("/") else s

    return _LEX.sub(sub, text)


def regex_scan(path: str, text: str) -> list[tuple[str, int, str]]:
    """(path, line, model) by the hand-written scanner."""
    clean = _blank_comments(text)
    out = []
    for m in _SLOTS.finditer(clean):
        g = m.groups()
        for name, a, b in ((g[0], g[1], g[2]), (g[3], g[4], g[5]), (g[6], g[7], g[8])):
            if name is not None:
                value = a if a is not None else b
                break
        else:
            name, value = g[9], g[10] if g[10] is not None else g[11]
        if name and value and name_says_model(name) and weak_ok(value):
            out.append((path, clean.count("\n", 0, m.start()) + 1, value))
    return out


def tree_sitter_scan(
    detector: PolyglotDetector, path: str, text: str
) -> list[tuple[str, int, str]]:
    """(path, line, model) by the tree-sitter detector."""
    found = detector.scan(SourceFile(path, text, path.rsplit("/", 1)[-1]))
    return [(path, r.location.line, r.model) for r in found if hasattr(r, "model")]


def _in_scope(path: str, scope: list[str]) -> bool:
    """The corpus scorer's scope globs (`**` spans folders)."""
    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from score import glob_re

    ok = any(glob_re(g).fullmatch(path) for g in scope if not g.startswith("!"))
    return ok and not any(glob_re(g[1:]).fullmatch(path) for g in scope if g.startswith("!"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = {
        repo: [
            (str(p.relative_to(args.checkouts / repo)), p.read_text("utf-8", "replace"))
            for p in sorted((args.checkouts / repo).rglob("*.go"))
        ]
        for repo in REPOS
        if (args.checkouts / repo).is_dir()
    }
    total = sum(len(v) for v in files.values())
    size = sum(len(t) for v in files.values() for _, t in v)
    detector = PolyglotDetector()
    contenders = {
        "tree-sitter": lambda p, t: tree_sitter_scan(detector, p, t),
        "regex": regex_scan,
    }
    print(f"{total} Go files, {size / 1e6:.1f} MB")
    for label, fn in contenders.items():
        fn("warm.go", "package p\nconst m = 1\n")
        best = min(_timed(fn, files) for _ in range(args.runs))
        print(f"  {label:12s} {best * 1000:8.0f} ms  ({best / total * 1e6:6.0f} us/file)")
    corpus = Path(__file__).parent / "corpus"
    repos = {r["repo"]: r for r in yaml.safe_load((corpus / "repos.yaml").read_text())["repos"]}
    for checkout, repo in LABELLED.items():
        labels = yaml.safe_load((corpus / "labels" / f"{checkout}.yaml").read_text())
        scope = repos[repo]["scope"]
        want = {
            (r["path"], r["line"], r["model"])
            for r in labels["references"] or []
            if r["path"].endswith(".go")
        }
        for label, fn in contenders.items():
            got = {
                hit
                for path, text in files.get(checkout, [])
                if _in_scope(path, scope) and not is_test_path(path)
                for hit in fn(path, text)
            }
            match = len(want & got)
            print(
                f"  {repo:22s} {label:12s} labelled {len(want):3d} found {len(got):3d} "
                f"match {match:3d} miss {len(want) - match:3d} false {len(got - want):3d}"
            )


def _timed(fn: object, files: dict[str, list[tuple[str, str]]]) -> float:
    start = time.perf_counter()
    for items in files.values():
        for path, text in items:
            fn(path, text)  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
