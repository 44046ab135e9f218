"""URL credentials are stripped or masked whatever the password holds; free text from artifacts
passes the classifier; every install is scrubbed before it is kept (integrity issue, item 8)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.model import (
    BaseModelRef,
    GgufInfo,
    Install,
    InstallLocation,
    LocationKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.installs.ollama.api import redact
from llmdeps.sources.installs.scrub import scrub_install, scrub_warning
from llmdeps.sources.secrets import (
    clean_url,
    looks_like_secret,
    mask_credentials,
    scrub_text,
    strip_credentials,
)


@pytest.mark.parametrize(
    ("url", "stripped", "masked"),
    [
        ("http://u:p@h:1", "http://h:1", "http://***@h:1"),
        ("http://user:pa/ss@127.0.0.1:9", "http://127.0.0.1:9", "http://***@127.0.0.1:9"),
        ("https://u:a/b/c@host/v1", "https://host/v1", "https://***@host/v1"),
        ("http://user:pw@host/path@x", "http://host/path@x", "http://***@host/path@x"),
        ("http://tok@host", "http://host", "http://***@host"),
        ("http://u:p%2Fq@host", "http://host", "http://***@host"),
        # no credentials: unchanged (a port, an `@` in the path)
        ("http://host:11434/x@y", "http://host:11434/x@y", "http://host:11434/x@y"),
        ("http://host/m@sha256:abc", "http://host/m@sha256:abc", "http://host/m@sha256:abc"),
        ("plain:1", "plain:1", "plain:1"),
    ],
)
def test_credentials_are_stripped_and_masked(url: str, stripped: str, masked: str) -> None:
    assert strip_credentials(url) == stripped
    assert mask_credentials(url) == masked
    assert looks_like_secret(url) is (stripped != url)


def test_a_host_without_scheme_is_masked_for_messages() -> None:
    assert mask_credentials("user:pa/ss@127.0.0.1:9") == "***@127.0.0.1:9"
    assert redact("user:pa/ss@127.0.0.1:9") == "***@127.0.0.1:9"
    assert redact("http://u:pa/ss@h:1/x") == "http://***@h:1/x"
    # a model name with a digest is not a URL: not a secret
    assert not looks_like_secret("llama3@sha256:" + "a" * 64)


@given(
    user=st.text("abcXYZ019._-", min_size=1, max_size=12),
    password=st.text("abcXYZ019._-/!$&'()*+,;=%~", min_size=1, max_size=24),
    host=st.sampled_from(["gpu", "10.0.0.1:11434", "proxy.internal:4000", "[::1]:8000"]),
    path=st.sampled_from(["", "/", "/v1", "/a@b"]),
)
def test_no_password_survives_stripping(user: str, password: str, host: str, path: str) -> None:
    url = f"http://{user}:{password}@{host}{path}"
    if password.split("/", 1)[0].isdigit():
        # `user:1234/x@host` and `user:0/@host` read as host `user`, port 1234 and a path
        # holding an @: not told apart (README: Promises)
        return
    assert strip_credentials(url) == f"http://{host}{path}"
    assert mask_credentials(url) == f"http://***@{host}{path}"
    assert looks_like_secret(url)
    cleaned = clean_url(url)
    assert cleaned is None or cleaned.startswith(f"http://{host}")


def test_free_text_passes_the_classifier() -> None:
    assert scrub_text("Meta Llama 3.1 8B Instruct") == "Meta Llama 3.1 8B Instruct"
    assert scrub_text("see https://u:pa/ss@hf.co/x for it") == "see https://hf.co/x for it"
    assert scrub_text("key sk-proj-abcdefghijklmnop") is None
    assert scrub_text("Qz8LmP2vX9rT4wYbN3kD") is None
    assert scrub_text("apache-2.0") == "apache-2.0"


def test_every_string_of_an_install_is_scrubbed() -> None:
    install = Install(
        name="llama3.1:8b",
        runtime=Runtime.OLLAMA,
        location=InstallLocation(LocationKind.SERVER, "http://127.0.0.1:11434"),
        digest="a" * 64,
        weights_digest="b" * 64,
        family="llama",
        families=("llama", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        parent_model="sk-ant-abcdefghijklmnop",
        remote_host="https://u:pa/ss@remote.example",
        gguf=GgufInfo(
            name="Qz8LmP2vX9rT4wYbN3kD",
            organization="Meta Llama",
            source_repo_url="https://u:p@huggingface.co/meta-llama/x",
            base_models=(BaseModelRef(name="Llama", repo_url="https://tok@hf.co/a"),),
        ),
    )
    kept = scrub_install(install)
    assert kept is not None
    assert kept.digest == "a" * 64 and kept.family == "llama" and kept.families == ("llama",)
    assert kept.parent_model is None
    assert kept.remote_host == "https://remote.example"
    assert kept.gguf is not None
    assert kept.gguf.name is None and kept.gguf.organization == "Meta Llama"
    assert kept.gguf.source_repo_url == "https://huggingface.co/meta-llama/x"
    assert kept.gguf.base_models == (BaseModelRef(name="Llama", repo_url="https://hf.co/a"),)
    clean = scrub_install(kept)
    assert clean is kept  # nothing left to scrub: the same object back
    assert scrub_install(dataclasses.replace(install, name="sk-proj-abcdefghijklmnop")) is None


def test_required_text_slots_keep_their_text() -> None:
    install = Install(
        name="m:latest",
        runtime=Runtime.OLLAMA,
        location=InstallLocation(LocationKind.STORE, "stores/Qz8LmP2vX9rT4wYbN3kD"),
        digest="a" * 64,
    )
    kept = scrub_install(install)
    assert kept is not None and kept.location.where == "stores/Qz8LmP2vX9rT4wYbN3kD"
    server = dataclasses.replace(
        install, location=InstallLocation(LocationKind.SERVER, "http://u:p@h:1")
    )
    kept = scrub_install(server)
    assert kept is not None and kept.location.where == "http://h:1"


def test_server_and_file_text_has_its_controls_escaped() -> None:
    install = Install(
        name="evil\x1b[2J:latest",
        runtime=Runtime.OLLAMA,
        location=InstallLocation(LocationKind.SERVER, "http://h:1"),
        digest="a" * 64,
        family="llama\n::error::x",
        gguf=GgufInfo(organization="Meta\u202e"),
    )
    kept = scrub_install(install)
    assert kept is not None
    assert kept.name == "evil\\x1b[2J:latest" and kept.family == "llama\\x0a::error::x"
    assert kept.gguf == GgufInfo(organization="Meta\\u202e")
    w = scrub_warning(ScanWarning("a\nb", "c\x1bd"))
    assert w == ScanWarning("a\\x0ab", "c\\x1bd")


def test_warnings_have_credentials_masked() -> None:
    w = scrub_warning(ScanWarning("http://u:pa/ss@h:1", "refused by http://a:b@c:2 today"))
    assert w == ScanWarning("http://***@h:1", "refused by http://***@c:2 today")
    plain = ScanWarning("app.py", "binary")
    assert scrub_warning(plain) is plain


@pytest.mark.parametrize(
    "value",
    [
        "k3j5h7g9f1d2s4a6q8w0",
        "K3J5H7G9F1D2S4A6Q8W0",
        "xai-" + "Ab3" * 20,
        "x" * 3 + "9q8w7e6r5t4y3u2i1o0p",
    ],
)
def test_one_case_random_tokens_are_secret(value: str) -> None:
    assert looks_like_secret(value)


@pytest.mark.parametrize(
    "value",
    [
        "xai-org/grok-1",  # a Hugging Face organisation, not an xAI key
        "qwen25coder32binstruct",
        "deepseekcoderv2lite16b",
        "0123456789abcdef0123456789abcdef01234567",  # a revision
        "a" * 40,
    ],
)
def test_model_names_and_revisions_are_not_one_case_tokens(value: str) -> None:
    assert not looks_like_secret(value)


def test_a_model_of_the_xai_org_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("xai-org/grok-1")\n'
    )
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--no-ollama", "-o", "-"])
    assert result.exit_code == 0 and "huggingface/xai-org/grok-1" in result.stdout
