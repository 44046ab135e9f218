"""The content cache: a hit gives exactly what a scan gives, a changed input is a miss, a damaged
entry is a miss, nothing secret is stored, the directory stays bounded, and concurrent writers
never leave half an entry."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps import cache as content_cache
from llmdeps.cachedir import CACHE_ENV
from llmdeps.cli.app import app
from llmdeps.config import Config
from llmdeps.lockfile import dump
from llmdeps.model import Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.pipeline import ScanOptions, scan
from llmdeps.sources.base import InstallOptions, SourceFile
from llmdeps.sources.detectors.python import PythonDetector
from llmdeps.sources.read import FileOutcome
from llmdeps.workers import PARALLEL_MIN_FILES, cgroup_cpu_quota, default_jobs, usable_cpus
from tests.conftest import MakeRepo

NO_OLLAMA = InstallOptions(enabled=False)
SECRET = "sk-proj-" + "Abc123def456GHI789jkl"
TOKEN = "aB3dE5fG7hJ9kL1mN3pQ"

FILES: dict[str, str | bytes] = {
    "app.py": 'import ollama\nollama.chat(model="llama3.1:8b")\n',
    "svc/llm.py": 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n',
    "config.yaml": "model_list:\n  - model_name: fast\n    litellm_params:\n      model: gpt-4o-mini\n",
    "notes.txt": "nothing here\n",
    "leak.py": f'import ollama\nollama.chat(model="{TOKEN}")\n',
    "secret.yaml": f"model_list:\n  - model_name: gpt\n    litellm_params:\n      model: {SECRET}\n",
}


def options(root: Path, *, cache: bool = True, jobs: int = 1) -> ScanOptions:
    return ScanOptions(root=root, config=Config(), installs=NO_OLLAMA, jobs=jobs, cache=cache)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths the Python detector is run on (the scans here run in this process)."""
    seen: list[str] = []
    original = PythonDetector.scan

    def counting(self: PythonDetector, file: SourceFile) -> Iterator[object]:
        seen.append(file.path)
        return original(self, file)

    monkeypatch.setattr(PythonDetector, "scan", counting)
    yield seen


def cache_root() -> Path:
    return Path(os.environ[CACHE_ENV])


def entries() -> list[Path]:
    files = cache_root().glob(f"v{content_cache.FORMAT}/*/*.json")
    return sorted(p for p in files if not p.name.startswith(".tmp-"))


def test_a_warm_scan_runs_no_detector_and_gives_the_same_bytes(
    make_repo: MakeRepo, calls: list[str]
) -> None:
    root = make_repo(FILES)
    cold = scan(options(root))
    assert sorted(calls) == ["app.py", "leak.py", "svc/llm.py"]
    calls.clear()
    warm = scan(options(root))
    assert calls == []
    assert dump(warm.lock) == dump(cold.lock)
    assert warm.result == cold.result
    fresh = scan(options(root, cache=False))
    assert dump(fresh.lock) == dump(cold.lock)
    assert fresh.result == cold.result


def test_a_changed_file_is_a_miss_and_only_it_is_scanned_again(
    make_repo: MakeRepo, calls: list[str]
) -> None:
    root = make_repo(FILES)
    scan(options(root))
    calls.clear()
    (root / "app.py").write_text('import ollama\nollama.chat(model="qwen2.5:7b")\n')
    run = scan(options(root))
    assert calls == ["app.py"]
    assert "qwen2.5:7b" in {r.model for r in run.result.references}
    assert "llama3.1:8b" not in {r.model for r in run.result.references}


def test_a_moved_file_is_a_miss_because_its_references_name_the_path(
    make_repo: MakeRepo, calls: list[str]
) -> None:
    root = make_repo(FILES)
    scan(options(root))
    calls.clear()
    (root / "app.py").rename(root / "main.py")
    run = scan(options(root))
    assert calls == ["main.py"]
    assert {r.location.path for r in run.result.references if r.model == "llama3.1:8b"} == {
        "main.py"
    }


def test_no_cache_neither_reads_nor_writes(make_repo: MakeRepo, calls: list[str]) -> None:
    root = make_repo(FILES)
    scan(options(root, cache=False))
    assert not entries()
    scan(options(root))
    calls.clear()
    scan(options(root, cache=False))
    assert sorted(calls) == ["app.py", "leak.py", "svc/llm.py"]


def test_the_cli_flag_turns_the_cache_off_for_scan_check_and_report(make_repo: MakeRepo) -> None:
    root = make_repo(FILES)
    runner = CliRunner()
    lock = str(root / "llmdeps.lock")
    for args in (
        ["scan", str(root), "--no-ollama", "--no-cache", "-q"],
        ["check", str(root), "--no-ollama", "--no-cache", "-q"],
        ["report", str(root), "--scan", "--no-ollama", "--no-cache", "-q", "--lock", lock],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert not entries()  # (the catalog's compiled form, shipped data like bytecode, may be kept)
    assert runner.invoke(app, ["check", str(root), "--no-ollama", "-q"]).exit_code == 0
    assert entries()


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other-key"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    make_repo: MakeRepo, calls: list[str], damage: str
) -> None:
    root = make_repo(FILES)
    cold = scan(options(root))
    stored = entries()
    assert len(stored) == 5  # three Python files and the two LiteLLM configs
    for i, entry in enumerate(stored):
        raw = entry.read_bytes()
        match damage:
            case "flip":
                at = len(raw) - 5
                raw = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
            case "truncate":
                raw = raw[: len(raw) // 2]
            case "garbage":
                raw = b"\xff\xfe not json at all \0" * 3
            case "empty":
                raw = b""
            case "other-key":
                raw = stored[(i + 1) % len(stored)].read_bytes()
        entry.write_bytes(raw)
    calls.clear()
    warm = scan(options(root))
    assert sorted(calls) == ["app.py", "leak.py", "svc/llm.py"]
    assert warm.result == cold.result
    calls.clear()
    scan(options(root))
    assert calls == []


def test_entries_hold_nothing_the_secret_guard_dropped(make_repo: MakeRepo) -> None:
    root = make_repo(FILES)
    run = scan(options(root))
    assert any("credential" in w.reason for w in run.result.warnings)
    assert entries()
    for entry in cache_root().rglob("*"):
        if entry.is_file():
            for secret in (SECRET, SECRET[8:], TOKEN):
                assert secret.encode() not in entry.read_bytes(), entry


def test_a_different_build_or_catalog_is_a_miss(tmp_path: Path) -> None:
    outcome = FileOutcome(
        "a.py",
        (
            Reference(
                "gpt-4o", Location("a.py", 3, 7, "main"), RefKind.CALL, Runtime.OPENAI, "python"
            ),
            ScanWarning("a.py", "not valid UTF-8"),
        ),
        scanned=True,
    )
    one = content_cache.ContentCache(content_cache.CacheSpec(str(tmp_path), "build-1"))
    two = content_cache.ContentCache(content_cache.CacheSpec(str(tmp_path), "build-2"))
    key = one.key("a.py", ("python",), b"data")
    one.put(key, outcome)
    assert one.get(key) == outcome
    assert two.get(two.key("a.py", ("python",), b"data")) is None
    assert one.get(one.key("a.py", ("python", "config"), b"data")) is None
    assert one.get(one.key("b.py", ("python",), b"data")) is None


def test_the_salt_covers_the_catalog_and_the_code(tmp_path: Path) -> None:
    salt = content_cache.salt()
    assert len(salt) == 32
    catalog = {p.name for p in content_cache._package_files() if "catalog" in p.parts}
    assert "models.yaml" in catalog
    assert any(p.name == "read.py" for p in content_cache._package_files())


def test_an_unknown_detection_type_is_not_stored(tmp_path: Path) -> None:
    store = content_cache.ContentCache(content_cache.CacheSpec(str(tmp_path), "s"))
    odd = FileOutcome("a.py", (object(),), scanned=True)  # type: ignore[arg-type]
    key = store.key("a.py", (), b"")
    store.put(key, odd)
    assert store.get(key) is None
    assert not list(tmp_path.rglob("*.json"))


def test_trim_removes_the_least_recently_used_until_under_the_bound(tmp_path: Path) -> None:
    store = content_cache.ContentCache(content_cache.CacheSpec(str(tmp_path), "s"))
    keys = []
    for i in range(40):
        outcome = FileOutcome(f"f{i}.py", (ScanWarning(f"f{i}.py", "x" * 3000),), scanned=True)
        key = store.key(f"f{i}.py", ("python",), b"")
        store.put(key, outcome)
        file = tmp_path / "v1" / key[:2] / f"{key}.json"
        os.utime(file, (1_000_000 + i, 1_000_000 + i))
        keys.append(key)
    size = sum(p.stat().st_size for p in tmp_path.rglob("*.json"))
    removed = content_cache.trim(tmp_path, size // 2, force=True)
    left = {p.stem for p in tmp_path.rglob("*.json")}
    assert removed == 40 - len(left) > 0
    assert left == set(keys[40 - len(left) :])  # the newest stay
    assert sum(p.stat().st_size for p in tmp_path.rglob("*.json")) <= size // 2
    # at most every ten minutes unless forced
    assert content_cache.trim(tmp_path, 1) == 0


def test_concurrent_writers_and_readers_never_see_half_an_entry(tmp_path: Path) -> None:
    spec = content_cache.CacheSpec(str(tmp_path), "s")
    outcome = FileOutcome(
        "big.py", tuple(ScanWarning("big.py", f"w{i}" * 50) for i in range(300)), scanned=True
    )
    key = content_cache.ContentCache(spec).key("big.py", ("python",), b"x")
    seen: list[FileOutcome | None] = []

    def work() -> None:
        store = content_cache.ContentCache(spec)
        for _ in range(30):
            store.put(key, outcome)
            seen.append(store.get(key))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen
    assert all(s == outcome for s in seen)
    assert not list(tmp_path.rglob(".tmp-*"))


def test_parallel_scans_with_and_without_cache_agree(make_repo: MakeRepo) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(PARALLEL_MIN_FILES + 30):
        body = f'import ollama\nollama.chat(model="llama3.1:8b")  # {i}\n' if i % 9 == 0 else ""
        files[f"p{i % 5}/m{i}.py"] = body + f"def f{i}(model):\n    return model\n"
    root = make_repo(files)
    fresh = scan(options(root, cache=False, jobs=2)).result
    cold = scan(options(root, jobs=2)).result
    warm = scan(options(root, jobs=2)).result
    serial = scan(options(root, cache=False, jobs=1)).result
    assert fresh == cold == warm == serial
    assert len(fresh.references) == (PARALLEL_MIN_FILES + 30 + 8) // 9


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "200000 100000\n"}, 2),
        ({"cpu.max": "150000 100000\n"}, 2),  # 1.5 CPUs: two workers, one of them half busy
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu.max": "garbage"}, None),
        ({}, None),
    ],
)
def test_a_container_cpu_quota_caps_the_workers(
    tmp_path: Path, files: dict[str, str], quota: int | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cgroup_cpu_quota(str(tmp_path)) == quota
    cpus = usable_cpus(str(tmp_path))
    assert cpus >= 1
    if quota is not None:
        assert cpus <= quota
    assert default_jobs(cpus=cpus, load=0.0) == cpus


def test_the_default_job_count_leaves_a_busy_machine_alone() -> None:
    assert default_jobs(cpus=4, load=0.1) == 4
    assert default_jobs(cpus=4, load=2.2) == 2
    assert default_jobs(cpus=2, load=9.0) == 1
    assert default_jobs(cpus=1, load=0.0) == 1
    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


def test_a_cache_kept_inside_the_scanned_tree_is_never_scanned(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(FILES)
    monkeypatch.setenv(CACHE_ENV, str(root / ".cache-here"))
    first = scan(options(root))
    assert entries()
    assert (root / ".cache-here" / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f")
    second = scan(options(root))
    assert dump(second.lock) == dump(first.lock)
    assert not [r for r in second.result.references if r.location.path.startswith(".cache")]


def test_package_declarations_come_from_the_cache_too(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock file's packages are stored and read back, not parsed again on every warm run (a
    large uv.lock or poetry.lock is most of a warm scan otherwise)."""
    from llmdeps.sources.packages.detector import PackageDetector

    root = make_repo(
        {
            "requirements.txt": "litellm==1.82.6\nopenai>=1\n",
            "app.py": 'import ollama\nollama.chat(model="llama3.1:8b")\n',
        }
    )
    read: list[str] = []
    original = PackageDetector.scan

    def counting(self: PackageDetector, file: SourceFile) -> Iterator[object]:
        read.append(file.path)
        return original(self, file)

    monkeypatch.setattr(PackageDetector, "scan", counting)
    cold = scan(options(root))
    assert read == ["requirements.txt"] and cold.result.packages
    read.clear()
    warm = scan(options(root))
    assert read == []
    assert warm.result.packages == cold.result.packages
    assert dump(warm.lock) == dump(cold.lock)
