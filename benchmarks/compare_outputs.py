"""Capture every output of llmdeps on a set of trees, or compare two captures byte for byte.

A refactor promises no behaviour change: the lock, the scan JSON, every check format and every
report format stay byte-identical. Capture with the code before the change, capture again after,
compare:

    python benchmarks/compare_outputs.py capture OUT_DIR TREE [TREE...]   # runs `python -m llmdeps`
    python benchmarks/compare_outputs.py compare BEFORE_DIR AFTER_DIR

`capture` runs the llmdeps importable by the current interpreter (set PYTHONPATH to pick a
checkout). For each tree it records: the lock (`scan --no-ollama`, plus the demo's Ollama store
when the tree is the demo), `scan --format json`, `check` in every format against the fresh lock
(clean) and against a lock with one model removed (stale), `report` in every format for the top
vendor and for each lineage vendor of the lock, and `explain` of the lock's model ids as a table
and as JSON. Exit codes and stderr are captured too (stderr with the tree's path replaced).
"""

from __future__ import annotations

import argparse
import fcntl
import filecmp
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

CHECK_FORMATS = ("text", "json", "sarif", "github")
REPORT_FORMATS = ("text", "markdown", "json", "html", "cyclonedx")
DEMO_STORE = Path(__file__).resolve().parent.parent / "examples" / "ollama-store"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, bytes, bytes]:
    proc = subprocess.run(
        [sys.executable, "-m", "llmdeps", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _save(out: Path, name: str, result: tuple[int, bytes, bytes], tree: Path) -> None:
    code, stdout, stderr = result
    (out / f"{name}.out").write_bytes(stdout)
    stderr = stderr.replace(str(tree).encode(), b"<tree>")
    (out / f"{name}.err").write_bytes(stderr)
    (out / f"{name}.rc").write_text(f"{code}\n")


def _without_one_model(lock_text: str) -> str:
    data = yaml.safe_load(lock_text)
    if data.get("models"):
        dropped = data["models"].pop()["id"]
        data["references"] = [r for r in data.get("references", []) if r["model_id"] != dropped]
    return yaml.safe_dump(data, sort_keys=False)


def capture(out_root: Path, trees: list[Path]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OLLAMA", "HF_", "CI"))}
    env["OLLAMA_HOST"] = "127.0.0.1:9"  # nothing listens on the discard port: no server read
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "120"
    for tree in trees:
        tree = tree.resolve()
        out = out_root / tree.name
        out.mkdir(parents=True, exist_ok=True)
        is_demo = (tree / ".llmdeps.yaml").is_file() and tree.name == "demo"
        installs = (
            ["--ollama-models", str(DEMO_STORE)]
            if is_demo and DEMO_STORE.is_dir()
            else ["--no-ollama"]
        )
        # Locks live at a fixed place, so paths to them print the same in every capture.
        work = Path("/tmp/llmdeps-compare") / tree.name
        work.mkdir(parents=True, exist_ok=True)
        lock = work / "llmdeps.lock"
        _save(out, "scan", _run(["scan", str(tree), *installs, "-o", str(lock)], tree, env), tree)
        _save(
            out,
            "scan-json",
            _run(["scan", str(tree), "--no-ollama", "-f", "json"], tree, env),
            tree,
        )
        (out / "llmdeps.lock").write_bytes(lock.read_bytes())
        stale = work / "stale.lock"
        stale.write_text(_without_one_model(lock.read_text()))
        for fmt in CHECK_FORMATS:
            for label, lock_file in (("clean", lock), ("stale", stale)):
                args = ["check", str(tree), "--no-ollama", "--lock", str(lock_file), "-f", fmt]
                _save(out, f"check-{label}-{fmt}", _run(args, tree, env), tree)
        vendors = sorted(
            {m["lineage_vendor"] for m in yaml.safe_load(lock.read_text()).get("models", [])}
        )
        for fmt in REPORT_FORMATS:
            args = ["report", str(tree), "--lock", str(lock), "-f", fmt]
            _save(out, f"report-{fmt}", _run(args, tree, env), tree)
        for vendor in vendors:
            slug = hashlib.sha1(vendor.encode()).hexdigest()[:8]
            for fmt in ("text", "json"):
                args = ["report", str(tree), "--lock", str(lock), "-f", fmt, "--without", vendor]
                _save(out, f"report-without-{slug}-{fmt}", _run(args, tree, env), tree)
        ids = [
            m["id"].split("/", 1)[-1] for m in yaml.safe_load(lock.read_text()).get("models", [])
        ]
        if ids:
            for fmt in ("table", "json"):
                _save(
                    out, f"explain-{fmt}", _run(["explain", *ids[:200], "-f", fmt], tree, env), tree
                )
        print(f"captured {tree} -> {out}", file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    differing: list[str] = []
    total = 0
    for left in sorted(before.rglob("*")):
        if left.is_dir():
            continue
        rel = left.relative_to(before)
        right = after / rel
        total += 1
        if not right.exists():
            differing.append(f"missing after: {rel}")
        elif not filecmp.cmp(left, right, shallow=False):
            differing.append(f"differs: {rel}")
    for right in sorted(after.rglob("*")):
        if right.is_file() and not (before / right.relative_to(after)).exists():
            differing.append(f"new after: {right.relative_to(after)}")
    for line in differing:
        print(line)
    print(f"{total} files compared, {len(differing)} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("out", type=Path)
    cap.add_argument("trees", type=Path, nargs="+")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "capture":
        # One capture at a time on a machine: they share the fixed lock location.
        with open("/tmp/llmdeps-compare.lock", "w") as guard:
            fcntl.flock(guard, fcntl.LOCK_EX)
            capture(args.out, args.trees)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
