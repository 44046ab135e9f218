"""Ollama name parsing, display and comparison (REFERENCE 2.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.installs.ollama.names import OllamaName, display_name, parse_name, same_model


@pytest.mark.parametrize(
    ("typed", "parts", "display"),
    [
        ("llama3", ("registry.ollama.ai", "library", "llama3", "latest"), "llama3:latest"),
        ("llama3.1:8b", ("registry.ollama.ai", "library", "llama3.1", "8b"), "llama3.1:8b"),
        (
            "myuser/mymodel:v2",
            ("registry.ollama.ai", "myuser", "mymodel", "v2"),
            "myuser/mymodel:v2",
        ),
        (
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
            ("hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M"),
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
        ),
        (
            "gpt-oss:120b-cloud",
            ("registry.ollama.ai", "library", "gpt-oss", "120b-cloud"),
            "gpt-oss:120b-cloud",
        ),
        ("registry.ollama.ai/library/x:t", ("registry.ollama.ai", "library", "x", "t"), "x:t"),
        (
            "https://registry.ollama.ai/library/x",
            ("registry.ollama.ai", "library", "x", "latest"),
            "x:latest",
        ),
        (
            "localhost:5000/team/m",
            ("localhost:5000", "team", "m", "latest"),
            "localhost:5000/team/m:latest",
        ),
        (
            "localhost:5000/team/m:v1",
            ("localhost:5000", "team", "m", "v1"),
            "localhost:5000/team/m:v1",
        ),
        ("  mistral:7b\n", ("registry.ollama.ai", "library", "mistral", "7b"), "mistral:7b"),
        (
            "llama3@sha256:abc",
            ("registry.ollama.ai", "library", "llama3", "latest"),
            "llama3:latest",
        ),
        ("_private", ("registry.ollama.ai", "library", "_private", "latest"), "_private:latest"),
    ],
)
def test_parse_and_display(typed: str, parts: tuple[str, str, str, str], display: str) -> None:
    name = parse_name(typed)
    assert name is not None
    assert name.parts == parts
    assert name.display == display
    assert display_name(typed) == display


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "../etc/passwd",
        "/etc/passwd",
        "a/../b",
        "x/y/../z",
        "a..b",
        "llama3:../../x",
        "-leading-dash",
        ".hidden",
        "my.user/model",  # '.' not allowed in a namespace
        "model:ta:g",
        "mo del",
        "model:",
        "a/b/c/d",  # host would contain '/'
        "x" * 81,
        "m:" + "t" * 81,
        ("h" * 351) + "/ns/m",
        "模型",
        "model;rm -rf",
    ],
)
def test_invalid_names(bad: str) -> None:
    assert parse_name(bad) is None
    assert display_name(bad) == bad.strip()


def test_length_limits_are_inclusive() -> None:
    assert parse_name("x" * 80) is not None
    assert parse_name(("h" * 350) + "/ns/m") is not None


@pytest.mark.parametrize(
    ("wanted", "installed", "same"),
    [
        ("llama3", "llama3:latest", True),
        ("LLama3:Latest", "llama3:latest", True),
        ("registry.ollama.ai/library/llama3.1:8b", "llama3.1:8b", True),
        ("library/llama3.1:8b", "llama3.1:8b", True),
        ("hf.co/Org/Repo:Q4_K_M", "hf.co/org/repo:q4_k_m", True),
        ("llama3.1", "llama3.1:8b", False),
        ("llama3", "llama3.1:latest", False),
        ("myuser/llama3", "llama3:latest", False),
        ("hf.co/org/repo", "hf.co/org/repo:Q4_K_M", False),
        ("not a name", "NOT A NAME", True),
        ("not a name", "llama3:latest", False),
    ],
)
def test_same_model(wanted: str, installed: str, same: bool) -> None:
    assert same_model(wanted, installed) is same
    assert same_model(installed, wanted) is same


def test_display_keeps_case() -> None:
    assert display_name("hf.co/Org/Repo:Q4_K_M") == "hf.co/Org/Repo:Q4_K_M"


@given(st.text(max_size=120))
def test_any_text_parses_or_is_none_and_round_trips(text: str) -> None:
    name = parse_name(text)
    if name is None:
        return
    assert isinstance(name, OllamaName)
    again = parse_name(name.display)
    assert again is not None and again.key == name.key
    assert ".." not in "/".join(name.parts)
    assert not any(p.startswith(("/", ".")) for p in name.parts)


def test_name_like() -> None:
    from llmdeps.sources.installs.ollama.names import name_like

    assert name_like("llama3.1:8b") == "llama3.1:8b"
    assert name_like(None) is None
    assert name_like("evil\x1b[2J") is None
    assert name_like("x" * 513) is None
