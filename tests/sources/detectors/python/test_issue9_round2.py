"""Issue 9, round 2 (batch 4's miss classes) in Python: model-named attributes written on an
object, lookup fallbacks, model classes built with `id=`."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from tests.sources.detectors.python.helpers import by_model, refs

PROVIDER_DEFAULTS = '''
from typing import Optional

from openai import OpenAI


class OpenAILLM(LLMBase):
    def __init__(self, config: Optional[BaseLlmConfig] = None):
        super().__init__(config)
        if not self.config.model:
            self.config.model = "gpt-5-mini"
        self.client = OpenAI(api_key=self.config.api_key)


class OpenAIEmbedding(EmbeddingBase):
    def __init__(self, config=None):
        super().__init__(config)
        self.config.model = self.config.model or "text-embedding-3-small"
        self.config.embedding_dims = self.config.embedding_dims or 1536
        self.config.model_path = self.config.model_path or "models/llama-3-8b"


def configure(cfg):
    cfg.embedding_model = "nomic-embed-text"
    cfg.model_provider = "ollama"
    cfg.llm.model_version = "2024-08-06"
'''


def test_model_named_attribute_of_an_object_is_a_default() -> None:
    found = by_model(PROVIDER_DEFAULTS)
    assert set(found) == {"gpt-5-mini", "text-embedding-3-small", "nomic-embed-text"}
    assert found["gpt-5-mini"].location.line == 11
    assert found["text-embedding-3-small"].kind is RefKind.CONSTANT


def test_attribute_named_for_something_else_stays_quiet() -> None:
    # a path, a provider and a version are model-named attributes that hold no model
    text = """
    cfg.model_path = "checkpoints/llama-3-8b"
    cfg.model_provider = "anthropic"
    settings.model_version = "0613"
    user.name = "gpt-4o fan"
    completed_response.model = "gpt-4o-2024-08-06"
    chunk.model = "claude-3-5-haiku-latest"
    """
    assert refs(text) == []


LOOKUP_FALLBACKS = '''
from openai import OpenAI

client = OpenAI()


def rerank(config):
    return HuggingFaceRerankerConfig(
        provider=getattr(config, "provider", "huggingface"),
        model=getattr(config, "model", "BAAI/bge-reranker-base"),
        top_k=getattr(config, "top_k", 5),
    )


def ask(settings, prompt):
    return client.chat.completions.create(
        model=settings.get("model", "gpt-4o-mini"),
        messages=[{"role": "user", "content": prompt}],
        temperature=settings.get("temperature", 0.2),
    )
'''


def test_lookup_fallback_in_a_model_slot_is_the_model() -> None:
    found = by_model(LOOKUP_FALLBACKS)
    assert set(found) == {"BAAI/bge-reranker-base", "gpt-4o-mini"}
    assert found["gpt-4o-mini"].kind is RefKind.CALL


def test_lookup_fallback_outside_a_model_slot_is_not() -> None:
    text = """
    region = getattr(config, "region", "us-east-1")
    voice = options.get("voice", "alloy")
    label = names.get("llama3.1:8b-label", "Llama")
    """
    assert refs(text) == []


AGNO = '''
from agno.agent import Agent
from agno.embedder.ollama import OllamaEmbedder
from agno.models.openai import OpenAIChat

agent = Agent(
    name="Fitness Agent",
    model=OpenAIChat(id="gpt-4.1-nano-2025-04-14"),
    markdown=True,
)
embedder = OllamaEmbedder(id="nomic-embed-text", dimensions=768)
'''


def test_model_class_id_keyword_is_the_model() -> None:
    found = by_model(AGNO)
    assert set(found) == {"gpt-4.1-nano-2025-04-14", "nomic-embed-text"}
    assert found["gpt-4.1-nano-2025-04-14"].location.line == 8


def test_id_keyword_of_other_classes_is_not_a_model() -> None:
    text = """
    msg = ChatMessage(id="msg_01", role="user", content="hi")
    row = UserModel(id="user-42")
    run = Agent(id="gpt-4o-agent", name="helper")
    cls = ModelSupportTable(id="llama3.1:8b")
    """
    assert refs(text) == []


PREFIXED = '''
import os

from langchain.chat_models import init_chat_model
from langchain.embeddings import init_embeddings

model_to_use = os.environ.get("EVAL_MODEL", "anthropic:claude-3-7-sonnet-latest")
grader = init_chat_model(model_to_use)
embeddings = init_embeddings("openai:text-embedding-3-small")
local = init_chat_model("llama3.1:8b", model_provider="ollama")
'''


def test_provider_prefix_stays_in_the_model_and_names_the_runtime() -> None:
    found = by_model(PREFIXED)
    assert set(found) == {
        "anthropic:claude-3-7-sonnet-latest",
        "openai:text-embedding-3-small",
        "llama3.1:8b",
    }
    assert found["anthropic:claude-3-7-sonnet-latest"].runtime is Runtime.ANTHROPIC
    assert found["anthropic:claude-3-7-sonnet-latest"].env_var == "EVAL_MODEL"
    assert found["openai:text-embedding-3-small"].runtime is Runtime.OPENAI
    # an Ollama tag is no provider prefix
    assert found["llama3.1:8b"].runtime is Runtime.OLLAMA


FORM_DEFAULTS = '''
from pydantic import BaseModel, Field


class Configuration(BaseModel):
    research_model: str = Field(
        default="openai:gpt-4.1",
        metadata={
            "x_oap_ui_config": {
                "type": "text",
                "default": "openai:gpt-4.1",
                "description": "Model for conducting research",
            }
        },
    )
    research_model_max_tokens: int = Field(
        default=10000,
        metadata={"x_oap_ui_config": {"type": "number", "default": 10000}},
    )
    search_api: str = Field(
        default="tavily",
        metadata={"x_oap_ui_config": {"type": "select", "default": "tavily-v2"}},
    )
'''


def test_form_default_of_a_model_field_is_a_second_reference() -> None:
    found = refs(FORM_DEFAULTS)
    assert [(r.model, r.location.line) for r in found] == [
        ("openai:gpt-4.1", 7),
        ("openai:gpt-4.1", 11),
    ]


MEMBERSHIP = '''
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI


def load_llm(llm_name: str, config={}):
    if llm_name in ["gpt-4", "gpt-4o", "gpt-4-turbo"]:
        return ChatOpenAI(temperature=0, model_name=llm_name, streaming=True)
    elif llm_name == "gpt-3.5":
        return ChatOpenAI(temperature=0, model_name="gpt-3.5-turbo", streaming=True)
    return ChatOllama(model=llm_name)


def sampling(model: str) -> dict[str, float]:
    if model in ["o1-preview", "o3-mini-high"]:
        return {"temperature": 1.0}
    return {}
'''


def test_membership_list_whose_match_is_sent_is_a_catalogue() -> None:
    found = by_model(MEMBERSHIP)
    assert set(found) == {"gpt-4", "gpt-4o", "gpt-4-turbo", "gpt-3.5-turbo"}
    assert found["gpt-4o"].runtime is Runtime.OPENAI
    assert found["gpt-4o"].location.line == 7
    # `gpt-3.5` is compared, never sent; the sampling list is only matched against
    assert "gpt-3.5" not in found and "o1-preview" not in found
