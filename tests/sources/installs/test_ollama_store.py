"""The on-disk Ollama store reader against real stores built in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pytest

from llmdeps.model import BaseModelRef, Install, InstallLocation, LocationKind
from llmdeps.sources.installs.ollama import store as ollama_store
from llmdeps.sources.installs.ollama.store import collect_store, default_store_dirs
from tests.ollama_fixtures import (
    LLAMA31_LICENSE,
    StoreBuilder,
    gguf_bytes,
    manifest_digest,
    standard_store,
)


def at(path: Path) -> InstallLocation:
    return InstallLocation(LocationKind.STORE, str(path))

def by_name(installs: tuple[Install, ...]) -> dict[str, Install]:
    return {i.name: i for i in installs}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    standard_store(root)
    return root


def test_reads_every_manifest_with_config_licence_and_gguf(store: Path) -> None:
    result = collect_store([store])
    assert result.warnings == ()
    assert result.read == (at(store),)
    assert result.unreachable == ()
    installs = by_name(result.installs)
    assert sorted(installs) == [
        "grant-writer:latest",
        "hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M",
        "llama3.1:8b",
        "nomic-embed-text:latest",
    ]
    llama = installs["llama3.1:8b"]
    assert llama.location == at(store)
    assert llama.format == "gguf"
    assert llama.family == "llama"
    assert llama.families == ("llama",)
    assert llama.parameter_size == "8.0B"
    assert llama.quantization == "Q4_K_M"
    assert llama.parent_model is None
    assert llama.license_id == "llama3.1"
    assert llama.license_text_digest == hashlib.sha256(LLAMA31_LICENSE.encode()).hexdigest()
    assert llama.gguf is not None
    assert llama.gguf.organization == "Meta Llama"
    assert llama.gguf.basename == "Meta-Llama-3.1"
    assert llama.gguf.finetune == "Instruct"
    assert llama.gguf.license == "llama3.1"
    assert llama.gguf.file_type == 15
    assert llama.gguf.base_models == (
        BaseModelRef(
            name="Meta Llama 3.1 8B",
            organization="Meta Llama",
            repo_url="https://huggingface.co/meta-llama/Llama-3.1-8B",
        ),
    )
    nomic = installs["nomic-embed-text:latest"]
    assert (nomic.family, nomic.parameter_size, nomic.quantization) == ("nomic-bert", "137M", "F16")
    assert nomic.license_id == "apache-2.0"
    assert nomic.gguf is not None and nomic.gguf.organization == "Nomic AI"
    hermes = installs["hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M"]
    assert hermes.license_id is None and hermes.license_text_digest is None
    assert hermes.gguf is not None and hermes.gguf.finetune is None  # written as ""
    assert hermes.gguf.base_models[0].organization == "Meta Llama"


def test_digest_is_sha256_of_manifest_bytes_and_weights_digest_is_the_model_layer(
    store: Path,
) -> None:
    installs = by_name(collect_store([store]).installs)
    for name, install in installs.items():
        manifest = next(
            p for p in (store / "manifests").glob("*/*/*/*") if install.digest == manifest_digest(p)
        )
        layers = json.loads(manifest.read_bytes())["layers"]
        model = [la for la in layers if la["mediaType"].endswith(".model")]
        assert install.weights_digest == model[0]["digest"].removeprefix("sha256:"), name
        blob = store / "blobs" / f"sha256-{install.weights_digest}"
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == install.weights_digest


def test_created_model_shares_weights_but_not_manifest_digest(store: Path) -> None:
    installs = by_name(collect_store([store]).installs)
    base, created = installs["llama3.1:8b"], installs["grant-writer:latest"]
    assert created.parent_model == "llama3.1:8b"
    assert created.weights_digest == base.weights_digest
    assert created.digest != base.digest
    assert created.license_id == "llama3.1"
    assert created.gguf == base.gguf


def test_size_is_sum_of_layers_and_config(store: Path) -> None:
    installs = by_name(collect_store([store]).installs)
    manifest = json.loads((store / "manifests/registry.ollama.ai/library/llama3.1/8b").read_bytes())
    expected = manifest["config"]["size"] + sum(la["size"] for la in manifest["layers"])
    assert installs["llama3.1:8b"].size == expected


def test_source_label_is_the_path_as_given_not_resolved(store: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-models"
    link.symlink_to(store)
    result = collect_store([link])
    assert result.read == (at(link),)
    assert {i.location for i in result.installs} == {at(link)}
    relative = Path(os.path.relpath(store))
    assert collect_store([relative]).read == (at(relative),)


def test_same_store_twice_is_read_once(store: Path, tmp_path: Path) -> None:
    link = tmp_path / "again"
    link.symlink_to(store)
    result = collect_store([store, link])
    assert result.read == (at(store),)
    assert len(result.installs) == 4


def test_not_a_store_is_a_warning(tmp_path: Path) -> None:
    result = collect_store([tmp_path])
    assert result.installs == () and result.read == ()
    assert [w.reason for w in result.warnings] == ["not an Ollama models directory (no manifests/)"]


# --- hostile stores -----------------------------------------------------------------------------


def reasons(result: object) -> list[str]:
    return [w.reason for w in result.warnings]  # type: ignore[attr-defined]


def test_dotdot_and_bad_names_in_manifest_dirs_are_skipped(store: Path) -> None:
    good = store / "manifests/registry.ollama.ai/library/llama3.1/8b"
    for bad in ("registry.ollama.ai/../library/x", "registry.ollama.ai/lib.rary/x", "h/n/-x"):
        target = store / "manifests" / bad / "latest"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(good.read_bytes())
    # A directory literally named ".." cannot exist; "..." and "a..b" can and must not pass.
    weird = store / "manifests/registry.ollama.ai/library/a..b/latest"
    weird.parent.mkdir(parents=True)
    weird.write_bytes(good.read_bytes())
    result = collect_store([store])
    assert len(result.installs) == 4
    assert reasons(result).count("manifest path is not a valid model name, skipped") == 3
    assert all("a..b" not in i.name for i in result.installs)


def test_symlinks_out_of_the_store_are_not_followed(store: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret"
    secret.write_text('{"schemaVersion":2,"layers":[]}')
    (store / "manifests/registry.ollama.ai/library/evil").mkdir()
    (store / "manifests/registry.ollama.ai/library/evil/latest").symlink_to(secret)
    # A symlinked model directory pointing outside
    (outside / "tagdir").mkdir()
    (outside / "tagdir" / "latest").write_text('{"schemaVersion":2,"layers":[]}')
    (store / "manifests/registry.ollama.ai/library/evildir").symlink_to(outside / "tagdir")
    # A blob symlink pointing outside: the config of a new model
    b = StoreBuilder(store)
    path = b.model("leaky:1", weights=b"GGUF-not-really")
    manifest = json.loads(path.read_bytes())
    cfg = store / "blobs" / manifest["config"]["digest"].replace(":", "-")
    cfg.unlink()
    (outside / "cfg").write_text('{"model_family":"stolen"}')
    cfg.symlink_to(outside / "cfg")
    result = collect_store([store])
    names = by_name(result.installs)
    assert "evil:latest" not in names and "evildir:latest" not in names
    assert names["leaky:1"].family is None
    why = reasons(result)
    assert "manifest is a symlink that points outside the store, not followed" in why
    assert "symlink points outside the store, not followed" in why
    assert "config blob is a symlink that points outside the store, not followed" in why
    assert len(names) == 5


def test_symlink_inside_the_store_is_followed(store: Path) -> None:
    alias = store / "manifests/registry.ollama.ai/library/alias"
    alias.mkdir()
    (alias / "latest").symlink_to(store / "manifests/registry.ollama.ai/library/llama3.1/8b")
    installs = by_name(collect_store([store]).installs)
    assert installs["alias:latest"].digest == installs["llama3.1:8b"].digest


def test_missing_blobs_are_warnings_naming_the_file(store: Path) -> None:
    manifest = json.loads(
        (store / "manifests/registry.ollama.ai/library/nomic-embed-text/latest").read_bytes()
    )
    model = next(la for la in manifest["layers"] if la["mediaType"].endswith(".model"))
    blob = store / "blobs" / model["digest"].replace(":", "-")
    blob.unlink()
    result = collect_store([store])
    nomic = by_name(result.installs)["nomic-embed-text:latest"]
    assert nomic.gguf is None
    assert nomic.weights_digest == model["digest"].removeprefix("sha256:")
    assert nomic.license_id == "apache-2.0"  # the rest still read
    assert [(w.path, w.reason) for w in result.warnings] == [(str(blob), "model blob is missing")]


def test_truncated_and_forged_gguf_blobs_are_warnings(store: Path, tmp_path: Path) -> None:
    b = StoreBuilder(store)
    good = gguf_bytes(tmp_path / "x.gguf", "llama", {"organization": "Meta Llama"}, tokens=50)
    b.model("truncated:1", weights=good[: len(good) // 2])
    b.model("absurd-count:1", weights=good[:16] + struct.pack("<Q", 10**12) + good[24:])
    key = b"general.name"
    forged = (
        b"GGUF"
        + struct.pack("<IQQ", 3, 0, 1)
        + struct.pack("<Q", len(key))
        + key
        + struct.pack("<I", 8)
        + struct.pack("<Q", 2**40)
        + b"x" * 100
    )
    b.model("absurd-string:1", weights=forged)
    b.model("not-gguf:1", weights=b"PK\x03\x04 a zip file")
    result = collect_store([store])
    names = by_name(result.installs)
    for name in ("truncated:1", "absurd-count:1", "absurd-string:1", "not-gguf:1"):
        assert names[name].gguf is None
        assert names[name].weights_digest is not None
    why = sorted(reasons(result))
    assert len(why) == 4
    assert all(w.startswith("model blob GGUF header unreadable: ") for w in why)
    assert any("truncated" in w for w in why)
    assert any("absurd key/value count" in w for w in why)
    assert any("exceeds the 1048576-byte limit" in w for w in why)
    assert any("bad magic" in w for w in why)
    assert len(names) == 8


def test_non_json_and_odd_manifests_are_warnings(store: Path) -> None:
    base = store / "manifests/registry.ollama.ai/library"
    for model, content in (
        ("garbage", b"\x00\x01 not json"),
        ("array", b"[1, 2]"),
        ("nolayers", b'{"schemaVersion": 2}'),
    ):
        (base / model).mkdir()
        (base / model / "latest").write_bytes(content)
    (base / "huge").mkdir()
    (base / "huge" / "latest").write_bytes(b" " * (ollama_store.MAX_MANIFEST_BYTES + 1))
    (base / "layertypes").mkdir()
    (base / "layertypes" / "latest").write_bytes(
        b'{"config": 7, "layers": [3, {"mediaType": "application/vnd.ollama.image.model",'
        b' "digest": "sha256:../../etc/passwd", "size": "big"}]}'
    )
    result = collect_store([store])
    names = by_name(result.installs)
    assert len(names) == 5
    odd = names["layertypes:latest"]
    assert odd.weights_digest is None and odd.size is None and odd.gguf is None
    why = reasons(result)
    assert why.count("manifest is not valid JSON, skipped") == 1
    assert why.count("manifest has no layer list, skipped") == 2
    assert f"manifest is larger than {ollama_store.MAX_MANIFEST_BYTES} bytes, not read" in why
    assert "a model layer has no valid digest" in why


def test_depth_other_than_four_is_ignored(store: Path) -> None:
    (store / "manifests/registry.ollama.ai/stray").write_text("{}")
    deep = store / "manifests/a/b/c/d/e"
    deep.mkdir(parents=True)
    (deep / "f").write_text("{}")
    (store / "manifests/registry.ollama.ai/library/llama3.1/.DS_Store").write_text("")
    result = collect_store([store])
    assert len(result.installs) == 4 and result.warnings == ()


def test_config_digest_mismatch_is_a_warning(store: Path) -> None:
    manifest = json.loads((store / "manifests/registry.ollama.ai/library/llama3.1/8b").read_bytes())
    cfg = store / "blobs" / manifest["config"]["digest"].replace(":", "-")
    cfg.write_text('{"model_family": "tampered"}')
    result = collect_store([store])
    assert by_name(result.installs)["llama3.1:8b"].family == "tampered"
    assert [(w.path, w.reason) for w in result.warnings] == [
        (str(cfg), "config blob content does not match its digest")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_manifest_is_a_warning(store: Path) -> None:
    path = store / "manifests/registry.ollama.ai/library/llama3.1/8b"
    path.chmod(0)
    try:
        result = collect_store([store])
    finally:
        path.chmod(0o644)
    assert len(result.installs) == 3
    assert reasons(result) == ["manifest is not readable (permission denied)"]


def test_weights_blob_is_never_read_past_the_header(store: Path, tmp_path: Path) -> None:
    """A huge blob: only the header is read (a sparse 4 GiB file costs nothing to skip)."""
    b = StoreBuilder(store)
    header = gguf_bytes(tmp_path / "h.gguf", "llama", {"organization": "Meta Llama"})
    path = b.model("big:1", weights=header)
    digest = json.loads(path.read_bytes())["layers"][0]["digest"].replace(":", "-")
    with (store / "blobs" / digest).open("r+b") as f:
        f.truncate(4 * 1024**3)
    result = collect_store([store])
    big = by_name(result.installs)["big:1"]
    assert big.gguf is not None and big.gguf.organization == "Meta Llama"


# --- default store locations --------------------------------------------------------------------


def test_default_store_dirs_existing_only_and_deduped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".ollama" / "models").mkdir(parents=True)
    explicit = tmp_path / "elsewhere"
    explicit.mkdir()
    dirs = default_store_dirs({"HOME": str(home), "OLLAMA_MODELS": f' "{explicit}" '})
    assert dirs[:2] == [explicit, home / ".ollama" / "models"]
    same = default_store_dirs({"HOME": str(home), "OLLAMA_MODELS": str(home / ".ollama/models")})
    assert same[0] == home / ".ollama/models"
    assert same.count(home / ".ollama" / "models") == 1
    assert len(same) == len(dirs) - 1
    missing = default_store_dirs(
        {"HOME": str(tmp_path / "nobody"), "OLLAMA_MODELS": "/nonexistent"}
    )
    assert all(p.is_dir() for p in missing)
    assert Path("/nonexistent") not in missing


def test_permission_errors_are_warnings_even_as_root(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied_file = store / "manifests/registry.ollama.ai/library/llama3.1/8b"
    denied_dir = store / "manifests/hf.co"
    real_open, real_scandir = Path.open, os.scandir

    def fake_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == denied_file:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    def fake_scandir(path: object) -> object:
        if Path(str(path)) == denied_dir:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = collect_store([store])
    assert sorted(by_name(result.installs)) == ["grant-writer:latest", "nomic-embed-text:latest"]
    assert sorted((w.path, w.reason) for w in result.warnings) == [
        (str(denied_dir), "directory is not readable (permission denied)"),
        (str(denied_file), "manifest is not readable (permission denied)"),
    ]


# --- the committed demo store -------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_generator_reproduces_the_committed_demo_store(tmp_path: Path) -> None:
    import runpy

    main = runpy.run_path(str(EXAMPLES / "make_ollama_store.py"))["main"]
    main(["--out", str(tmp_path / "store")])
    committed = sorted(
        p.relative_to(EXAMPLES / "ollama-store")
        for p in (EXAMPLES / "ollama-store").rglob("*")
        if p.is_file()
    )
    fresh = sorted(
        p.relative_to(tmp_path / "store") for p in (tmp_path / "store").rglob("*") if p.is_file()
    )
    assert committed == fresh
    for rel in committed:
        assert (EXAMPLES / "ollama-store" / rel).read_bytes() == (
            tmp_path / "store" / rel
        ).read_bytes(), rel


def test_demo_store_inventory() -> None:
    store = EXAMPLES / "ollama-store"
    result = collect_store([store])
    assert result.warnings == ()
    got = {
        i.name: (i.license_id, i.parent_model, i.gguf.organization if i.gguf else None)
        for i in result.installs
    }
    assert got == {
        "grant-writer:latest": ("llama3.1", "llama3.1:8b", "Meta Llama"),
        "llama3.1:8b": ("llama3.1", None, "Meta Llama"),
        "mistral:7b": ("apache-2.0", None, "Mistralai"),
        "nomic-embed-text:latest": ("apache-2.0", None, "Nomic AI"),
        "qwen2.5:72b": ("qwen", None, "Qwen"),
    }
    installs = by_name(result.installs)
    assert installs["grant-writer:latest"].weights_digest == installs["llama3.1:8b"].weights_digest
    assert installs["grant-writer:latest"].digest != installs["llama3.1:8b"].digest
    for install in result.installs:
        blob = store / "blobs" / f"sha256-{install.weights_digest}"
        assert blob.stat().st_size < 8192


def test_deeply_nested_manifest_and_config_are_warnings(store: Path) -> None:
    base = store / "manifests/registry.ollama.ai/library"
    (base / "nested").mkdir()
    (base / "nested" / "latest").write_bytes(b"[" * 500_000)
    b = StoreBuilder(store)
    path = b.model("deepconfig:1", weights=b"x")
    manifest = json.loads(path.read_bytes())
    deep = b"{" + b'"a":[' * 100_000
    digest = hashlib.sha256(deep).hexdigest()
    (store / "blobs" / f"sha256-{digest}").write_bytes(deep)
    manifest["config"]["digest"] = f"sha256:{digest}"
    path.write_bytes(json.dumps(manifest).encode())
    result = collect_store([store])
    names = by_name(result.installs)
    assert "nested:latest" not in names and names["deepconfig:1"].family is None
    assert "manifest is not valid JSON, skipped" in reasons(result)
    assert "config blob is not valid JSON" in reasons(result)


def test_fifos_are_never_opened(store: Path) -> None:
    base = store / "manifests/registry.ollama.ai/library"
    (base / "fifo").mkdir()
    os.mkfifo(base / "fifo" / "latest")
    manifest = json.loads((base / "nomic-embed-text/latest").read_bytes())
    model = next(la for la in manifest["layers"] if la["mediaType"].endswith(".model"))
    blob = store / "blobs" / model["digest"].replace(":", "-")
    blob.unlink()
    os.mkfifo(blob)
    result = collect_store([store])  # would block forever if either were opened
    assert "fifo:latest" not in by_name(result.installs)
    assert by_name(result.installs)["nomic-embed-text:latest"].gguf is None
    assert sorted(reasons(result)) == [
        "manifest is not a regular file, not read",
        "model blob is not a regular file, not read",
    ]


def test_licence_digest_mismatch_is_a_warning_and_the_text_still_counts(store: Path) -> None:
    manifest = json.loads((store / "manifests/registry.ollama.ai/library/llama3.1/8b").read_bytes())
    lic = next(la for la in manifest["layers"] if la["mediaType"].endswith(".license"))
    blob = store / "blobs" / lic["digest"].replace(":", "-")
    blob.write_text("Gemma Terms of Use\n\nLast modified: February 21, 2024\n")
    result = collect_store([store])
    installs = by_name(result.installs)
    assert installs["llama3.1:8b"].license_id == "gemma"
    assert installs["grant-writer:latest"].license_id == "gemma"  # the same blob, read once
    assert [(w.path, w.reason) for w in result.warnings] == [
        (str(blob), "license layer content does not match its digest")
    ]
