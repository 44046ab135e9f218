"""A large lock for `check` and `report` (integrity issue, item 5; issue 15's 3 MB target).

    python benchmarks/bench_lock.py generate DIR [--references 2000000]   # DIR/repo/llmdeps.lock
    python benchmarks/bench_lock.py run DIR                               # time check and report

`generate` writes a consistent lock (derived figures recomputed, so `lock-inconsistent` stays
quiet) with N references spread over 300 models and 2000 workflows, in an empty repository: `check`
then re-scans nothing and reports every reference as stale, which is the worst case of the lock
diff; `report` reads the lock only. `run` times both once each with the installed CLI; for paired
runs against another build use farm-bench, e.g.

    farm-bench -n 3 --timeout 600 -- python -m llmdeps report DIR/repo --format json -o /dev/null

Numbers taken while other work loads the machine are noisy: say so when you quote them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from llmdeps.analysis.derived import rederive
from llmdeps.lockfile import dump
from llmdeps.lockfile.model import EMPTY_CONCENTRATION, Lock, LockedModel, LockedReference
from llmdeps.model import ModelId, PinStatus, RefKind, Runtime, Vendor

VENDORS = ("Meta", "OpenAI", "Anthropic", "Google", "Mistral AI", "Alibaba")


def build(references: int, models: int = 300, workflows: int = 2000) -> Lock:
    """A lock with this many references; its derived figures recomputed from its facts."""
    locked = []
    for i in range(models):
        vendor = Vendor(VENDORS[i % len(VENDORS)])
        locked.append(
            LockedModel(
                id=ModelId(f"openai/model-{i:04d}"),
                runtime=Runtime.OPENAI,
                name=f"model-{i:04d}",
                version=None,
                pin=PinStatus.FLOATING,
                vendor=vendor,
                lineage_vendor=vendor,
                family=f"family-{i % 17}",
                license="proprietary",
                open_weights=False,
                task="chat",
                parameters_b=None,
                workflows=(),
            )
        )
    refs = []
    for i in range(references):
        model = locked[i % models]
        workflow = f"wf{i % workflows:04d}"
        refs.append(
            LockedReference(
                path=f"{workflow}/pkg{i // 1000:05d}/mod{i:07d}.py",
                context=f"pkg.mod{i}.run:chat",
                model=model.name,
                model_id=model.id,
                kind=RefKind.CALL,
                runtime=Runtime.OPENAI,
                workflow=workflow,
            )
        )
    refs.sort(key=lambda r: (r.path, r.context, r.model))
    lock = Lock(
        tool_version="0.0.0-bench",
        models=tuple(locked),
        workflows=(),
        references=tuple(refs),
        fallbacks=(),
        concentration=EMPTY_CONCENTRATION,
    )
    return rederive(lock)


def _time(argv: list[str]) -> float:
    start = time.monotonic()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.monotonic() - start
    status = f"exit {done.returncode}"
    print(f"{took:8.2f} s  {status:7}  {' '.join(argv[2:])}")
    if done.returncode not in (0, 1):
        print(done.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("dir", type=Path)
    gen.add_argument("--references", type=int, default=2_000_000)
    run = sub.add_parser("run")
    run.add_argument("dir", type=Path)
    args = parser.parse_args()
    repo = args.dir / "repo"
    if args.command == "generate":
        repo.mkdir(parents=True, exist_ok=True)
        start = time.monotonic()
        text = dump(build(args.references))
        (repo / "llmdeps.lock").write_text(text, encoding="utf-8")
        took = time.monotonic() - start
        print(
            f"{repo / 'llmdeps.lock'}: {len(text) / 1e6:.1f} MB, {args.references} references, "
            f"built and dumped in {took:.1f} s"
        )
        return 0
    py = [sys.executable, "-m", "llmdeps"]
    lock = str(repo / "llmdeps.lock")
    print(f"{lock}: {Path(lock).stat().st_size / 1e6:.1f} MB")
    _time([*py, "report", str(repo), "--format", "json", "-o", "-"])
    _time([*py, "report", str(repo), "--format", "text", "-o", "-"])
    _time([*py, "check", str(repo), "--no-ollama", "--format", "json", "-o", "-"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
