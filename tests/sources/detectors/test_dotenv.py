""".env files: model keys are read, everything else (the secrets) never is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.model import Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors import dotenv
from llmdeps.sources.detectors.dotenv import DotenvDetector, model_key
from llmdeps.sources.providers import runtime_for_env_words

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"
DETECTOR = DotenvDetector()


def scan(text: str, path: str = ".env") -> list[Reference]:
    name = path.rsplit("/", 1)[-1]
    found = list(DETECTOR.scan(SourceFile(path=path, text=text, name=name)))
    assert all(isinstance(r, Reference) for r in found)  # no warnings, ever
    return [r for r in found if isinstance(r, Reference)]


def test_wants_env_files_only() -> None:
    for name in (
        ".env",
        ".env.example",
        ".env.local",
        "prod.env",
        "app.env.example",
        "env.example",
        "app.env.tmpl",
        "env.dist",
    ):
        assert DETECTOR.wants(f"deploy/{name}", name), name
    for name in ("env.py", ".envrc", "environment.yml", ".env.json", "dotenv.ts", "README.md"):
        assert not DETECTOR.wants(name, name), name


def test_demo_env_example() -> None:
    text = (DEMO / ".env.example").read_text()
    found = scan(text, ".env.example")
    assert [(r.model, r.env_var, r.location.line, r.location.column) for r in found] == [
        ("llama3.1:8b", "LLM_MODEL", 3, 11),
        ("nomic-embed-text", "EMBEDDING_MODEL", 4, 17),
    ]
    for ref in found:
        assert ref.kind is RefKind.ENV and ref.location.context == ref.env_var
        assert ref.detector == "dotenv" and ref.location.path == ".env.example"
    # TRIAGE_MODEL=triage names a proxy group, not a model shape; the secrets are not read
    assert "sk-" not in repr(found)


def test_syntax_variants_with_exact_columns() -> None:
    text = (
        "\ufeffexport OPENAI_MODEL=gpt-4o-2024-08-06\r\n"
        'ANTHROPIC_MODEL="claude-3-5-haiku-20241022"\r\n'
        "OLLAMA_MODEL = 'qwen2.5:7b'   # local\r\n"
        "EMBEDDING_MODEL=text-embedding-3-small # comment\r\n"
        "MODEL=llama3   # was MODEL=mistral\r\n"
        "DEFAULT_MODEL_ID=${LLM_MODEL:-mistral:7b}\r\n"
        "HF_MODEL_NAME=meta-llama/Llama-3.1-8B-Instruct\r\n"
        "AVAILABLE_MODELS=gpt-4o-mini, claude-sonnet-4-5\r\n"
    )
    got = [(r.model, r.env_var, r.runtime, r.location.line, r.location.column) for r in scan(text)]
    assert got == [
        ("gpt-4o-2024-08-06", "OPENAI_MODEL", Runtime.OPENAI, 1, 21),
        ("claude-3-5-haiku-20241022", "ANTHROPIC_MODEL", Runtime.ANTHROPIC, 2, 18),
        ("qwen2.5:7b", "OLLAMA_MODEL", Runtime.OLLAMA, 3, 17),
        ("text-embedding-3-small", "EMBEDDING_MODEL", Runtime.UNKNOWN, 4, 17),
        ("llama3", "MODEL", Runtime.UNKNOWN, 5, 7),
        ("mistral:7b", "DEFAULT_MODEL_ID", Runtime.UNKNOWN, 6, 31),
        ("meta-llama/Llama-3.1-8B-Instruct", "HF_MODEL_NAME", Runtime.HUGGINGFACE, 7, 15),
        ("gpt-4o-mini", "AVAILABLE_MODELS", Runtime.UNKNOWN, 8, 18),
        ("claude-sonnet-4-5", "AVAILABLE_MODELS", Runtime.UNKNOWN, 8, 31),
    ]


def test_every_position_points_at_the_model_text() -> None:
    text = 'A=1\n  export  CHAT_MODEL =  "llama3.2:3b"\nSUMMARY_MODEL=${X-phi3:mini}\n'
    lines = text.split("\n")
    found = scan(text)
    assert [r.model for r in found] == ["llama3.2:3b", "phi3:mini"]
    for ref in found:
        line = lines[ref.location.line - 1]
        assert line[ref.location.column - 1 :].startswith(ref.model)


def test_hard_negatives() -> None:
    text = (
        "MODEL_TEMPERATURE=0.2\n"
        "MODEL_PROVIDER=ollama\n"
        "MODEL_DIR=models/llama\n"
        "MODEL_CACHE_PATH=/data/models\n"
        "OLLAMA_MODELS=/srv/ollama/models\n"
        "LLM_MODEL=\n"
        "LLM_MODEL=${LLM_MODEL}\n"
        "CHAT_MODEL=$OTHER\n"
        "# LLM_MODEL=llama3\n"
        "MODEL_MAX_TOKENS=4096\n"
        "EMBEDDING_MODEL=default\n"
        "TRIAGE_MODEL=triage\n"
        "MODEL_BASE_URL=http://ollama:11434\n"
        "MODEL_REVISION=main\n"
        "OLLAMA_HOST=http://localhost:11434\n"
        "RUN_MODE=production\n"
        "LLAMA=llama3\n"
        "NEXT_MODEL=llama3#glued\n"
    )
    assert scan(text) == []


def test_ollama_library_name_that_is_a_provider_word() -> None:
    assert [r.model for r in scan("OLLAMA_MODEL=mistral\nLLM_MODEL=mistral\n")] == ["mistral"]


def test_model_key_rules() -> None:
    for key in ("LLM_MODEL", "OPENAI_MODEL", "MODEL", "DEFAULT_MODEL_ID", "EMBEDDING_MODEL_NAME"):
        assert model_key(key), key
    for key in (
        "MODEL_API_KEY",
        "OPENAI_MODEL_TOKEN",
        "MODEL_SECRET",
        "MODEL_PASSWORD",
        "MODEL_AUTH_HEADER",
        "MODEL_CREDENTIALS",
        "MODEL_TEMPERATURE",
        "MODEL_PROVIDER",
        "OPENAI_API_KEY",
        "DATABASE_URL",
    ):
        assert not model_key(key), key
    assert model_key("AZURE_OPENAI_DEPLOYMENT") and not model_key("DEPLOYMENT_ENV")
    assert runtime_for_env_words("AZURE_OPENAI_DEPLOYMENT") is Runtime.AZURE
    assert runtime_for_env_words("GEMINI_MODEL") is Runtime.GOOGLE


PLANTED = {
    "OPENAI_API_KEY": "sk-proj-Zq3xA9bT7uV1wX2yZ4aB6cD8eF0gH2iJ4kL6mN8oP0qR2sT4",
    "DATABASE_URL": "postgres://u:pw@h/db",
    "MODEL_API_KEY": "sk-llama3-8b-c0ffee1234567890deadbeef",
    "ANTHROPIC_API_KEY": "sk-ant-api03-QWERTYqwerty1234567890",
    "HF_TOKEN": "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    "LLM_MODEL_SECRET": "gpt-4o-secret-looking-value",
    "MODEL_PASSWORD": "llama3:hunter2",
    "SESSION_MODEL_COOKIE": "qwen2.5:cookie",
}


def test_planted_secrets_never_reach_a_detection() -> None:
    body = "\n".join(f"{key}={value}" for key, value in PLANTED.items())
    text = (
        body + '\nexport OPENAI_MODEL="gpt-4o-mini"\nPRIVATE_KEY="-----BEGIN\nLLM_MODEL=llama3\n"\n'
    )
    found = list(DETECTOR.scan(SourceFile(path=".env", text=text, name=".env")))
    shown = repr(found)
    for value in PLANTED.values():
        assert value not in shown
    for fragment in ("sk-", "hunter2", "pw@", "hf_", "secret", "cookie", "BEGIN"):
        assert fragment not in shown
    # values of other keys are never looked at, so a line inside a multi-line quoted secret that
    # looks like `LLM_MODEL=...` is read as a line of its own (it only ever yields a model id)
    assert [r.model for r in found if isinstance(r, Reference)][0] == "gpt-4o-mini"


@given(
    st.text(
        alphabet=st.sampled_from(list("LM_ODEL=gpt-4o:llama3 #'\"${}-,\r\nexport\t\ufeff")),
        max_size=200,
    )
)
def test_never_raises_and_positions_are_inside_the_file(text: str) -> None:
    body = text[1:] if text.startswith("\ufeff") else text
    lines = body.split("\n")
    for ref in scan(text):
        line = lines[ref.location.line - 1]
        start = ref.location.column - 1
        assert line[start : start + len(ref.model)] == ref.model


@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    scan(text)


def test_revision_key_pins_the_model_of_the_same_prefix() -> None:
    text = (
        "HF_MODEL=meta-llama/Llama-3.1-8B-Instruct\n"
        "HF_MODEL_REVISION=0e9e39f249a16976918f6564b8830bc894c89659\n"
        "EMBEDDING_MODEL=BAAI/bge-m3\n"
        "OTHER_REVISION=abc\n"
        "HF_TOKEN_REVISION=hf_secret\n"
    )
    found = scan(text)
    assert [(r.model, r.revision) for r in found] == [
        ("meta-llama/Llama-3.1-8B-Instruct", "0e9e39f249a16976918f6564b8830bc894c89659"),
        ("BAAI/bge-m3", None),
    ]
    assert "hf_secret" not in repr(found)


def test_an_internal_error_never_quotes_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(key: str) -> bool:
        raise ValueError(f"bad key {key}: sk-proj-leak")

    monkeypatch.setattr(dotenv, "model_key", boom)
    found = list(
        DETECTOR.scan(SourceFile(path=".env", text="OPENAI_API_KEY=sk-proj-leak\n", name=".env"))
    )
    assert found == [ScanWarning(".env", "dotenv: could not be read")]


def test_keys_that_carry_hugging_face_repo_ids() -> None:
    text = (
        "EMBEDDING_REPO_ID=BAAI/bge-small-en-v1.5\n"
        "HF_REPO=TheBloke/Mistral-7B-Instruct-v0.2-GGUF\n"
        "TOKENIZER=mistralai/Mistral-7B-Instruct-v0.2\n"
        "HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz012345\n"
        "TOKENIZER_TOKEN=abc123\n"
        "DATASET_REPO_ID=openai/gsm8k\n"
        "GIT_REPO=org/app\n"
    )
    found = scan(text)
    assert [(r.model, r.location.line, r.env_var) for r in found] == [
        ("BAAI/bge-small-en-v1.5", 1, "EMBEDDING_REPO_ID"),
        ("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", 2, "HF_REPO"),
        ("mistralai/Mistral-7B-Instruct-v0.2", 3, "TOKENIZER"),
    ]
    assert not model_key("TOKENIZER_TOKEN") and not model_key("HF_TOKEN")


def test_llm_named_keys_hold_models() -> None:
    text = (
        "LLM_PROVIDER=lmstudio          # Options: ollama, lmstudio\n"
        "LOCAL_LLM=qwen_qwq-32b         # Model name in LMStudio/Ollama\n"
        "LLM=llama2 #or any Ollama model tag, gpt-4 (o or turbo), gpt-3.5\n"
        "LLM_BASE_URL=http://localhost:1234/v1\n"
        "LLM_TEMPERATURE=0.2\n"
        "USE_LLM=true\n"
    )
    assert [(r.model, r.location.line) for r in scan(text, ".env.example")] == [
        ("qwen_qwq-32b", 2),
        ("llama2", 3),
    ]
    assert not model_key("LLM_PROVIDER") and not model_key("LLM_API_KEY")
