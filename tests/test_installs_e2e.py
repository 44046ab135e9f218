"""Scan and check end to end with a Hugging Face cache, an LM Studio folder and an OpenAI-compatible
server built in tmp_path: pins in the lock, read back, and drift per source kind."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.lockfile import read
from llmdeps.model import Runtime
from tests.hf_fixtures import COMMIT_A, COMMIT_B, CacheBuilder
from tests.ollama_fixtures import FakeOllama, serve, write_gguf
from tests.openai_fixtures import VLLM_MODELS, fake_server

runner = CliRunner()

CODE = """
from transformers import AutoModel
from sentence_transformers import SentenceTransformer

m = AutoModel.from_pretrained("org/alpha")
e = SentenceTransformer("org/embed")
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _no_ollama_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")  # nothing listens on the discard port


def _repo(tmp_path: Path) -> tuple[Path, CacheBuilder]:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(CODE)
    (repo / "get.sh").write_text("# fetch the model weights\nhf download org/tool\n")
    cache = CacheBuilder(tmp_path / "hub")
    cache.model("org/alpha")
    cache.model("org/embed")
    cache.model("org/tool")
    return repo, cache


def test_code_references_resolve_to_cached_repos_and_the_lock_pins_them(tmp_path: Path) -> None:
    repo, _ = _repo(tmp_path)
    code, _out, err = invoke("scan", str(repo), "--hf-cache", str(tmp_path / "hub"), "-q")
    assert code == 0, err
    lock = read(repo / "llmdeps.lock")
    by_id = {m.id: m for m in lock.models}
    for repo_id in ("org/alpha", "org/embed", "org/tool"):
        m = by_id[f"huggingface/{repo_id}"]
        assert m.installed is True, repo_id
        assert m.pin.value == "digest"
        (i,) = m.installs
        assert i.source == "cache:../hub"  # relative to the repository: machine-independent
        assert (i.revision, i.refs) == (COMMIT_A, ("main",))
        assert [f.path for f in i.files] == ["model.safetensors"]
        assert i.files[0].sha256 and len(i.files[0].sha256) == 64
        assert i.weights_digest == i.files[0].sha256
    text = (repo / "llmdeps.lock").read_text()
    assert str(tmp_path) not in text and "line:" not in text
    # a second scan gives the same bytes; the lock reads back to the same value
    assert invoke("scan", str(repo), "--hf-cache", str(tmp_path / "hub"), "-q")[0] == 0
    assert (repo / "llmdeps.lock").read_text() == text
    code, out, err = invoke("check", str(repo), "--hf-cache", str(tmp_path / "hub"))
    assert code == 0, out + err
    assert "compared 3 locked installs on ../hub" in out
    assert out.endswith("llmdeps check: ok\n")


def test_hf_refs_main_moved_and_snapshot_gone_fail_check(tmp_path: Path) -> None:
    repo, cache = _repo(tmp_path)
    hub = str(tmp_path / "hub")
    assert invoke("scan", str(repo), "--hf-cache", hub, "-q")[0] == 0
    cache.model("org/alpha", COMMIT_B)  # a new download moved refs/main
    code, out, _ = invoke("check", str(repo), "--hf-cache", hub)
    assert code == 1
    assert "drift-digest: refs/main of org/alpha (huggingface/org/alpha)" in out
    snapshot = cache.repo_dir("org/embed") / "snapshots" / COMMIT_A
    for f in snapshot.iterdir():
        f.unlink()
    snapshot.rmdir()
    code, out, _ = invoke("check", str(repo), "--hf-cache", hub, "-f", "json")
    rules = sorted((f["rule"], f["model"]) for f in json.loads(out)["findings"])
    assert ("drift-missing", "huggingface/org/embed") in rules
    assert ("drift-digest", "huggingface/org/alpha") in rules


def test_hf_weights_replaced_under_the_same_commit(tmp_path: Path) -> None:
    repo, cache = _repo(tmp_path)
    hub = str(tmp_path / "hub")
    assert invoke("scan", str(repo), "--hf-cache", hub, "-q")[0] == 0
    link = cache.repo_dir("org/tool") / "snapshots" / COMMIT_A / "model.safetensors"
    link.unlink()
    cache.file("org/tool", COMMIT_A, "model.safetensors", b"other weights", lfs=True)
    code, out, _ = invoke("check", str(repo), "--hf-cache", hub)
    assert code == 1
    assert "weights files differ from the lock: model.safetensors" in out


def test_lmstudio_file_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n")
    folder = tmp_path / "lms" / "pub" / "repo-GGUF"
    folder.mkdir(parents=True)
    gguf = folder / "m-Q4_K_M.gguf"
    write_gguf(gguf, meta={"name": "M", "organization": "Meta Llama", "file_type": 15})
    lms = str(tmp_path / "lms")
    assert invoke("scan", str(repo), "--lmstudio-models", lms, "-q")[0] == 0
    lock = read(repo / "llmdeps.lock")
    (i,) = lock.unreferenced_installs
    assert i.source == "store:../lms" and i.quantization == "Q4_K_M"
    code, out, _ = invoke("check", str(repo), "--lmstudio-models", lms)
    assert code == 0  # unreferenced installs are not dependencies: nothing pinned to compare
    assert "compared 0 locked installs: the lock pins none on ../lms" in out
    assert "llmdeps check: ok" in out


def test_a_served_model_pins_and_drifts_and_the_key_never_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(
        "from openai import OpenAI\n"
        'c = OpenAI(base_url="http://localhost:8000/v1")\n'
        'c.chat.completions.create(model="meta-llama/Llama-3.1-8B-Instruct", messages=[])\n'
    )
    monkeypatch.setenv("MY_VLLM_KEY", "sk-vllm-0123456789abcdefSECRET")
    with serve(fake_server("vllm")) as url:
        code, _, err = invoke(
            "scan", str(repo), "--openai-host", url, "--openai-api-key-env", "MY_VLLM_KEY"
        )
        assert code == 0, err
        text = (repo / "llmdeps.lock").read_text()
        lock = read(repo / "llmdeps.lock")
        (m,) = [m for m in lock.models if m.id.endswith("meta-llama/Llama-3.1-8B-Instruct")]
        (i,) = m.installs
        assert (i.source, i.server, i.served_from, i.context_length) == (
            url,
            "vllm",
            "meta-llama/Llama-3.1-8B-Instruct",
            131072,
        )
        assert m.installed is True
        # the same server named another way (localhost, /v1 suffix) is the same place
        other_form = url.replace("127.0.0.1", "localhost") + "/v1"
        code, out, err = invoke("check", str(repo), "--openai-host", other_form)
        assert code == 0, out + err
        assert "compared 1 locked install on localhost:" in out
    assert "SECRET" not in text + out + err
    body = json.loads(json.dumps(VLLM_MODELS))
    body["data"][0]["root"] = "/srv/models/other-model"
    with serve(FakeOllama(override={"GET /v1/models": (200, json.dumps(body).encode())})) as url2:
        lock_path = repo / "llmdeps.lock"
        lock_path.write_text(lock_path.read_text().replace(url, url2))
        code, out, _ = invoke("check", str(repo), "--openai-host", url2)
    assert code == 1
    assert "on the OpenAI-compatible server" in out
    assert "served from meta-llama/Llama-3.1-8B-Instruct then, other-model now" in out


def test_an_unreachable_openai_host_is_named_as_such(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n")
    code, _, err = invoke("scan", str(repo), "--openai-host", "127.0.0.1:9")
    assert code == 0
    assert "no OpenAI-compatible server at http://127.0.0.1:9" in err


def test_report_and_cyclonedx_carry_the_pins(tmp_path: Path) -> None:
    repo, _ = _repo(tmp_path)
    assert invoke("scan", str(repo), "--hf-cache", str(tmp_path / "hub"), "-q")[0] == 0
    code, out, err = invoke("report", str(repo), "--format", "cyclonedx")
    assert code == 0, err
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out) is None
    bom = json.loads(out)
    alpha = next(c for c in bom["components"] if c["bom-ref"] == "model:huggingface/org/alpha")
    lock = read(repo / "llmdeps.lock")
    weights = next(m for m in lock.models if m.id == "huggingface/org/alpha").installs[0].files
    assert [h["content"] for h in alpha["hashes"]] == [weights[0].sha256]
    props = {p["name"]: p["value"] for p in alpha["properties"]}
    assert props["llmdeps:install:cache:../hub:revision"] == COMMIT_A
    for fmt in ("text", "markdown", "html", "json"):
        code, out, _ = invoke("report", str(repo), "--format", fmt)
        assert code == 0 and COMMIT_A[:12] in out, fmt


def test_runtime_is_recorded_per_source_kind(tmp_path: Path) -> None:
    repo, _ = _repo(tmp_path)
    assert invoke("scan", str(repo), "--hf-cache", str(tmp_path / "hub"), "-q")[0] == 0
    lock = read(repo / "llmdeps.lock")
    assert {m.runtime for m in lock.models} == {Runtime.HUGGINGFACE}
    assert os.path.exists(repo / "llmdeps.lock")


def test_loaded_models_are_a_notice_in_scan_and_a_section_of_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')
    digest = "a" * 64
    tag = {"name": "llama3.1:8b", "model": "llama3.1:8b", "digest": digest}
    ps = {**tag, "expires_at": "2026-12-03T10:00:00Z", "context_length": 8192}
    fake = FakeOllama(
        tags={"models": [tag]},
        override={"GET /api/ps": (200, json.dumps({"models": [ps]}).encode())},
    )
    with serve(fake) as url:
        monkeypatch.setenv("OLLAMA_HOST", url)
        code, _, err = invoke("scan", str(repo))
        assert code == 0, err
        assert f"llama3.1:8b is loaded in memory on {url} until 2026-12-03T10:00:00Z" in err
        code, out, err = invoke("report", str(repo), "--scan", "--format", "markdown")
        assert code == 0, err
        assert "## Loaded in memory now" in out
        assert f"llama3.1:8b on {url} until 2026-12-03T10:00:00Z" in out
        code, out, _ = invoke("report", str(repo), "--scan", "--format", "json")
        assert json.loads(out)["loaded"][0]["digest"] == digest
        # loaded under another digest than the lock's: drift
        other = {**ps, "digest": "c" * 64}
        fake.override["GET /api/ps"] = (200, json.dumps({"models": [other]}).encode())
        code, out, _ = invoke("check", str(repo))
    assert code == 1
    assert "loaded in memory on the Ollama server" in out
    # the lock never holds machine state
    assert "expires" not in (repo / "llmdeps.lock").read_text()


def test_ollama_pins_hold_on_every_host_and_address_forms_are_one_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('import ollama\nollama.chat(model="llama3.1:8b")\n')

    def tags(digest: str) -> dict[str, object]:
        return {"models": [{"name": "llama3.1:8b", "model": "llama3.1:8b", "digest": digest}]}

    with serve(FakeOllama(tags=tags("a" * 64))) as url, serve(FakeOllama(tags=tags("c" * 64))) as o:
        monkeypatch.setenv("OLLAMA_HOST", url)
        assert invoke("scan", str(repo), "-q")[0] == 0
        port = url.rsplit(":", 1)[1]
        # the same server as localhost with a trailing slash: one host, compared, clean
        monkeypatch.setenv("OLLAMA_HOST", f"http://localhost:{port}/")
        code, out, err = invoke("check", str(repo))
        assert code == 0, out + err
        assert f"compared 1 locked install on localhost:{port}" in out
        # a second server the lock never recorded serving the tag with another digest
        monkeypatch.setenv("OLLAMA_HOST", url)
        code, out, _ = invoke("check", str(repo), "--ollama-host", o)
    assert code == 1
    assert f"llama3.1:8b (ollama/llama3.1:8b) on the Ollama server {o} is not the locked" in out
    assert "the lock does not record this location" in out
