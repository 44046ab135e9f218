"""Issue 9, round 2 in config files: dotted `chat.model.id` keys, `${LLM-llama2}` compose
defaults and environment names that say LLM."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.config.test_config_files import refs, scan

MICROPROFILE = """\
hugging.face.api.key=set it by env variable
#chat.model.id=meta-llama/Llama-3.2-1B-Instruct
chat.model.id=mistralai/Mistral-Nemo-Instruct-2407
chat.model.timeout=120
chat.model.max.token=200
chat.model.temperature=1.0
chat.memory.max.messages=20
language.model.id=microsoft/Phi-3-mini-4k-instruct
embedding.model.name=BAAI/bge-small-en-v1.5
app.user.name=meta-llama
model.provider.name=huggingface
"""


def test_dotted_model_id_and_name_keys() -> None:
    found = [
        (r.model, r.location.line, r.location.context)
        for r in refs(
            scan(
                "microprofile-config.properties",
                MICROPROFILE,
                "src/main/resources/META-INF/microprofile-config.properties",
            )
        )
    ]
    assert found == [
        ("mistralai/Mistral-Nemo-Instruct-2407", 3, "chat.model.id"),
        ("microsoft/Phi-3-mini-4k-instruct", 8, "language.model.id"),
        ("BAAI/bge-small-en-v1.5", 9, "embedding.model.name"),
    ]


COMPOSE = """\
services:
  bot:
    image: genai-stack/bot:latest
    environment:
      - OLLAMA_BASE_URL=${OLLAMA_BASE_URL-http://host.docker.internal:11434}
      - LLM=${LLM-llama2}
      - LLM_PROVIDER=${LLM_PROVIDER-ollama}
      - EMBEDDING_MODEL=${EMBEDDING_MODEL-sentence_transformer}
      - USE_LLM=${USE_LLM-true}
  worker:
    environment:
      LOCAL_LLM: "${LOCAL_LLM-qwen2.5:7b}"
"""


def test_compose_defaults_of_llm_named_variables() -> None:
    found = refs(scan("docker-compose.yml", COMPOSE))
    assert [(r.model, r.location.line, r.kind, r.env_var) for r in found] == [
        ("llama2", 6, RefKind.ENV_DEFAULT, "LLM"),
        ("qwen2.5:7b", 12, RefKind.ENV_DEFAULT, "LOCAL_LLM"),
    ]
