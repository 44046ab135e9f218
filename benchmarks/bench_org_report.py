"""Time `llmdeps report` over many locks (issue 14, item 3: 1,000 locks in under 10 s).

    python benchmarks/bench_org_report.py                  # 1000 locks, json and html, 3 runs
    python benchmarks/bench_org_report.py --locks 200 --runs 5
    python benchmarks/bench_org_report.py --check          # exit 1 above --limit seconds

Generates honest synthetic locks (`benchmarks/org_locks.py`) in a temporary directory, then runs
the real CLI (`python -m llmdeps report DIR... --format F --output FILE`) and reports the wall
clock of each run (process start included) and the median. Numbers taken while other work loads
the machine are noisy: say so when quoting them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from org_locks import write_locks  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="json,html")
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        repos = write_locks(Path(tmp) / "locks", args.locks)
        names = [str(r.relative_to(tmp)) for r in repos]
        for fmt in args.formats.split(","):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "llmdeps", "report", *names, "--format", fmt,
                     "--output", f"out.{fmt}"],
                    cwd=tmp,
                    check=True,
                )
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            worst = max(worst, median)
            size = (Path(tmp) / f"out.{fmt}").stat().st_size
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"{args.locks} locks, {fmt}: median {median:.2f} s (runs {runs}; {size} bytes)")
    if args.check and worst > args.limit:
        print(f"over the {args.limit:g} s limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
