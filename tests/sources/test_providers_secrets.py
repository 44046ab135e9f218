"""The one provider table and the one secret classifier: the union of the copies they replaced."""

from __future__ import annotations

import pytest

from llmdeps.model import Runtime
from llmdeps.sources.providers import (
    PROVIDERS,
    colon_prefix_runtime,
    is_ollama_url,
    runtime_for_env_words,
    runtime_for_provider,
    runtime_for_url,
    runtime_in_name,
)
from llmdeps.sources.secrets import (
    SECRET_WORDS,
    clean_url,
    is_secret_name,
    looks_like_secret,
    strip_credentials,
)


@pytest.mark.parametrize(
    ("name", "runtime"),
    [
        ("ollama_chat", Runtime.OLLAMA),
        ("text-completion-openai", Runtime.OPENAI),
        ("together_ai", Runtime.TOGETHER),
        ("hosted_vllm", Runtime.VLLM),
        ("google_vertexai", Runtime.VERTEX),
        ("Anthropic_Bedrock", Runtime.BEDROCK),
        ("codestral", Runtime.MISTRAL),
        ("hf", Runtime.HUGGINGFACE),
        ("fireworks", Runtime.UNKNOWN),
        ("nonsense", Runtime.UNKNOWN),
    ],
)
def test_provider_ids_from_every_former_table(name: str, runtime: Runtime) -> None:
    assert runtime_for_provider(name) is runtime


def test_colon_prefixes_keep_ollama_tags_apart() -> None:
    # LangChain knows `mistralai:`; only pydantic-ai (Python) says `mistral:`.
    assert colon_prefix_runtime("mistral", pydantic_ai=False) is None
    assert colon_prefix_runtime("mistral", pydantic_ai=True) is Runtime.MISTRAL
    assert colon_prefix_runtime("mistralai", pydantic_ai=False) is Runtime.MISTRAL
    assert colon_prefix_runtime("google-gla", pydantic_ai=True) is Runtime.GOOGLE
    assert colon_prefix_runtime("llama3.1", pydantic_ai=True) is None
    assert colon_prefix_runtime("fireworks", pydantic_ai=False) is Runtime.UNKNOWN


@pytest.mark.parametrize(
    ("name", "runtime"),
    [
        ("AzureChatOpenAI", Runtime.AZURE),
        ("AnthropicBedrock", Runtime.BEDROCK),
        ("ChatVertexAI", Runtime.VERTEX),
        ("ChatOllama", Runtime.OLLAMA),
        ("ChatOpenRouter", Runtime.OPENROUTER),
        ("claudeClient", Runtime.ANTHROPIC),
        ("SentenceTransformer", Runtime.HUGGINGFACE),
        ("@ai-sdk/gateway", Runtime.GATEWAY),
        ("Summarizer", Runtime.UNKNOWN),
    ],
)
def test_names_most_specific_first(name: str, runtime: Runtime) -> None:
    assert runtime_in_name(name) is runtime


def test_env_words_and_urls() -> None:
    assert runtime_for_env_words("AZURE_OPENAI_DEPLOYMENT") is Runtime.AZURE
    assert runtime_for_env_words("GROK_MODEL") is Runtime.XAI
    assert runtime_for_env_words("LLM_MODEL") is Runtime.UNKNOWN
    assert runtime_for_url("http://gpu:11434/v1") is Runtime.OLLAMA
    assert runtime_for_url("http://openrouter-proxy:4000") is Runtime.LITELLM
    assert runtime_for_url("https://api.x.ai/v1") is Runtime.XAI
    assert runtime_for_url("https://example.com") is Runtime.UNKNOWN
    assert is_ollama_url("http://ollama:11434") and not is_ollama_url("https://api.openai.com")


def test_every_runtime_spelling_is_in_one_place() -> None:
    ids = [i for p in PROVIDERS for i in p.ids]
    assert len(ids) == len(set(ids)), "an id listed under two runtimes"


@pytest.mark.parametrize(
    "name",
    [
        "OPENAI_API_KEY",
        "hf_token",
        "db_password",
        "MODEL_PASSWD",
        "auth_header",
        "SESSION_COOKIE",
        "AWS_CREDENTIALS",
        "bearerToken",
        "PRIVATE_MODEL_KEY",
        "SIGNING_SECRET",
        "TLS_CERT",
        "SENTRY_DSN",
        "DATABASE_CONNECTION",
        "MODEL_PWD",
    ],
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["LLM_MODEL", "embedding_model", "modelName", "OLLAMA_HOST"])
def test_model_names_are_not_secret(name: str) -> None:
    assert not is_secret_name(name)


def test_secret_words_cover_every_former_list() -> None:
    former = {
        "KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "PWD", "AUTH", "CREDENTIAL",
        "COOKIE", "BEARER", "SESSION", "PRIVATE", "SIGNING", "CERT", "DSN", "CONNECTION",
    }  # fmt: skip
    assert all(is_secret_name(word) for word in former)
    assert set(SECRET_WORDS) <= former


@pytest.mark.parametrize(
    "value",
    ["sk-proj-abc123", "sk-ant-api03-xyz", "ghp_0123456789abcdef", "hf_AbCdEf", "AKIAIOSFODNN7EXAMPLE"],
)
def test_credential_values(value: str) -> None:
    assert looks_like_secret(value)


@pytest.mark.parametrize("value", ["gpt-4o-2024-08-06", "llama3.1:8b", "meta-llama/Llama-3.1-8B"])
def test_model_ids_are_not_credentials(value: str) -> None:
    assert not looks_like_secret(value)


def test_urls_lose_their_credentials() -> None:
    assert strip_credentials("http://user:pw@gpu:11434") == "http://gpu:11434"
    assert clean_url("https://u:p@host:8000/v1?key=x#frag") == "https://host:8000/v1"
    assert clean_url("not a url") is None


@pytest.mark.parametrize(
    "value", ["aB3dE5fG7hJ9kL1mN3pQ", "http://admin:hunter2@proxy:4000", "Xy7" * 6]
)
def test_random_tokens_and_url_credentials_are_secret(value: str) -> None:
    assert looks_like_secret(value)


@pytest.mark.parametrize(
    "value",
    [
        "Meta-Llama-3.1-8B-Instruct-Q4_K_M",
        "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
        "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
        "mlx-community/Llama-3.2-3B-Instruct-4bit",
        "microsoft/Phi-3-mini-128k-instruct",
    ],
)
def test_long_model_ids_are_not_secret(value: str) -> None:
    assert not looks_like_secret(value)
