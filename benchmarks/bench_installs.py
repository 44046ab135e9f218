"""Install sources: requests per server, time per 50 cached models, and huggingface_hub's view.

    python benchmarks/bench_installs.py             # the figures, one table
    python benchmarks/bench_installs.py --json      # the same as JSON
    python benchmarks/bench_installs.py --read-cache DIR   # one timed read of a cache (for
                                                    # farm-bench: `farm-bench -- python ...`)

* Requests per server: each known server's documented replies (tests/openai_fixtures.py) and an
  Ollama with N models (tests/ollama_fixtures.py) are served on loopback, and the requests the
  readers send are counted.
* Time per 50 cached models: `examples/make_model_folders.py --synthetic 50` writes a cache of 51
  model repos; the reader is timed over it in-process (median of 5 reads), next to
  `huggingface_hub.scan_cache_dir` on the same cache. For process-level numbers use farm-bench
  with `--read-cache`. Figures taken while other work loads the machine are noisy.
* Disagreements: both readers' views of the same caches (the demo cache, a synthetic one and a
  hostile one) compared repo by repo, revision by revision.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmdeps.sources.installs.hf_cache import WEIGHTS_SUFFIXES, collect_cache  # noqa: E402
from llmdeps.sources.installs.ollama.api import collect_api  # noqa: E402
from llmdeps.sources.installs.openai_compat import collect_servers  # noqa: E402
from tests.ollama_fixtures import FakeOllama, serve  # noqa: E402
from tests.openai_fixtures import SERVERS, fake_server  # noqa: E402


def requests_per_server() -> dict[str, int]:
    out: dict[str, int] = {}
    for kind in SERVERS:
        fake = fake_server(kind)
        with serve(fake) as url:
            collect_servers([url])
        out[kind] = len(fake.requests)
    for n in (0, 1, 10):
        models = [
            {"name": f"m{i}:latest", "model": f"m{i}:latest", "digest": f"{i:064x}"}
            for i in range(n)
        ]
        fake = FakeOllama(tags={"models": models})
        with serve(fake) as url:
            collect_api([url])
        out[f"ollama ({n} models)"] = len(fake.requests)
    return out


def make_cache(parent: Path, synthetic: int) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "make_model_folders.py"),
            "--out",
            str(parent),
            "--synthetic",
            str(synthetic),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return parent / "hf-cache"


def _median_seconds(fn: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


View = dict[str, set[tuple[str, frozenset[str], frozenset[str]]]]


def hub_view(cache: Path) -> View:
    """Repo -> (commit, refs, weights file names) as huggingface_hub sees them."""
    import huggingface_hub

    info = huggingface_hub.scan_cache_dir(cache)
    return {
        r.repo_id: {
            (
                rev.commit_hash,
                frozenset(rev.refs),
                frozenset(f.file_name for f in rev.files if f.file_name.endswith(WEIGHTS_SUFFIXES)),
            )
            for rev in r.revisions
        }
        for r in info.repos
        if r.repo_type == "model"
    }


def our_view(cache: Path) -> View:
    out: View = {}
    for i in collect_cache([cache]).installs:
        weights = frozenset(f.path.rsplit("/", 1)[-1] for f in i.files)
        out.setdefault(i.name, set()).add((i.revision or "", frozenset(i.refs), weights))
    return out


def disagreements(cache: Path) -> list[str]:
    import huggingface_hub

    theirs, ours = hub_view(cache), our_view(cache)
    lines = []
    for repo in sorted(theirs.keys() | ours.keys()):
        if theirs.get(repo) != ours.get(repo):
            lines.append(f"{repo}: huggingface_hub {theirs.get(repo)} vs llmdeps {ours.get(repo)}")
    info = huggingface_hub.scan_cache_dir(cache)
    ours_warned = len(collect_cache([cache]).warnings)
    lines.append(f"warnings: huggingface_hub {len(info.warnings)}, llmdeps {ours_warned}")
    return lines


def hostile_cache(root: Path) -> Path:
    from tests.hf_fixtures import COMMIT_A, CacheBuilder

    b = CacheBuilder(root)
    b.model("org/ok")
    b.ref("org/dangling", "main", "c" * 40)  # a ref to a snapshot that is not there
    b.model("org/dangling", COMMIT_A, ref=None)
    outside = root.parent / "outside-weights"
    outside.write_bytes(b"not in the cache")
    link = b.repo_dir("org/escape") / "snapshots" / COMMIT_A / "model.safetensors"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    b.ref("org/escape", "main", COMMIT_A)
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--read-cache", type=Path)
    args = parser.parse_args()
    if args.read_cache:
        scan = collect_cache([args.read_cache])
        print(len(scan.installs))
        return
    import huggingface_hub

    figures: dict[str, Any] = {"requests": requests_per_server()}
    with tempfile.TemporaryDirectory() as tmp:
        cache = make_cache(Path(tmp), 49)  # 49 synthetic + the demo model = 50 models
        assert len(collect_cache([cache]).installs) == 50
        figures["seconds_per_50_models"] = {
            "llmdeps": round(_median_seconds(lambda: collect_cache([cache])), 4),
            "huggingface_hub.scan_cache_dir": round(
                _median_seconds(lambda: huggingface_hub.scan_cache_dir(cache)), 4
            ),
        }
        figures["disagreements"] = {
            "demo+synthetic": disagreements(cache),
            "hostile": disagreements(hostile_cache(Path(tmp) / "hostile")),
        }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print("requests per server:")
    for kind, n in figures["requests"].items():
        print(f"  {kind:<20} {n}")
    print("seconds per 50 cached models (median of 5, in-process):")
    for who, s in figures["seconds_per_50_models"].items():
        print(f"  {who:<32} {s:.4f}")
    print("where huggingface_hub and llmdeps disagree:")
    for name, lines in figures["disagreements"].items():
        print(f"  {name}:")
        for line in lines:
            print(f"    {line}")


if __name__ == "__main__":
    main()
