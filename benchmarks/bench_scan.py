"""Benchmark `llmdeps scan` against baselines measured in the same run, same files.

    python benchmarks/bench_scan.py                 # a deterministic tree, 6000 files
    python benchmarks/bench_scan.py --files 30000   # a bigger one
    python benchmarks/bench_scan.py PATH [PATH...]  # any checkout(s)

Each contender runs in its own subprocess (peak RSS from getrusage of that child), best of --runs:
  llmdeps        the real CLI: `llmdeps scan PATH --no-ollama -q --output <tmp>` (both cores)
  llmdeps-j1     the same on one core (its peak RSS is the whole scan's: no worker processes)
  re-baseline    one compiled CPython `re` over each file (the naive approach)
  re2+ast        RE2 over each file plus `ast.parse` of every .py (the issue's reference figure)
Ratios are baseline time / llmdeps time: above 1 means llmdeps is faster.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODEL_PATTERN = (
    r"(?i)(model|engine|deployment)[\w]*\s*[=:]\s*[\"']([\w.:/@-]+)[\"']"
    r"|ollama\s+(pull|run)\s+([\w.:/-]+)"
)

_BASELINE = r"""
import ast, json, os, re, sys, time
mode, listing = sys.argv[1], sys.argv[2]
paths = open(listing).read().split("\n")
start = time.perf_counter()
hits = 0
if mode == "re":
    rx = re.compile(PATTERN.encode())
    for p in paths:
        with open(p, "rb") as fh:
            hits += len(rx.findall(fh.read()))
else:
    import re2
    rx = re2.compile(PATTERN.encode())
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        hits += len(rx.findall(data))
        if p.endswith(".py"):
            try:
                ast.parse(data)
            except (SyntaxError, ValueError):
                pass
print(json.dumps({"seconds": time.perf_counter() - start, "hits": hits}))
""".replace("PATTERN", repr(MODEL_PATTERN))

PY_WITH_MODEL = '''"""Service {i}."""
import os
from openai import OpenAI

MODEL = os.getenv("MODEL_{i}", "gpt-4o-2024-08-06")
client = OpenAI()


def run_{i}(prompt: str) -> str:
    """Ask the model."""
    messages = [{{"role": "user", "content": prompt}}]
    out = client.chat.completions.create(model=MODEL, messages=messages)
    return out.choices[0].message.content
'''
PY_PLAIN = '''"""Module {i}: ordinary code with no model in it."""
from dataclasses import dataclass


@dataclass
class Record{i}:
    name: str
    size: int

    def grow(self, by: int) -> "Record{i}":
        return Record{i}(self.name, self.size + by)


def total(records: list[Record{i}]) -> int:
    return sum(r.size for r in records)
''' + "\n".join(f"def helper_{{i}}_{k}(x):\n    return x * {k} + 1\n" for k in range(40))
JS_WITH_MODEL = (
    "import OpenAI from 'openai';\nconst client = new OpenAI();\n"
    "export async function ask{i}(q) {{\n  return client.chat.completions.create({{ model: "
    "'gpt-4o-mini', messages: [{{ role: 'user', content: q }}] }});\n}}\n"
)
JS_PLAIN = "export function add{i}(a, b) {{ return a + b; }}\n" * 30
YAML_WITH_MODEL = "service:\n  name: svc{i}\n  llm_model: llama3.1:8b\n  replicas: 2\n"
YAML_PLAIN = "service:\n  name: svc{i}\n  replicas: 2\n  ports: [80, 443]\n"
MD = "# Notes {i}\n\nWe tried gpt-4o and llama3 in prose; prose is not a reference.\n" * 20


def build_tree(root: Path, files: int, seed: int = 7) -> None:
    """A deterministic monorepo-like tree: mostly ordinary code, some model references."""
    rng = random.Random(seed)
    for i in range(files):
        package = root / f"pkg{i % 97:02d}" / f"mod{i % 13}"
        package.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        if roll < 0.45:
            name, body = f"m{i}.py", (PY_WITH_MODEL if rng.random() < 0.05 else PY_PLAIN)
        elif roll < 0.7:
            name, body = f"m{i}.ts", (JS_WITH_MODEL if rng.random() < 0.05 else JS_PLAIN)
        elif roll < 0.85:
            name, body = f"c{i}.yaml", (YAML_WITH_MODEL if rng.random() < 0.1 else YAML_PLAIN)
        elif roll < 0.97:
            name, body = f"n{i}.md", MD
        else:
            (package / f"b{i}.bin").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
            continue
        (package / name).write_text(body.format(i=i), encoding="utf-8")


def listing(root: Path) -> list[str]:
    """The files llmdeps walks (same ignore rules), for the baselines."""
    from llmdeps.config import DEFAULT_MAX_FILE_BYTES
    from llmdeps.sources.walk import walk

    return [f.abspath for f in walk(str(root), max_file_bytes=DEFAULT_MAX_FILE_BYTES)]


def run_child(cmd: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB, from wait4 of this child alone) and stdout of one child."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {err.read()[-2000:]}")
        return seconds, usage.ru_maxrss, out.read()


def measure(root: Path, runs: int) -> dict[str, object]:
    files = listing(root)
    total = sum(os.path.getsize(p) for p in files)
    with tempfile.TemporaryDirectory() as tmp:
        list_file = Path(tmp) / "files.txt"
        list_file.write_text("\n".join(files))
        lock = Path(tmp) / "out.lock"
        results: dict[str, dict[str, float]] = {}
        contenders = {
            "llmdeps": [
                sys.executable,
                "-m",
                "llmdeps",
                "scan",
                str(root),
                "--no-ollama",
                "-q",
                "--output",
                str(lock),
            ],
            "llmdeps-j1": [
                sys.executable,
                "-m",
                "llmdeps",
                "scan",
                str(root),
                "--no-ollama",
                "-q",
                "--jobs",
                "1",
                "--output",
                str(lock),
            ],
            "re-baseline": [sys.executable, "-c", _BASELINE, "re", str(list_file)],
            "re2+ast": [sys.executable, "-c", _BASELINE, "re2ast", str(list_file)],
        }
        for name, cmd in contenders.items():
            best = min((run_child(cmd) for _ in range(runs)), key=lambda r: r[0])
            results[name] = {"seconds": best[0], "peak_rss_mib": best[1] / 1024}
    ours = results["llmdeps"]["seconds"]
    report: dict[str, object] = {"path": str(root), "files": len(files), "mb": total / 1e6}
    for name, r in results.items():
        report[name] = {
            "seconds": round(r["seconds"], 3),
            "files_per_s": round(len(files) / r["seconds"]),
            "mb_per_s": round(total / 1e6 / r["seconds"], 1),
            "peak_rss_mib": round(r["peak_rss_mib"], 1),
            "ratio_vs_llmdeps": round(r["seconds"] / ours, 2),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--files", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.paths:
        reports = [measure(p, args.runs) for p in args.paths]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "tree"
            build_tree(root, args.files)
            reports = [measure(root, args.runs)]
    for r in reports:
        print(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
