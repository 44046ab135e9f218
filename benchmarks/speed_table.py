"""The whole speed table of issue 15 in one run: every contender, every tree, ratios taken round by
round (the contenders of a round run back to back, so a machine whose speed drifts moves them
together).

    python benchmarks/speed_table.py TREE [TREE ...] [--runs 5] [--llmdeps .venv/bin/llmdeps]

Per tree (whole processes, wall time, median of --runs rounds after one warm-up round):
  cold        llmdeps scan --no-cache (every file read and detected)
  warm-scan   llmdeps scan again with a warm content cache (target: the walk plus hashing)
  warm-check  llmdeps check of that lock with the warm cache (target <= 0.2x cold)
  floor       a walker that lists the tree as llmdeps does (git ls-files, else os.walk), runs one
              RE2 pattern over every file and ast.parse over every .py file
  floor-js    on a tree with JS/TS files: the same listing and RE2, plus a tree-sitter parse of
              every JS/TS file (benchmarks/floor_js.py; target cold <= 1.5x it)
  rg          ripgrep with a model pattern, when `rg` is installed
  semgrep     semgrep with that pattern as its one rule (generic), when installed (--semgrep)
  ai-bom      ai-bom's scan, when installed (--ai-bom)
Start-up (no tree): `llmdeps --version` and `llmdeps explain gpt-4o` against
`python -c "import typer"` (targets <= 0.15 s and <= 0.3 s, or <= 3x import typer).

Ratios: a contender's time over the reference of its row (cold for the tree rows, import typer for
start-up), the median of the per-round ratios. Peak RSS is the largest process (wait4's ru_maxrss).
Numbers taken while other work loads the machine are noisy; the table says the load average.
PYTHONDONTWRITEBYTECODE is dropped for the runs: an installed package has its bytecode.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MODEL_PATTERN = (
    r"(?i)(model|engine|deployment)[\w]*\s*[=:]\s*[\"']([\w.:/@-]+)[\"']"
    r"|ollama\s+(pull|run)\s+([\w.:/-]+)"
)

FLOOR = r"""
import ast, os, subprocess, sys
import re2
root = sys.argv[1]
rx = re2.compile(PATTERN.encode())
skip = {".git", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
try:
    out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"], capture_output=True, check=True).stdout
    paths = [os.path.join(root, p) for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
except (OSError, subprocess.CalledProcessError):
    paths = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        paths.extend(os.path.join(folder, f) for f in files)
hits = 0
for p in paths:
    try:
        if not os.path.isfile(p) or os.path.islink(p) or os.path.getsize(p) > 2 * 1024 * 1024:
            continue
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError:
        continue
    hits += len(rx.findall(data))
    if p.endswith(".py"):
        try:
            ast.parse(data)
        except (SyntaxError, ValueError):
            pass
print(hits)
""".replace("PATTERN", repr(MODEL_PATTERN))


@dataclass
class Contender:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def run_once(c: Contender) -> None:
    env = {**os.environ, **c.env}
    # As installed: bytecode is written once (the warm-up round) and reused, not compiled per run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        c.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{c.name}: exit {proc.returncode}: {' '.join(c.argv)}")
    c.walls.append(wall)
    c.peaks.append(usage.ru_maxrss / 1024)


def rounds(contenders: list[Contender], runs: int) -> None:
    for c in contenders:  # warm-up round: not counted (fills the caches, the page cache)
        run_once(c)
        c.walls.clear()
        c.peaks.clear()
    for _ in range(runs):
        for c in contenders:
            run_once(c)


def ratio(c: Contender, ref: Contender) -> float:
    return statistics.median(a / b for a, b in zip(c.walls, ref.walls, strict=True))


def table(title: str, contenders: list[Contender], ref: Contender) -> str:
    lines = [
        f"### {title}",
        "",
        f"| contender | median wall s | min..max | x {ref.name} | peak MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in contenders:
        lines.append(
            f"| {c.name} | {statistics.median(c.walls):.3f} | "
            f"{min(c.walls):.3f}..{max(c.walls):.3f} | {ratio(c, ref):.2f} | {max(c.peaks):.0f} |"
        )
    return "\n".join(lines)


def tree_contenders(
    tree: Path, llmdeps: str, work: Path, tools: argparse.Namespace
) -> list[Contender]:
    cache = work / f"cache-{tree.name}"
    lock = work / f"{tree.name}.lock"
    floor = work / "floor.py"
    floor.write_text(FLOOR)
    env = {"LLMDEPS_CACHE_DIR": str(cache)}
    scan = [llmdeps, "scan", str(tree), "--no-ollama", "-q"]
    contenders = [
        Contender("cold", [*scan, "--no-cache", "-o", str(work / "cold.lock")], env),
        Contender("warm-scan", [*scan, "-o", str(lock)], env),
        Contender(
            "warm-check",
            [llmdeps, "check", str(tree), "--no-ollama", "-q", "--lock", str(lock)],
            env,
        ),
        Contender("floor", [sys.executable, str(floor), str(tree)]),
    ]
    if _has_js(tree):
        floor_js = Path(__file__).with_name("floor_js.py")
        contenders.append(Contender("floor-js", [sys.executable, str(floor_js), str(tree)]))
    rg = shutil.which("rg")
    if rg:
        # ripgrep's regex syntax refuses `\"` (an escape RE2 and Python accept)
        pattern = MODEL_PATTERN[4:].replace('\\"', '"')
        contenders.append(Contender("rg", [rg, "-c", "-i", "-e", pattern, str(tree)]))
    contenders.extend(tool_contenders(tree, work, tools))
    return contenders


SEMGREP_RULE = """rules:
  - id: model-reference
    languages: [generic]
    severity: INFO
    message: a model reference
    pattern-regex: PATTERN
""".replace("PATTERN", json.dumps(MODEL_PATTERN))  # a JSON string is a YAML string


def tool_contenders(tree: Path, work: Path, tools: argparse.Namespace) -> list[Contender]:
    """Other inventory tools, where installed: semgrep with one rule, ai-bom's scan."""
    out = []
    if tools.semgrep:
        rule = work / "semgrep-rule.yaml"
        rule.write_text(SEMGREP_RULE)
        argv = [tools.semgrep, "scan", "--config", str(rule), "--metrics=off", "--quiet", str(tree)]
        out.append(Contender("semgrep (1 rule)", argv, {"SEMGREP_ENABLE_VERSION_CHECK": "0"}))
    if tools.ai_bom:
        argv = [tools.ai_bom, "scan", str(tree), "--quiet", "--format", "json", "-o", os.devnull]
        out.append(Contender("ai-bom", argv))
    return out


_JS_ENDINGS = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts")


def _has_js(tree: Path) -> bool:
    """Does the tree hold JS/TS sources (then the JS floor is a row of its table)?"""
    try:
        out = subprocess.run(
            ["git", "-C", str(tree), "ls-files"], capture_output=True, text=True, check=True
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        out = [str(p) for p in tree.rglob("*") if "node_modules" not in p.parts]
    return any(p.endswith(_JS_ENDINGS) for p in out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--llmdeps", default=shutil.which("llmdeps") or "llmdeps")
    parser.add_argument("--semgrep", default=shutil.which("semgrep"), help="row when installed")
    parser.add_argument("--ai-bom", default=shutil.which("ai-bom"), help="row when installed")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="llmdeps-speed-") as tmp:
        work = Path(tmp)
        env = {"LLMDEPS_CACHE_DIR": str(work / "cache-start")}
        typer_import = Contender("import-typer", [sys.executable, "-c", "import typer"])
        start = [
            typer_import,
            Contender("--version", [args.llmdeps, "--version"], env),
            Contender("explain gpt-4o", [args.llmdeps, "explain", "gpt-4o"], env),
        ]
        rounds(start, args.runs)
        print(table("start-up", start, typer_import))
        for tree in args.trees:
            contenders = tree_contenders(tree.resolve(), args.llmdeps, work, args)
            rounds(contenders, args.runs)
            print()
            print(table(f"{tree.name}", contenders, contenders[0]))
            floor = contenders[3]
            print(f"\ncold / floor: {ratio(contenders[0], floor):.2f}")
            for c in contenders:
                if c.name == "floor-js":
                    print(f"cold / floor-js: {ratio(contenders[0], c):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
