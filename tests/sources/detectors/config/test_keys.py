"""Config key roles and value reading: the vocabulary the config walk is built on."""

from __future__ import annotations

import pytest

from llmdeps.model import Runtime
from llmdeps.sources.detectors.config.keys import (
    Role,
    Value,
    candidate,
    is_env_model_key,
    key_role,
    ollama_base_url,
    runtime_of_value,
)


@pytest.mark.parametrize(
    ("key", "role"),
    [
        ("model", Role.MODEL),
        ("modelName", Role.MODEL),
        ("embedding-model", Role.MODEL),
        ("continue.model", Role.MODEL),
        ("models", Role.CATALOG),
        ("chat_models", Role.CATALOG),
        ("environment", Role.ENV_SECTION),
        ("variables", Role.ENV_SECTION),
        ("dependencies", Role.SKIP),
        ("[tool.llmdeps]", Role.SKIP),
        ("model_api_key", Role.SKIP),  # a secret-named key never has a role
        ("services", Role.PLAIN),
    ],
)
def test_key_role(key: str, role: Role) -> None:
    assert key_role(key) is role


def test_env_model_keys() -> None:
    assert is_env_model_key("LLM_MODEL") and is_env_model_key("OLLAMA_MODEL")
    assert not is_env_model_key("OLLAMA_MODELS")  # the store directory
    assert not is_env_model_key("MODEL_PATH") and not is_env_model_key("MODEL_API_KEY")


def test_candidate() -> None:
    assert candidate("${LLM:-llama3.1:8b}", strong=False) == Value("llama3.1:8b", "LLM")
    assert candidate("${LLM}", strong=False) is None
    assert candidate("os.environ/MODEL", strong=False) is None
    assert candidate("models/llama.gguf", strong=False) is None
    assert candidate("gpt-4o", strong=True) == Value("gpt-4o", None)


def test_runtime_and_ollama_url() -> None:
    assert runtime_of_value("ollama/llama3") is Runtime.OLLAMA
    assert runtime_of_value("llama3") is Runtime.UNKNOWN
    assert ollama_base_url("http://user:pw@localhost:11434/api?x=1") == "http://localhost:11434"
    assert ollama_base_url("https://api.openai.com/v1") is None
