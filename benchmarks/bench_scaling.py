"""Linear time and bounded memory: a generated monorepo at 20, 80 and 320 MB (issue 15).

    python benchmarks/bench_scaling.py generate DIR --mb 80        # one tree, DIR/mono-80mb
    python benchmarks/bench_scaling.py run [--sizes 20 80 320] [--runs 1] [--keep DIR]

`generate` writes a deterministic monorepo (a git work tree, as real ones are): ordinary
Python (modules, and large test modules with asserts, that say `model` as real code does, so the
prefilter lets them through), some files that name a model (an SDK call, a settings default, a
YAML config), TypeScript, Markdown, YAML and JSON data fixtures, and a little binary. The mix
is the same at every size, so a scan's time should grow with the size alone.
`speed_table.py DIR/mono-80mb` compares it with the floor.

`run` builds each size (or reuses `--keep DIR/mono-<n>mb`), then times per size: a cold
`llmdeps scan --no-cache` and the RE2 + `ast.parse` floor of speed_table.py. It prints seconds,
MB/s, peak RSS and, for each size, time over the smallest size's time next to the size ratio
(linear: 4.0 and 16.0 for 20/80/320). Numbers taken on a loaded machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_table import FLOOR  # noqa: E402

PY_SERVICE = '''"""Service {i}: answers questions with an LLM."""
import os

from openai import OpenAI

MODEL = os.getenv("SERVICE_{i}_MODEL", "gpt-4o-2024-08-06")
client = OpenAI()


def ask_{i}(prompt: str) -> str:
    messages = [{{"role": "user", "content": prompt}}]
    out = client.chat.completions.create(model=MODEL, messages=messages, temperature=0)
    return out.choices[0].message.content
'''
PY_MODULE = '''"""Module {i}: ordinary code, no model in it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from pkg.models import BaseModel


@dataclass
class Record{i}(BaseModel):
    name: str
    size: int
    tags: list[str] = field(default_factory=list)

    def grow(self, by: int) -> "Record{i}":
        return Record{i}(self.name, self.size + by, [*self.tags, "grown"])

    def to_json(self) -> str:
        return json.dumps({{"name": self.name, "size": self.size, "tags": self.tags}})


def pipeline_{i}(records: list[Record{i}]) -> dict[str, int]:
    """Totals per name (a data pipeline, not a model one)."""
    totals: dict[str, int] = {{}}
    for r in records:
        totals[r.name] = totals.get(r.name, 0) + r.size
    return totals
''' + "".join(
    f'\n\ndef helper_{{i}}_{k}(x: int, label: str = "item-{k}") -> str:\n'
    f'    return f"{{{{label}}}}:{{{{x * {k} + 1}}}}"\n'
    for k in range(30)
)
PY_TEST = '''"""Tests of module {i}."""
import pytest

from pkg.mod{i} import Record{i}, pipeline_{i}
from pkg.runner import Runner


@pytest.fixture
def records():
    return [Record{i}("a", 1), Record{i}("b", 2), Record{i}("a", 3)]


@pytest.fixture
def runner(fake_model):
    return Runner(model=fake_model, retries=2)
''' + "".join(
    f'''

def test_case_{{i}}_{k}(records):
    out = pipeline_{{i}}(records)
    assert out == {{{{"a": 4, "b": 2}}}}
    assert records[0].grow({k}).to_json() == (
        '{{{{"name": "a", "size": {k + 1}, "tags": ["grown"]}}}}'
    )
    assert [r.name for r in records] == ["a", "b", "a"], "names kept in order"
    assert records[1].model_dump() == {{{{"name": "b", "size": 2, "tags": []}}}}
'''
    for k in range(25)
)
TS_CLIENT = (
    "import OpenAI from 'openai';\nconst client = new OpenAI();\n"
    "export async function ask{i}(q: string) {{\n  return client.chat.completions.create({{ model: "
    "'gpt-4o-mini', messages: [{{ role: 'user', content: q }}] }});\n}}\n"
)
TS_PLAIN = "export function add{i}(a: number, b: number): number {{ return a + b; }}\n" * 40
YAML_CONFIG = "service:\n  name: svc{i}\n  llm_model: llama3.1:8b\n  replicas: 2\n"
YAML_DATA = "".join(
    f"- id: row-{{i}}-{k}\n  label: label {k}\n  values: [{k}, {k + 1}, {k + 2}]\n"
    for k in range(200)
)
JSON_DATA = (
    "[\n"
    + ",\n".join(f'  {{{{"id": "{{i}}-{k}", "score": 0.{k:02d}, "ok": true}}}}' for k in range(300))
    + "\n]\n"
)
MARKDOWN = "# Notes {i}\n\nWe tried gpt-4o and llama3 in prose; prose is not a reference.\n" * 30

# (weight, name pattern, body): the mix of every size.
KINDS = (
    (0.02, "svc/service{i}.py", PY_SERVICE),
    (0.30, "pkg/mod{i}.py", PY_MODULE),
    (0.18, "tests/test_mod{i}.py", PY_TEST),
    (0.02, "web/client{i}.ts", TS_CLIENT),
    (0.14, "web/util{i}.ts", TS_PLAIN),
    (0.02, "deploy/svc{i}.yaml", YAML_CONFIG),
    (0.10, "data/rows{i}.yaml", YAML_DATA),
    (0.08, "fixtures/f{i}.json", JSON_DATA),
    (0.13, "docs/n{i}.md", MARKDOWN),
)


def generate(root: Path, megabytes: int, seed: int = 15) -> None:
    """A deterministic tree of about `megabytes` MB, committed to a fresh git repository."""
    rng = random.Random(seed)
    weights = [k[0] for k in KINDS]
    total, i = 0, 0
    target = megabytes * 1_000_000
    while total < target:
        if i % 500 == 499:  # a little binary, skipped by the sniff
            body_bytes = rng.randbytes(8192)
            path = root / f"area{i % 40:02d}" / "assets" / f"b{i}.bin"
        else:
            _, pattern, body = rng.choices(KINDS, weights)[0]
            path = root / f"area{i % 40:02d}" / pattern.format(i=i)
            body_bytes = body.format(i=i).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body_bytes)
        total += len(body_bytes)
        i += 1
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=b@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "generated"], check=True)


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the largest process) of one child."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"exit {status}: {' '.join(argv)}")
    return wall, usage.ru_maxrss / 1024


def run(sizes: list[int], runs: int, llmdeps: str, keep: Path | None) -> None:
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores; median of {runs} run(s)")
    with tempfile.TemporaryDirectory(prefix="llmdeps-scaling-") as tmp:
        work = Path(tmp)
        floor = work / "floor.py"
        floor.write_text(FLOOR)
        base = keep or work
        rows = []
        for mb in sizes:
            tree = base / f"mono-{mb}mb"
            if not tree.is_dir():
                generate(tree, mb)
            size = sum(p.stat().st_size for p in tree.rglob("*") if ".git" not in p.parts)
            scan = [llmdeps, "scan", str(tree), "--no-ollama", "-q", "--no-cache"]
            scan += ["-o", str(work / "out.lock")]
            ours = sorted(_timed(scan) for _ in range(runs))[runs // 2]
            ref = sorted(_timed([sys.executable, str(floor), str(tree)]) for _ in range(runs))
            rows.append((mb, size, ours, ref[runs // 2]))
        _, first_size, first, _ = rows[0]
        print("| MB | llmdeps s | MB/s | peak MiB | x first | size x | floor s | x floor |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for _, size, (wall, peak), (floor_wall, _) in rows:
            print(
                f"| {size / 1e6:.0f} | {wall:.2f} | {size / 1e6 / wall:.1f} | {peak:.0f} | "
                f"{wall / first[0]:.2f} | {size / first_size:.2f} | {floor_wall:.2f} | "
                f"{wall / floor_wall:.2f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("dir", type=Path)
    gen.add_argument("--mb", type=int, default=80)
    go = sub.add_parser("run")
    go.add_argument("--sizes", type=int, nargs="+", default=[20, 80, 320])
    go.add_argument("--runs", type=int, default=1)
    go.add_argument("--llmdeps", default=shutil.which("llmdeps") or "llmdeps")
    go.add_argument("--keep", type=Path, help="build (or reuse) the trees here")
    args = parser.parse_args()
    if args.command == "generate":
        tree = args.dir / f"mono-{args.mb}mb"
        generate(tree, args.mb)
        print(tree)
    else:
        run(args.sizes, max(1, args.runs), args.llmdeps, args.keep)


if __name__ == "__main__":
    main()
