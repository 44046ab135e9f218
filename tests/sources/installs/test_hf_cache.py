"""The Hugging Face cache source: layout, refs, weights digests, card, hostile caches, and the
reader's view checked against huggingface_hub.scan_cache_dir on the same cache."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest

from llmdeps import pipeline
from llmdeps.config import Config
from llmdeps.lockfile import dump, load
from llmdeps.model import Install, InstallLocation, LocationKind, Runtime
from llmdeps.sources.base import InstallOptions
from llmdeps.sources.installs.hf_cache import (
    MAX_FRONT_MATTER_CHARS,
    HfCaches,
    collect_cache,
    default_cache_dirs,
    front_matter,
    repo_id_of,
)
from llmdeps.sources.installs.ondisk import Tree
from tests.conftest import MakeRepo
from tests.hf_fixtures import COMMIT_A, COMMIT_B, CacheBuilder, standard_cache
from tests.ollama_fixtures import write_gguf

SOURCE = HfCaches()


def _by_key(installs: tuple[Install, ...]) -> dict[tuple[str, str | None], Install]:
    return {(i.name, i.revision): i for i in installs}


def test_a_cache_gives_one_install_per_model_snapshot(tmp_path: Path) -> None:
    b = standard_cache(tmp_path / "hub")
    scan = collect_cache([b.root])
    found = _by_key(scan.installs)
    assert sorted(found) == [("gpt2", COMMIT_A), ("org/alpha", COMMIT_A), ("org/alpha", COMMIT_B)]
    alpha = found[("org/alpha", COMMIT_A)]
    assert alpha.runtime is Runtime.HUGGINGFACE
    assert alpha.location == InstallLocation(LocationKind.CACHE, str(b.root))
    assert alpha.refs == ("main",)
    assert found[("org/alpha", COMMIT_B)].refs == ("refs/pr/1",)
    assert alpha.family == "llama" and alpha.families == ("LlamaForCausalLM",)
    assert alpha.license_id == "apache-2.0"
    assert alpha.parent_model == "meta-llama/Llama-3.1-8B"
    assert alpha.format == "safetensors"
    weights = tmp_path / "hub" / "models--org--alpha" / "snapshots" / COMMIT_A / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    assert [(w.path, w.sha256) for w in alpha.files] == [("model.safetensors", digest)]
    assert alpha.weights_digest == digest
    assert len(alpha.digest) == 64
    assert scan.warnings == ()
    assert scan.read == (InstallLocation(LocationKind.CACHE, str(b.root)),)


def test_sharded_weights_get_one_digest_and_nested_files_are_found(tmp_path: Path) -> None:
    b = CacheBuilder(tmp_path)
    b.file("o/m", COMMIT_A, "model-00001-of-00002.safetensors", b"one", lfs=True)
    b.file("o/m", COMMIT_A, "model-00002-of-00002.safetensors", b"two", lfs=True)
    b.file("o/m", COMMIT_A, "onnx/model.onnx", b"three", lfs=True)
    (install,) = collect_cache([tmp_path]).installs
    assert [w.path for w in install.files] == [
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "onnx/model.onnx",
    ]
    assert install.weights_digest and install.weights_digest not in {
        w.sha256 for w in install.files
    }
    assert install.size == len(b"onetwothree")


def test_an_empty_cache_is_read_and_holds_nothing(tmp_path: Path) -> None:
    scan = collect_cache([tmp_path])
    assert scan.installs == () and scan.warnings == ()
    assert scan.read == (InstallLocation(LocationKind.CACHE, str(tmp_path)),)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_an_unreadable_cache_is_a_warning(tmp_path: Path) -> None:
    standard_cache(tmp_path / "hub")
    (tmp_path / "hub").chmod(0)
    try:
        scan = collect_cache([tmp_path / "hub"])
    finally:
        (tmp_path / "hub").chmod(0o755)
    assert scan.installs == () and scan.read == ()
    assert scan.warnings


def test_symlinks_out_of_the_cache_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.json"
    secret.parent.mkdir()
    secret.write_text('{"model_type": "stolen"}')
    b = CacheBuilder(tmp_path / "hub")
    b.model("o/m")
    config = b.repo_dir("o/m") / "snapshots" / COMMIT_A / "config.json"
    config.unlink()
    config.symlink_to(secret)
    (tmp_path / "hub" / "models--o--escape").symlink_to(tmp_path / "outside")
    (install,) = collect_cache([b.root]).installs
    scan = collect_cache([b.root])
    assert install.family is None
    reasons = [w.reason for w in scan.warnings]
    assert sum("points outside the cache" in r for r in reasons) == 2


def test_a_ref_to_a_missing_snapshot_is_a_warning(tmp_path: Path) -> None:
    b = CacheBuilder(tmp_path)
    b.model("o/m")
    b.ref("o/m", "v2", "c" * 40)
    b.ref("o/m", "broken", "not a commit")
    scan = collect_cache([tmp_path])
    assert [i.revision for i in scan.installs] == [COMMIT_A]
    reasons = sorted(w.reason for w in scan.warnings)
    assert reasons == [
        "ref does not hold a commit hash, skipped",
        f"ref v2 points at commit {'c' * 40}, which has no snapshot",
    ]


def test_a_repo_without_snapshots_and_a_dangling_file_are_warnings(tmp_path: Path) -> None:
    b = CacheBuilder(tmp_path)
    b.ref("o/empty", "main", COMMIT_A)
    link = b.file("o/m", COMMIT_A, "model.safetensors", b"w", lfs=True)
    link.resolve().unlink()
    scan = collect_cache([tmp_path])
    reasons = sorted(w.reason for w in scan.warnings)
    assert "repo has no snapshots/ directory, skipped" in reasons
    assert "snapshot file points at a missing blob" in reasons


def test_a_yaml_bomb_card_is_not_expanded(tmp_path: Path) -> None:
    lines = ["---", 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for n in range(1, 30):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
    lines += ["license: mit", "---", ""]
    b = CacheBuilder(tmp_path)
    b.file("o/bomb", COMMIT_A, "README.md", "\n".join(lines).encode())
    tracemalloc.start()
    start = time.monotonic()
    (install,) = collect_cache([tmp_path]).installs
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - start < 5
    assert peak < 50 * 1024 * 1024
    assert install.license_id == "mit"


def test_a_huge_card_is_not_parsed(tmp_path: Path) -> None:
    b = CacheBuilder(tmp_path)
    b.file("o/big", COMMIT_A, "README.md", b"---\nlicense: mit\n" + b"x: y\n" * (3 << 20))
    b.file("o/long", COMMIT_A, "README.md",
           ("---\nlicense: mit\nk: " + "y" * MAX_FRONT_MATTER_CHARS + "\n---\n").encode())  # fmt: skip
    scan = collect_cache([tmp_path])
    assert all(i.license_id is None for i in scan.installs)
    assert len(scan.warnings) == 2


def test_a_2gb_sparse_weights_file_is_named_never_read(tmp_path: Path) -> None:
    b = CacheBuilder(tmp_path)
    link = b.file("o/huge", COMMIT_A, "model.safetensors", b"", lfs=True)
    subprocess.run(["truncate", "-s", "2G", str(link.resolve())], check=True)
    tracemalloc.start()
    start = time.monotonic()
    (install,) = collect_cache([tmp_path]).installs
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - start < 5 and peak < 20 * 1024 * 1024
    assert install.size == 2 << 30
    # the blob name is the digest of the (empty) content it was filed under: never recomputed
    assert install.weights_digest == hashlib.sha256(b"").hexdigest()


def test_a_gguf_repo_reads_the_header_through_the_shared_reader(tmp_path: Path) -> None:
    data = write_gguf(tmp_path / "x.gguf", meta={"name": "M", "file_type": 15}).read_bytes()
    b = CacheBuilder(tmp_path / "hub")
    b.file("o/m-GGUF", COMMIT_A, "m.Q4_K_M.gguf", data, lfs=True)
    b.file("o/absurd", COMMIT_A, "a.gguf", b"GGUF\x03\x00\x00\x00" + b"\xff" * 16, lfs=True)
    scan = collect_cache([b.root])
    found = {i.name: i for i in scan.installs}
    assert found["o/m-GGUF"].quantization == "Q4_K_M" and found["o/m-GGUF"].format == "gguf"
    assert found["o/m-GGUF"].gguf is not None and found["o/m-GGUF"].gguf.architecture == "llama"
    assert found["o/absurd"].gguf is None
    assert any("GGUF header unreadable" in w.reason for w in scan.warnings)


def test_copied_files_without_symlinks_have_no_free_digest(tmp_path: Path) -> None:
    snap = tmp_path / "models--o--m" / "snapshots" / COMMIT_A
    snap.mkdir(parents=True)
    (snap / "model.safetensors").write_bytes(b"w")
    (install,) = collect_cache([tmp_path]).installs
    assert install.files[0].sha256 is None and install.weights_digest is None


@pytest.mark.parametrize(
    ("name", "repo_id"),
    [
        ("models--gpt2", "gpt2"),
        ("models--org--name", "org/name"),
        ("datasets--org--name", None),
        ("models--a--b--c", None),
        ("models--..--x", None),
        ("models--", None),
    ],
)
def test_repo_ids_from_directory_names(name: str, repo_id: str | None) -> None:
    assert repo_id_of(name) == repo_id


def test_front_matter_needs_a_closing_line() -> None:
    assert front_matter("---\nlicense: mit\n---\nbody") == "license: mit\n"
    assert front_matter("---\nlicense: mit\n") is None
    assert front_matter("# title\n---\nlicense: mit\n---\n") is None


def test_default_cache_follows_the_environment(tmp_path: Path) -> None:
    for sub in ("hub-env", "hf-home/hub", "xdg/huggingface/hub", "home/.cache/huggingface/hub"):
        (tmp_path / sub).mkdir(parents=True)
    home = {"HOME": str(tmp_path / "home")}
    assert default_cache_dirs(home) == [tmp_path / "home/.cache/huggingface/hub"]
    xdg = {**home, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert default_cache_dirs(xdg) == [tmp_path / "xdg/huggingface/hub"]
    hf_home = {**xdg, "HF_HOME": str(tmp_path / "hf-home")}
    assert default_cache_dirs(hf_home) == [tmp_path / "hf-home/hub"]
    assert default_cache_dirs({**hf_home, "HUGGINGFACE_HUB_CACHE": str(tmp_path / "hub-env")}) == [
        tmp_path / "hub-env"
    ]
    assert default_cache_dirs({**hf_home, "HF_HUB_CACHE": str(tmp_path / "nowhere")}) == []


def test_same_model_is_case_insensitive_and_revision_aware(tmp_path: Path) -> None:
    standard_cache(tmp_path)
    found = _by_key(collect_cache([tmp_path]).installs)
    a, b = found[("org/alpha", COMMIT_A)], found[("org/alpha", COMMIT_B)]
    assert SOURCE.same_model("Org/Alpha", a) and SOURCE.same_model("org/alpha", b)
    assert SOURCE.same_model("org/alpha@main", a) and not SOURCE.same_model("org/alpha@main", b)
    assert SOURCE.same_model("org/alpha@aaaaaaa", a) and not SOURCE.same_model(
        "org/alpha@aaaaaaa", b
    )
    assert SOURCE.same_model("org/alpha@pr/1", b)
    assert not SOURCE.same_model("org/alph", a) and not SOURCE.same_model("gpt2", a)


def test_tree_read_refuses_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    tree = Tree(tmp_path.resolve(), [], "cache")
    assert tree.read(tmp_path / "fifo", 10, "config.json") is None
    assert "not a regular file" in tree.warnings[0].reason


def test_the_reader_agrees_with_huggingface_hub(tmp_path: Path) -> None:
    hub = pytest.importorskip("huggingface_hub")
    b = standard_cache(tmp_path / "hub")
    b.file("o/sharded", COMMIT_A, "model-1.safetensors", b"one", lfs=True)
    b.file("o/sharded", COMMIT_A, "sub/model-2.safetensors", b"two", lfs=True)
    theirs = hub.scan_cache_dir(b.root)
    expected = {
        (repo.repo_id, rev.commit_hash): (
            tuple(sorted(rev.refs)),
            sorted(
                (str(f.file_path.relative_to(rev.snapshot_path)), f.blob_path.name)
                for f in rev.files
                if f.file_name.endswith(".safetensors")
            ),
        )
        for repo in theirs.repos
        if repo.repo_type == "model"
        for rev in repo.revisions
    }
    ours = {
        (i.name, i.revision): (i.refs, sorted((w.path, w.sha256) for w in i.files))
        for i in collect_cache([b.root]).installs
    }
    assert ours == expected
    assert theirs.warnings == []


def test_where_the_reader_and_huggingface_hub_disagree_on_purpose(tmp_path: Path) -> None:
    """The two cases benchmarks/bench_installs.py reports: a ref to a missing snapshot, and a
    snapshot file linked out of the cache."""
    hub = pytest.importorskip("huggingface_hub")
    b = CacheBuilder(tmp_path / "hub")
    b.model("org/dangling", COMMIT_A, ref=None)
    b.ref("org/dangling", "main", "c" * 40)
    outside = tmp_path / "outside.safetensors"
    outside.write_bytes(b"not in the cache")
    link = b.repo_dir("org/escape") / "snapshots" / COMMIT_A / "model.safetensors"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    b.ref("org/escape", "main", COMMIT_A)
    theirs = hub.scan_cache_dir(b.root)
    ours = collect_cache([b.root])
    # huggingface_hub drops the whole repo for a dangling ref; the snapshot that is there stays here
    assert "org/dangling" not in {r.repo_id for r in theirs.repos}
    assert [i.revision for i in ours.installs if i.name == "org/dangling"] == [COMMIT_A]
    assert any("which has no snapshot" in w.reason for w in ours.warnings)
    # huggingface_hub follows the link out of the cache; here it is not followed: no weights
    (escape,) = [r for r in theirs.repos if r.repo_id == "org/escape"]
    assert [f.file_name for rev in escape.revisions for f in rev.files] == ["model.safetensors"]
    (mine,) = [i for i in ours.installs if i.name == "org/escape"]
    assert mine.files == () and mine.weights_digest is None
    assert any("points outside the cache" in w.reason for w in ours.warnings)


def test_a_scan_with_a_cache_and_a_folder_does_not_crash(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    standard_cache(tmp_path / "hub")
    (tmp_path / "lms").mkdir()
    code = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/alpha")\n'
    root = make_repo({"app.py": code})
    flags = pipeline.install_options(
        None, None, False, False, [tmp_path / "hub"], [tmp_path / "lms"]
    )
    installs = InstallOptions(
        locations=flags.locations, environ={"OLLAMA_HOST": "127.0.0.1:9", "HOME": str(tmp_path)}
    )
    run = pipeline.scan(pipeline.ScanOptions(root=root, config=Config(), installs=installs))
    assert {"org/alpha", "gpt2"} <= {i.name for i in run.inventory.scan.installs}
    assert load(dump(run.lock)) == run.lock
