"""Drift on every host and per source kind: address forms, unrecorded hosts, HF refs and
snapshots, LM Studio files, served models, loaded models; what check says it compared."""

from __future__ import annotations

import pytest

from llmdeps.lockfile.model import Lock, LockedInstall
from llmdeps.model import (
    Install,
    InstallLocation,
    LoadedModel,
    LocationKind,
    PinStatus,
    Runtime,
    WeightsFile,
)
from llmdeps.rules.drift import compare, compare_installs
from llmdeps.sources.installs.hosts import host_key, host_label
from tests.factories import install, lock, model, ref

HOST = "http://127.0.0.1:11434"
LLAMA = "ollama/llama3.1:8b"
A, B, C, D, E = ("a" * 64, "b" * 64, "c" * 64, "d" * 64, "e" * 64)
COMMIT_X, COMMIT_Y = "1" * 40, "2" * 40


def _ollama_lock(*sources: str) -> Lock:
    return lock(
        models=(
            model(
                LLAMA,
                pin=PinStatus.DIGEST,
                installed=True,
                installs=tuple(install(source=s) for s in sources),
                workflows=("summaries",),
            ),
        ),
        references=(ref("service/summaries.py", LLAMA, workflow="summaries"),),
        install_sources=sources,
    )


def server(url: str) -> InstallLocation:
    return InstallLocation(LocationKind.SERVER, url)


def ollama(url: str, digest: str = A, name: str = "llama3.1:8b", weights: str = B) -> Install:
    return Install(name, Runtime.OLLAMA, server(url), digest=digest, weights_digest=weights)


@pytest.mark.parametrize(
    "spelling",
    [
        "http://localhost:11434",
        "http://127.0.0.1:11434/",
        "http://[::1]:11434",
        "http://0.0.0.0:11434",
        "http://localhost:11434/api",
        "127.0.0.1",
        "localhost:11434/api/",
    ],
)
def test_address_forms_of_one_host_are_one_place(spelling: str) -> None:
    assert host_key(server(spelling)) == host_key(server(HOST))
    locked = _ollama_lock(HOST)
    assert compare_installs(locked, (ollama(spelling),), (server(spelling),)) == []
    (f,) = compare_installs(locked, (ollama(spelling, digest=C),), (server(spelling),))
    assert f.rule == "drift-digest" and spelling in f.message


def test_other_hosts_ports_and_paths_are_other_places() -> None:
    keys = {
        host_key(server(u))
        for u in (HOST, "http://ollama:11434", "http://127.0.0.1:11435", "http://127.0.0.1:11434/x")
    }
    assert len(keys) == 4
    assert host_label(server("http://ollama:11434")) == "ollama:11434"


def test_a_host_the_lock_does_not_record_is_held_to_the_locked_digests() -> None:
    locked = _ollama_lock(HOST)
    compose = "http://ollama:11434"
    (f,) = compare_installs(
        locked, (ollama(HOST), ollama(compose, digest=C)), (server(HOST), server(compose))
    )
    assert (f.rule, f.model) == ("drift-digest", LLAMA)
    assert "on the Ollama server http://ollama:11434 is not the locked version" in f.message
    assert "the lock pins digest aaaaaaaaaaaa (as on http://127.0.0.1:11434)" in f.message
    assert "cccccccccccc" in f.message
    # the same digest there is the same pin: nothing to say
    assert compare_installs(locked, (ollama(compose),), (server(compose),)) == []


def test_a_host_the_lock_records_with_its_own_digests_is_judged_by_them() -> None:
    compose = "http://ollama:11434"
    locked = lock(
        models=(
            model(
                LLAMA,
                installed=True,
                installs=(install(source=HOST), install(source=compose, digest=C)),
                workflows=("summaries",),
            ),
        ),
        install_sources=(HOST, compose),
    )
    assert compare_installs(locked, (ollama(compose, digest=C),), (server(compose),)) == []


def test_check_says_what_it_compared_and_which_hosts_hold_nothing_locked() -> None:
    locked = _ollama_lock(HOST, "store:examples/ollama-store")
    store = InstallLocation(LocationKind.STORE, "examples/ollama-store")
    spare = "http://10.0.0.9:11434"
    result = compare(
        locked,
        (
            ollama("http://localhost:11434"),
            Install("llama3.1:8b", Runtime.OLLAMA, store, digest=A),
            ollama(spare, name="mistral:latest", digest=D),
        ),
        (server("http://localhost:11434"), store, server(spare)),
    )
    assert result.findings == ()
    assert result.compared == (
        "compared 1 locked install on examples/ollama-store",
        "compared 1 locked install on localhost:11434",
    )
    assert result.idle == ("10.0.0.9:11434 was read but holds none of the locked models",)


def test_a_loaded_model_with_another_digest_is_drift() -> None:
    locked = _ollama_lock(HOST)
    loaded = (LoadedModel("llama3.1:8b", server(HOST), C, expires_at="2026-12-03T10:00:00Z"),)
    (f,) = compare_installs(locked, (ollama(HOST),), (server(HOST),), loaded)
    assert f.rule == "drift-digest"
    assert "loaded in memory on the Ollama server http://127.0.0.1:11434" in f.message
    assert "until 2026-12-03T10:00:00Z" in f.message and "cccccccccccc loaded" in f.message
    same = (LoadedModel("llama3.1:8b", server(HOST), A),)
    assert compare_installs(locked, (ollama(HOST),), (server(HOST),), same) == []


# --- Hugging Face ------------------------------------------------------------------------------

QWEN = "huggingface/Qwen/Qwen2.5-0.5B-Instruct"
CACHE = "cache:$HF_HUB_CACHE"
CACHE_AT = InstallLocation(LocationKind.CACHE, "$HF_HUB_CACHE")
WEIGHTS = (WeightsFile("model.safetensors", E, 988097824),)


def _hf_lock() -> Lock:
    locked = LockedInstall(
        source=CACHE,
        name="Qwen/Qwen2.5-0.5B-Instruct",
        digest=A,
        weights_digest=E,
        format="safetensors",
        revision=COMMIT_X,
        refs=("main",),
        files=WEIGHTS,
    )
    return lock(
        models=(
            model(
                QWEN,
                runtime=Runtime.HUGGINGFACE,
                vendor="Alibaba",
                lineage_vendor="Alibaba",
                installed=True,
                installs=(locked,),
                workflows=("app",),
            ),
        ),
        references=(ref("app.py", QWEN, workflow="app", runtime=Runtime.HUGGINGFACE),),
        install_sources=(CACHE,),
    )


def snapshot(
    commit: str, refs: tuple[str, ...] = (), weights: str = E, where: InstallLocation = CACHE_AT
) -> Install:
    return Install(
        "Qwen/Qwen2.5-0.5B-Instruct",
        Runtime.HUGGINGFACE,
        where,
        digest=A if commit == COMMIT_X and weights == E else B,
        weights_digest=weights,
        revision=commit,
        refs=refs,
        files=(WeightsFile("model.safetensors", weights, 988097824),),
    )


def test_hf_unchanged_is_clean() -> None:
    assert compare_installs(_hf_lock(), (snapshot(COMMIT_X, ("main",)),), (CACHE_AT,)) == []


def test_hf_refs_main_moved() -> None:
    now = (snapshot(COMMIT_X), snapshot(COMMIT_Y, ("main",), weights=D))
    (f,) = compare_installs(_hf_lock(), now, (CACHE_AT,))
    assert f.rule == "drift-digest" and f.model == QWEN
    assert f.message.startswith("refs/main of Qwen/Qwen2.5-0.5B-Instruct")
    assert "moved: 111111111111 in the lock, 222222222222 now" in f.message


def test_hf_locked_snapshot_gone() -> None:
    findings = compare_installs(_hf_lock(), (snapshot(COMMIT_Y, ("main",)),), (CACHE_AT,))
    # gone, and main now names the other commit: both are said, the missing one first
    assert [x.rule for x in findings] == ["drift-missing", "drift-digest"]
    assert "is gone from the Hugging Face cache $HF_HUB_CACHE" in findings[0].message
    assert findings[0].fix and f"--revision {COMMIT_X}" in findings[0].fix
    assert findings[1].message.startswith("refs/main of")
    (only,) = compare_installs(_hf_lock(), (), (CACHE_AT,))
    assert only.rule == "drift-missing"


def test_hf_same_commit_other_weights() -> None:
    (f,) = compare_installs(_hf_lock(), (snapshot(COMMIT_X, ("main",), weights=D),), (CACHE_AT,))
    assert f.rule == "drift-digest"
    assert "weights files differ from the lock: model.safetensors" in f.message


def test_hf_another_cache_holding_only_other_commits() -> None:
    other = InstallLocation(LocationKind.CACHE, "../ci-cache")
    findings = compare_installs(
        _hf_lock(),
        (snapshot(COMMIT_X, ("main",)), snapshot(COMMIT_Y, where=other)),
        (CACHE_AT, other),
    )
    assert [x.rule for x in findings] == ["drift-digest"]
    assert "the lock pins commit 111111111111" in findings[0].message
    assert "Hugging Face cache ../ci-cache" in findings[0].message
    # the other cache also holding the locked commit: the pin holds there
    both = (snapshot(COMMIT_X, where=other), snapshot(COMMIT_Y, where=other))
    assert (
        compare_installs(_hf_lock(), (snapshot(COMMIT_X, ("main",)), *both), (CACHE_AT, other))
        == []
    )


# --- LM Studio and served models -----------------------------------------------------------------


def test_lmstudio_file_changed_or_gone() -> None:
    folder = InstallLocation(LocationKind.STORE, "~/.lmstudio/models")
    name = "lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF/model-Q4_K_M.gguf"
    mid = "lmstudio/" + name
    locked = lock(
        models=(
            model(
                mid,
                runtime=Runtime.LMSTUDIO,
                installed=True,
                installs=(LockedInstall(source="store:~/.lmstudio/models", name=name, digest=A),),
            ),
        ),
        install_sources=("store:~/.lmstudio/models",),
    )
    now = Install(name, Runtime.LMSTUDIO, folder, digest=C)
    (f,) = compare_installs(locked, (now,), (folder,))
    assert f.rule == "drift-digest" and "LM Studio" in f.message
    (g,) = compare_installs(locked, (), (folder,))
    assert g.rule == "drift-missing" and "Ollama" not in g.message


def test_a_served_name_that_now_stands_for_another_model() -> None:
    url = "http://127.0.0.1:8000"
    mid = "vllm/meta-llama/Llama-3.1-8B-Instruct"
    old = LockedInstall(
        source=url,
        name="meta-llama/Llama-3.1-8B-Instruct",
        digest=A,
        server="vllm",
        served_from="meta-llama/Llama-3.1-8B-Instruct",
    )
    locked = lock(
        models=(model(mid, runtime=Runtime.VLLM, installed=True, installs=(old,)),),
        install_sources=(url,),
    )
    now = Install(
        old.name,
        Runtime.OPENAI_COMPATIBLE,
        server("http://localhost:8000/v1"),
        digest=C,
        server="vllm",
        served_from="meta-llama/Llama-3.2-3B-Instruct",
    )
    (f,) = compare_installs(locked, (now,), (now.location,))
    assert f.rule == "drift-digest"
    assert "OpenAI-compatible server" in f.message
    assert (
        "served from meta-llama/Llama-3.1-8B-Instruct then, meta-llama/Llama-3.2-3B-Instruct"
        in (f.message)
    )
