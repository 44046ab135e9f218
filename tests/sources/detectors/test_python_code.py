"""Python detector: SDK call shapes, constants, settings, propagation, tests, fallbacks, negatives."""

from __future__ import annotations

import sys
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.model import Fallback, FallbackStyle, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.python import PythonDetector, module_path
from llmdeps.sources.testpaths import is_test_path

DETECTOR = PythonDetector()


def detect(source: str, path: str = "app/llm.py") -> list[Reference | Fallback | ScanWarning]:
    text = dedent(source)
    name = path.rsplit("/", 1)[-1]
    return list(DETECTOR.scan(SourceFile(path=path, text=text, name=name)))


def refs(source: str, path: str = "app/llm.py") -> list[Reference]:
    return [d for d in detect(source, path) if isinstance(d, Reference)]


def by_model(source: str, path: str = "app/llm.py") -> dict[str, Reference]:
    found = refs(source, path)
    out = {r.model: r for r in found}
    assert len(out) == len(found), f"duplicate references: {found}"
    return out


def fallbacks(source: str, path: str = "app/llm.py") -> list[Fallback]:
    return [d for d in detect(source, path) if isinstance(d, Fallback)]


def warnings_of(source: str, path: str = "app/llm.py") -> list[ScanWarning]:
    return [d for d in detect(source, path) if isinstance(d, ScanWarning)]


# --- the detector interface ------------------------------------------------------------------


def test_wants_python_sources_only() -> None:
    assert DETECTOR.name == "python"
    assert DETECTOR.wants("app/llm.py", "llm.py")
    assert DETECTOR.wants("stubs/x.pyi", "x.pyi")
    assert not DETECTOR.wants("app/llm.pyc", "llm.pyc")
    assert not DETECTOR.wants("notebooks/a.ipynb", "a.ipynb")
    assert not DETECTOR.wants("py/README.md", "README.md")


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("service/summaries.py", "service.summaries"),
        ("pkg/__init__.py", "pkg"),
        ("main.py", "main"),
        ("stubs/types.pyi", "stubs.types"),
    ],
)
def test_module_path(path: str, module: str) -> None:
    assert module_path(path) == module


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_app.py", True),
        ("pkg/tests/helpers.py", True),
        ("test_app.py", True),
        ("app/llm_test.py", True),
        ("conftest.py", True),
        ("app/testing.py", False),
        ("app/contest.py", False),
        # one answer for every detector: JS/TS runners and fixture directories too
        ("src/chat.test.ts", True),
        ("src/chat.spec.mjs", True),
        ("src/__tests__/chat.tsx", True),
        ("packages/ai/src/__fixtures__/langgraph.ts", True),
        ("tests/fixtures/litellm.yaml", True),
        ("Fixtures/models.json", True),
        ("src/latest.ts", False),
        ("config/testing.yaml", False),
    ],
)
def test_test_paths(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_readme_example_is_one_reference_at_the_literal() -> None:
    found = refs(
        """\
        import os
        import ollama
        from openai import OpenAI

        MODEL = os.getenv("LLM_MODEL", "llama3.1:8b")

        def summarize(text):
            return ollama.chat(model=MODEL, messages=[])

        def classify(text):
            return OpenAI().chat.completions.create(model="gpt-4o-2024-08-06", messages=[])
        """
    )
    assert [r.model for r in found] == ["llama3.1:8b", "gpt-4o-2024-08-06"]
    llama, gpt = found
    assert (llama.location.line, llama.location.column) == (5, 32)
    assert llama.kind is RefKind.ENV_DEFAULT
    assert llama.env_var == "LLM_MODEL"
    assert llama.runtime is Runtime.OLLAMA
    assert llama.location.context == "app.llm:MODEL"
    assert llama.detector == "python"
    assert (gpt.location.line, gpt.location.column) == (11, 51)
    assert gpt.kind is RefKind.CALL and gpt.runtime is Runtime.OPENAI
    assert gpt.location.context == "app.llm.classify:create"


# --- SDK call shapes (REFERENCE.md section 6) ------------------------------------------------


def test_openai_client_variable_with_base_url() -> None:
    found = by_model(
        """\
        import os
        from openai import OpenAI

        client = OpenAI(
            base_url=os.getenv("OPENAI_BASE_URL", "http://localhost:11434/v1"),
            api_key="ollama",
        )

        def ask(q):
            client.chat.completions.create(model="llama3.1:8b", messages=[])
            client.responses.create(model="gpt-4.1-2025-04-14", input=q)
            client.embeddings.create(model="text-embedding-3-small", input=q)
        """
    )
    assert set(found) == {"llama3.1:8b", "gpt-4.1-2025-04-14", "text-embedding-3-small"}
    llama = found["llama3.1:8b"]
    assert llama.runtime is Runtime.OPENAI
    assert llama.base_url == "http://localhost:11434/v1"
    assert (llama.location.line, llama.location.column) == (10, 42)
    assert llama.location.context == "app.llm.ask:create"


def test_base_url_never_keeps_credentials_or_query() -> None:
    (ref,) = refs(
        """\
        import openai
        c = openai.OpenAI(base_url="https://bob:hunter2@proxy.example.com/v1?key=abc")
        c.chat.completions.create(model="gpt-4o-mini")
        """
    )
    assert ref.base_url == "https://proxy.example.com/v1"


def test_azure_deployments_are_azure() -> None:
    found = by_model(
        """\
        from openai import AzureOpenAI
        az = AzureOpenAI(azure_deployment="chat-eu", azure_endpoint="https://x.openai.azure.com/")
        az.chat.completions.create(model="summaries-prod", messages=[])
        """
    )
    assert {r.runtime for r in found.values()} == {Runtime.AZURE}
    assert found["summaries-prod"].base_url == "https://x.openai.azure.com/"
    assert found["chat-eu"].location.context == "app.llm:AzureOpenAI"


def test_anthropic_and_its_cloud_clients() -> None:
    found = by_model(
        """\
        import anthropic
        from anthropic import AnthropicBedrock, AnthropicVertex

        class Bot:
            def __init__(self):
                self.client = anthropic.Anthropic()
                self.bedrock = AnthropicBedrock(aws_region="eu-west-1")

            def ask(self):
                self.client.messages.create(model="claude-3-5-haiku-20241022", max_tokens=9)
                self.bedrock.messages.create(model="anthropic.claude-3-5-sonnet-20241022-v2:0")
                AnthropicVertex().messages.create(model="claude-sonnet-4-5@20250929")
        """
    )
    assert found["claude-3-5-haiku-20241022"].runtime is Runtime.ANTHROPIC
    assert found["claude-3-5-haiku-20241022"].location.context == "app.llm.Bot.ask:create"
    assert found["anthropic.claude-3-5-sonnet-20241022-v2:0"].runtime is Runtime.BEDROCK
    assert found["claude-sonnet-4-5@20250929"].runtime is Runtime.VERTEX


def test_ollama_module_alias_positional_and_client() -> None:
    found = by_model(
        """\
        import ollama as o
        from ollama import Client

        local = Client(host="http://gpu-box:11434")
        o.chat("qwen2.5:7b", messages=[])
        o.pull(model="phi3:mini")
        o.embeddings("nomic-embed-text", prompt="x")
        o.show("llama3.2")
        local.generate("mistral:7b", prompt="hi")
        """
    )
    assert set(found) == {"qwen2.5:7b", "phi3:mini", "nomic-embed-text", "llama3.2", "mistral:7b"}
    assert {r.runtime for r in found.values()} == {Runtime.OLLAMA}
    assert found["mistral:7b"].base_url == "http://gpu-box:11434"
    assert found["qwen2.5:7b"].location.context == "app.llm:chat"
    assert (found["qwen2.5:7b"].location.line, found["qwen2.5:7b"].location.column) == (5, 8)


def test_litellm_functions() -> None:
    found = by_model(
        """\
        import litellm
        from litellm import acompletion

        litellm.completion("ollama_chat/llama3.1:8b", messages=[])
        litellm.embedding(model="text-embedding-3-small", input=["x"])

        async def go():
            await acompletion(model="groq/llama-3.3-70b-versatile", messages=[])
        """
    )
    assert set(found) == {
        "ollama_chat/llama3.1:8b",
        "text-embedding-3-small",
        "groq/llama-3.3-70b-versatile",
    }
    assert {r.runtime for r in found.values()} == {Runtime.LITELLM}
    assert found["groq/llama-3.3-70b-versatile"].location.context == "app.llm.go:acompletion"


def test_langchain_constructors_and_init_chat_model() -> None:
    found = by_model(
        """\
        from langchain.chat_models import init_chat_model
        from langchain_openai import AzureChatOpenAI, ChatOpenAI, OpenAIEmbeddings
        from langchain_anthropic import ChatAnthropic
        from langchain_ollama import ChatOllama, OllamaEmbeddings, OllamaLLM
        from langchain_google_genai import ChatGoogleGenerativeAI
        from langchain_mistralai import ChatMistralAI
        from langchain_groq import ChatGroq
        from langchain_aws import ChatBedrock

        a = init_chat_model("openai:gpt-4o")
        b = init_chat_model("claude-3-5-sonnet-20241022", model_provider="anthropic")
        c = init_chat_model("ollama:llama3:8b")
        d = ChatOpenAI(model_name="gpt-4o-mini-2024-07-18", temperature=0)
        e = ChatAnthropic(model="claude-3-5-haiku-latest")
        f = ChatOllama(model="llama3.1:8b", base_url="http://localhost:11434")
        g = OllamaLLM(model="mistral:7b")
        h = OllamaEmbeddings(model="nomic-embed-text")
        i = OpenAIEmbeddings(model="text-embedding-3-large")
        j = ChatGoogleGenerativeAI(model="gemini-2.0-flash-001")
        k = ChatMistralAI(model="mistral-large-2411")
        m = ChatGroq(model="llama-3.3-70b-versatile")
        n = ChatBedrock(model_id="anthropic.claude-3-sonnet-20240229-v1:0")
        p = AzureChatOpenAI(azure_deployment="chat-prod")
        """
    )
    expected = {
        "gpt-4o": Runtime.OPENAI,
        "claude-3-5-sonnet-20241022": Runtime.ANTHROPIC,
        "llama3:8b": Runtime.OLLAMA,
        "gpt-4o-mini-2024-07-18": Runtime.OPENAI,
        "claude-3-5-haiku-latest": Runtime.ANTHROPIC,
        "llama3.1:8b": Runtime.OLLAMA,
        "mistral:7b": Runtime.OLLAMA,
        "nomic-embed-text": Runtime.OLLAMA,
        "text-embedding-3-large": Runtime.OPENAI,
        "gemini-2.0-flash-001": Runtime.GOOGLE,
        "mistral-large-2411": Runtime.MISTRAL,
        "llama-3.3-70b-versatile": Runtime.GROQ,
        "anthropic.claude-3-sonnet-20240229-v1:0": Runtime.BEDROCK,
        "chat-prod": Runtime.AZURE,
    }
    assert {m: r.runtime for m, r in found.items()} == expected
    assert found["llama3.1:8b"].base_url == "http://localhost:11434"
    # the provider prefix is split off, the position stays at the literal
    assert (found["gpt-4o"].location.line, found["gpt-4o"].location.column) == (10, 21)
    assert found["gpt-4o"].location.context == "app.llm:init_chat_model"


def test_llama_index_and_haystack() -> None:
    found = by_model(
        """\
        from llama_index.core import Settings
        from llama_index.llms.ollama import Ollama
        from llama_index.llms.openai import OpenAI
        from llama_index.embeddings.ollama import OllamaEmbedding
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from haystack.components.generators import OpenAIGenerator
        from haystack_integrations.components.generators.ollama import OllamaGenerator

        Settings.llm = Ollama(model="llama3.1:latest", request_timeout=60.0)
        Settings.embed_model = OllamaEmbedding(model_name="nomic-embed-text")
        hf = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")
        judge = OpenAI(model="gpt-4o")
        gen = OpenAIGenerator(model="gpt-4o-mini")
        local = OllamaGenerator(model="zephyr", url="http://localhost:11434")
        """
    )
    assert {m: r.runtime for m, r in found.items()} == {
        "llama3.1:latest": Runtime.OLLAMA,
        "nomic-embed-text": Runtime.OLLAMA,
        "BAAI/bge-small-en-v1.5": Runtime.HUGGINGFACE,
        "gpt-4o": Runtime.OPENAI,
        "gpt-4o-mini": Runtime.OPENAI,
        "zephyr": Runtime.OLLAMA,
    }
    assert found["zephyr"].base_url == "http://localhost:11434"


def test_hugging_face_shapes_with_revisions() -> None:
    sha = "0e9e39f249a16976918f6564b8830bc894c89659"
    found = by_model(
        f"""\
        from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
        from sentence_transformers import SentenceTransformer
        from huggingface_hub import hf_hub_download, snapshot_download
        from vllm import LLM

        tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision="{sha}")
        lm = AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="Qwen/Qwen2.5-7B")
        gen = pipeline("text-generation", model="HuggingFaceH4/zephyr-7b-beta", revision="main")
        emb = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", revision="v1")
        hf_hub_download(repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF", filename="m.gguf")
        snapshot_download("mistralai/Mistral-7B-v0.1")
        snapshot_download("HuggingFaceH4/ultrachat_200k", repo_type="dataset")
        llm = LLM(model="meta-llama/Llama-3.2-1B", revision="abc123")
        """
    )
    assert "HuggingFaceH4/ultrachat_200k" not in found  # a dataset
    assert found["meta-llama/Llama-3.1-8B-Instruct"].revision == sha
    assert found["meta-llama/Llama-3.1-8B-Instruct"].runtime is Runtime.HUGGINGFACE
    assert found["Qwen/Qwen2.5-7B"].revision is None
    assert found["HuggingFaceH4/zephyr-7b-beta"].revision == "main"
    assert found["sentence-transformers/all-MiniLM-L6-v2"].revision == "v1"
    assert found["TheBloke/Mistral-7B-Instruct-v0.2-GGUF"].runtime is Runtime.HUGGINGFACE
    assert found["mistralai/Mistral-7B-v0.1"].location.context == "app.llm:snapshot_download"
    assert found["meta-llama/Llama-3.2-1B"].runtime is Runtime.VLLM
    assert found["meta-llama/Llama-3.2-1B"].revision == "abc123"
    tok = found["meta-llama/Llama-3.1-8B-Instruct"]
    assert (tok.location.line, tok.location.column) == (6, 37)


def test_google_mistral_cohere_groq() -> None:
    found = by_model(
        """\
        import os
        import cohere
        import google.generativeai as legacy
        from google import genai
        from groq import Groq
        from mistralai import Mistral

        client = genai.Client()
        client.models.generate_content(model="gemini-2.0-flash-001", contents="hi")
        vertex = genai.Client(vertexai=True, project="p", location="europe-west4")
        vertex.models.embed_content(model="text-embedding-004", contents="x")
        legacy.GenerativeModel("gemini-1.5-flash")
        legacy.GenerativeModel(model_name="gemini-1.5-pro-002")
        mistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])
        mistral.chat.complete(model="mistral-small-2409", messages=[])
        mistral.embeddings.create(model="mistral-embed", inputs=["a"])
        co = cohere.ClientV2()
        co.chat(model="command-r-plus-08-2024", messages=[])
        co.embed(model="embed-v4.0", texts=[], input_type="search_query")
        co.rerank(model="rerank-v3.5", query="q", documents=[])
        Groq().chat.completions.create(model="llama-3.1-8b-instant", messages=[])
        """
    )
    assert {m: r.runtime for m, r in found.items()} == {
        "gemini-2.0-flash-001": Runtime.GOOGLE,
        "text-embedding-004": Runtime.VERTEX,
        "gemini-1.5-flash": Runtime.GOOGLE,
        "gemini-1.5-pro-002": Runtime.GOOGLE,
        "mistral-small-2409": Runtime.MISTRAL,
        "mistral-embed": Runtime.MISTRAL,
        "command-r-plus-08-2024": Runtime.COHERE,
        "embed-v4.0": Runtime.COHERE,
        "rerank-v3.5": Runtime.COHERE,
        "llama-3.1-8b-instant": Runtime.GROQ,
    }
    assert found["gemini-2.0-flash-001"].location.context == "app.llm:generate_content"


def test_async_with_client() -> None:
    (ref,) = refs(
        """\
        from openai import AsyncOpenAI

        async def go():
            async with AsyncOpenAI(base_url="http://127.0.0.1:8000/v1") as api:
                await api.chat.completions.create(model="Qwen/Qwen2.5-7B-Instruct", messages=[])
        """
    )
    assert ref.runtime is Runtime.OPENAI and ref.base_url == "http://127.0.0.1:8000/v1"


def test_model_keyword_of_an_unknown_call_needs_a_model_shaped_value() -> None:
    found = by_model(
        """\
        from mylib import make_agent, train

        make_agent(model="llama3.1:8b")
        train(model="resnet50", epochs=3)
        Article.objects.create(model="sedan")
        """
    )
    assert set(found) == {"llama3.1:8b"}
    assert found["llama3.1:8b"].kind is RefKind.CALL


# --- constants, env defaults, settings, options ----------------------------------------------


def test_constants_and_catalogs() -> None:
    found = by_model(
        """\
        DEFAULT_MODEL = "llama3.1:8b"
        EMBEDDING_MODEL: str = "nomic-embed-text"
        CANDIDATES = ["qwen2.5:7b", "mistral:7b"]
        CHAT_MODELS = ("gpt-4o", "claude-3-5-haiku-20241022")
        MODELS_BY_TIER = {"fast": "llama3.2:3b", "smart": "gpt-4o-2024-08-06"}
        TIMEOUT = 30
        GREETING = "hello"
        """
    )
    assert found["llama3.1:8b"].kind is RefKind.CONSTANT
    assert found["llama3.1:8b"].location.context == "app.llm:DEFAULT_MODEL"
    assert (found["llama3.1:8b"].location.line, found["llama3.1:8b"].location.column) == (1, 17)
    assert found["nomic-embed-text"].kind is RefKind.CONSTANT
    for model in ("qwen2.5:7b", "mistral:7b", "gpt-4o", "claude-3-5-haiku-20241022"):
        assert found[model].kind is RefKind.CATALOG
    assert found["llama3.2:3b"].kind is RefKind.CATALOG
    assert "fast" not in found and "smart" not in found
    assert found["mistral:7b"].location.context == "app.llm:CANDIDATES"
    assert len(found) == 8


def test_env_defaults() -> None:
    found = by_model(
        """\
        import os
        from os import getenv

        EMBED_MODEL = os.environ.get("EMBEDDING_MODEL", "nomic-embed-text")
        CHAT = getenv("CHAT_MODEL", default="qwen2.5:7b")
        JUDGE = os.getenv("JUDGE_MODEL") or "gpt-4o-mini"
        os.environ.setdefault("RERANK_MODEL", "BAAI/bge-reranker-base")
        HOST = os.getenv("OLLAMA_HOST", "127.0.0.1:11434")
        """
    )
    assert set(found) == {"nomic-embed-text", "qwen2.5:7b", "gpt-4o-mini", "BAAI/bge-reranker-base"}
    embed = found["nomic-embed-text"]
    assert embed.kind is RefKind.ENV_DEFAULT and embed.env_var == "EMBEDDING_MODEL"
    assert embed.location.context == "app.llm:EMBED_MODEL"
    assert found["qwen2.5:7b"].env_var == "CHAT_MODEL"
    assert found["BAAI/bge-reranker-base"].env_var == "RERANK_MODEL"


def test_pydantic_settings_fields_are_configurable() -> None:
    found = by_model(
        """\
        from pydantic import BaseModel, Field
        from pydantic_settings import BaseSettings, SettingsConfigDict

        class Settings(BaseSettings):
            \"\"\"Every model can be switched; the default is llama3.1:8b.\"\"\"

            ollama_host: str = "http://localhost:11434"
            llm_model: str = Field("llama3.1:8b", description="Chat model, e.g. gpt-4o")
            embedding_model: str = Field(default="nomic-embed-text")
            judge_model: str = Field("gpt-4o-mini", validation_alias="JUDGE")
            api_key: str = "sk-PLANTEDSECRET00000000000000000"

        class Prefixed(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            summary_model: str = "grant-writer:latest"

        class Plain(BaseModel):
            llm_model: str = "gemma2:9b"
        """
    )
    assert set(found) == {
        "llama3.1:8b",
        "nomic-embed-text",
        "gpt-4o-mini",
        "grant-writer:latest",
        "gemma2:9b",
    }
    llm = found["llama3.1:8b"]
    assert llm.kind is RefKind.CONSTANT and llm.env_var == "LLM_MODEL"
    assert llm.location.context == "app.llm.Settings:llm_model"
    assert (llm.location.line, llm.location.column) == (8, 28)
    assert found["nomic-embed-text"].env_var == "EMBEDDING_MODEL"
    assert found["gpt-4o-mini"].env_var == "JUDGE"
    assert found["grant-writer:latest"].env_var == "APP_SUMMARY_MODEL"
    assert found["gemma2:9b"].env_var is None  # a plain model is not read from the environment


def test_dataclass_defaults_and_parameter_defaults() -> None:
    found = by_model(
        """\
        from dataclasses import dataclass, field

        @dataclass
        class Config:
            embedding_model: str = field(default="mxbai-embed-large")
            chat_model: str = "phi3:mini"
            temperature: float = 0.2

        def summarise(text, model: str = "deepseek-r1:7b", *, judge_model="gpt-4o-mini"):
            return text
        """
    )
    assert set(found) == {"mxbai-embed-large", "phi3:mini", "deepseek-r1:7b", "gpt-4o-mini"}
    assert found["deepseek-r1:7b"].location.context == "app.llm.summarise:model"
    assert found["mxbai-embed-large"].location.context == "app.llm.Config:embedding_model"
    assert all(r.kind is RefKind.CONSTANT for r in found.values())


def test_argparse_click_and_typer_defaults_are_configurable() -> None:
    found = by_model(
        """\
        import argparse
        import click
        import ollama
        import typer

        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--model", default="llama3.2", help="a model such as gpt-4o")
            parser.add_argument("--judge-model", default="gpt-4o-mini")
            parser.add_argument("--prompt", default="Summarise gpt-4o's answer")
            args = parser.parse_args()
            ollama.chat(model=args.model)

        @click.command()
        @click.option("--embed-model", default="nomic-embed-text", help="embedding model")
        def cli(embed_model):
            pass

        def run(llm_model: str = typer.Option("qwen2.5:7b", "--llm-model")):
            pass
        """
    )
    assert set(found) == {"llama3.2", "gpt-4o-mini", "nomic-embed-text", "qwen2.5:7b"}
    llama = found["llama3.2"]
    assert llama.kind is RefKind.CALL and llama.runtime is Runtime.OLLAMA
    assert llama.env_var == "--model"
    assert found["gpt-4o-mini"].kind is RefKind.CONSTANT
    assert found["gpt-4o-mini"].env_var == "--judge-model"
    assert found["nomic-embed-text"].env_var == "--embed-model"


# --- constant propagation --------------------------------------------------------------------


def test_constant_used_in_a_call_is_one_call_reference() -> None:
    found = refs(
        """\
        import ollama

        FAST = "phi3:mini"
        ALIAS = FAST

        def ask():
            ollama.chat(model=ALIAS)
            ollama.generate(model=FAST, prompt="x")
        """
    )
    assert len(found) == 1
    (ref,) = found
    assert ref.model == "phi3:mini" and ref.kind is RefKind.CALL
    assert ref.runtime is Runtime.OLLAMA
    assert ref.location.context == "app.llm:FAST"
    assert (ref.location.line, ref.location.column) == (3, 8)


def test_a_name_that_says_nothing_is_a_reference_once_a_call_uses_it() -> None:
    source = """\
        import os
        from openai import OpenAI

        TRIAGE = os.getenv("TRIAGE", "triage")
        UNUSED = "triage"
        proxy = OpenAI(base_url=os.environ.get("LITELLM_URL", "http://localhost:4000"))

        def triage(note):
            return proxy.chat.completions.create(model=TRIAGE, messages=[])
        """
    (ref,) = refs(source)
    assert ref.model == "triage" and ref.location.line == 4
    assert ref.kind is RefKind.ENV_DEFAULT and ref.env_var == "TRIAGE"
    assert ref.runtime is Runtime.OPENAI and ref.base_url == "http://localhost:4000"


def test_settings_instance_and_self_attributes_propagate() -> None:
    found = by_model(
        """\
        import ollama
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            summary_model: str = "grant-writer:latest"
            fallback: str = "llama3.1:8b"

        settings = Settings()

        class Summariser:
            default = "mistral:7b"

            def __init__(self):
                self.client = ollama.Client(host="http://localhost:11434")

            def run(self, text):
                self.client.chat(model=settings.summary_model)
                self.client.chat(model=self.default)
                self.client.chat(model=Settings().fallback)
        """
    )
    summary = found["grant-writer:latest"]
    assert summary.kind is RefKind.CALL and summary.env_var == "SUMMARY_MODEL"
    assert summary.runtime is Runtime.OLLAMA and summary.base_url == "http://localhost:11434"
    assert summary.location.context == "app.llm.Settings:summary_model"
    assert found["mistral:7b"].location.context == "app.llm.Summariser:default"
    assert found["mistral:7b"].runtime is Runtime.OLLAMA
    assert found["llama3.1:8b"].env_var == "FALLBACK"


def test_local_variable_and_conditional_values() -> None:
    found = by_model(
        """\
        import ollama

        def pick(big):
            model = "llama3.1:70b" if big else "llama3.1:8b"
            return ollama.chat(model=model)
        """
    )
    assert set(found) == {"llama3.1:70b", "llama3.1:8b"}
    assert all(r.kind is RefKind.CALL for r in found.values())
    assert found["llama3.1:8b"].location.context == "app.llm.pick:model"


def test_revision_through_a_constant() -> None:
    (ref,) = refs(
        """\
        from transformers import AutoModel
        REV = "6e3c0d1f9b2a4c5d8e7f6a5b4c3d2e1f0a9b8c7d"
        AutoModel.from_pretrained("BAAI/bge-m3", revision=REV)
        """
    )
    assert ref.revision == "6e3c0d1f9b2a4c5d8e7f6a5b4c3d2e1f0a9b8c7d"


# --- tests -----------------------------------------------------------------------------------


def test_asserts_fixtures_and_parametrize_in_tests_are_test_kind() -> None:
    found = refs(
        """\
        import pytest
        import ollama

        @pytest.fixture
        def model_name():
            return "llama3.1:8b"

        @pytest.mark.parametrize("model", ["phi3:mini", "gemma2:2b"])
        def test_chat(model):
            reply = ollama.chat(model="qwen2.5:0.5b", messages=[])
            assert reply.model == "qwen2.5:0.5b"
            assert "error" not in reply
        """,
        path="tests/test_chat.py",
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("llama3.1:8b", 6),
        ("phi3:mini", 8),
        ("gemma2:2b", 8),
        ("qwen2.5:0.5b", 10),
        ("qwen2.5:0.5b", 11),
    ]
    assert {r.kind for r in found} == {RefKind.TEST}
    assert found[-1].location.context == "tests.test_chat.test_chat:assert"


def test_demo_test_file_asserts() -> None:
    found = refs(
        """\
        from service.settings import Settings


        def test_default_models_are_local():
            settings = Settings()
            assert settings.llm_model == "llama3.1:8b"
            assert settings.embedding_model == "nomic-embed-text"
        """,
        path="tests/test_summaries.py",
    )
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.TEST),
        ("nomic-embed-text", RefKind.TEST),
    ]


def test_conftest_constants_are_test_kind() -> None:
    (ref,) = refs('MODEL = "llama3.2:1b"\n', path="conftest.py")
    assert ref.kind is RefKind.TEST


# --- fallbacks -------------------------------------------------------------------------------

ROUTER = """\
    from litellm import Router

    MODEL_LIST = [
        {
            "model_name": "gpt-4o",
            "litellm_params": {
                "model": "azure/gpt-4o-eu",
                "api_base": "https://eu.example.com",
                "api_key": "PLANTEDSECRET-router",
            },
        },
        {"model_name": "local", "litellm_params": {"model": "ollama_chat/llama3.1:8b"}},
        {"model_name": "claude", "litellm_params": dict(model="anthropic/claude-3-5-sonnet-20241022")},
    ]

    router = Router(
        model_list=MODEL_LIST,
        fallbacks=[{"gpt-4o": ["claude", "local"]}],
        context_window_fallbacks=[{"local": ["gpt-4o"]}],
        content_policy_fallbacks=[{"gpt-4o": ["claude"]}],
        default_fallbacks=["local"],
    )

    def answer(q):
        return router.completion(model="gpt-4o", messages=[], fallbacks=["local"])
    """


def test_router_model_list_references_carry_their_group() -> None:
    found = refs(ROUTER)
    deployments = {r.model: r for r in found if r.group is not None}
    assert {m: r.group for m, r in deployments.items()} == {
        "azure/gpt-4o-eu": "gpt-4o",
        "ollama_chat/llama3.1:8b": "local",
        "anthropic/claude-3-5-sonnet-20241022": "claude",
    }
    assert all(r.runtime is Runtime.LITELLM for r in deployments.values())
    assert deployments["azure/gpt-4o-eu"].base_url == "https://eu.example.com"
    assert deployments["azure/gpt-4o-eu"].location.context == "app.llm:Router"
    # model_name values are groups, not references of their own
    assert [r.model for r in found if r.group is None] == ["gpt-4o"]
    assert next(r for r in found if r.group is None).location.context == "app.llm.answer:completion"


def test_router_fallbacks_in_each_style() -> None:
    found = sorted(fallbacks(ROUTER), key=lambda f: (f.location.line, f.location.column))
    assert [(f.primary, f.targets, f.style) for f in found] == [
        ("gpt-4o", ("claude", "local"), FallbackStyle.LITELLM_ROUTER),
        ("local", ("gpt-4o",), FallbackStyle.LITELLM_ROUTER),
        ("gpt-4o", ("claude",), FallbackStyle.LITELLM_ROUTER),
        ("*", ("local",), FallbackStyle.DEFAULT),
        ("gpt-4o", ("local",), FallbackStyle.LITELLM_CALL),
    ]
    assert found[0].location.line == 18 and found[0].location.context == "app.llm:Router"


def test_litellm_call_fallbacks_are_fallbacks_and_references() -> None:
    source = """\
        import litellm

        MODEL = "ollama/llama3.1:8b"

        def ask(q):
            return litellm.completion(
                model=MODEL,
                messages=[],
                fallbacks=["gpt-4o-mini", {"model": "claude-3-haiku-20240307"}],
            )
        """
    (fb,) = fallbacks(source)
    assert fb.primary == "ollama/llama3.1:8b"
    assert fb.targets == ("gpt-4o-mini", "claude-3-haiku-20240307")
    assert fb.style is FallbackStyle.LITELLM_CALL
    assert fb.location.context == "app.llm.ask:completion"
    found = by_model(source)
    assert found["ollama/llama3.1:8b"].kind is RefKind.CALL
    assert found["gpt-4o-mini"].kind is RefKind.FALLBACK
    assert found["claude-3-haiku-20240307"].kind is RefKind.FALLBACK


def test_langchain_with_fallbacks() -> None:
    source = """\
        from langchain_anthropic import ChatAnthropic
        from langchain_ollama import ChatOllama
        from langchain_openai import ChatOpenAI

        LOCAL = "llama3.1:8b"
        local = ChatOllama(model=LOCAL)
        claude = ChatAnthropic(model="claude-3-5-haiku-20241022")
        chain = local.with_fallbacks([claude, ChatOpenAI(model="gpt-4o-2024-08-06")])
        inline = ChatOpenAI(model="gpt-4o-mini").with_fallbacks([local])
        """
    found = fallbacks(source)
    assert [(f.primary, f.targets, f.style) for f in found] == [
        ("llama3.1:8b", ("claude-3-5-haiku-20241022", "gpt-4o-2024-08-06"), FallbackStyle.LANGCHAIN),
        ("gpt-4o-mini", ("llama3.1:8b",), FallbackStyle.LANGCHAIN),
    ]
    assert found[0].location.context == "app.llm:with_fallbacks"
    assert by_model(source)["llama3.1:8b"].runtime is Runtime.OLLAMA


def test_with_fallbacks_on_unknown_objects_is_nothing() -> None:
    assert fallbacks("chain = make().with_fallbacks([other])\n") == []


# --- hard negatives --------------------------------------------------------------------------


def test_hard_negatives_are_not_references() -> None:
    found = refs(
        '''\
        """Summaries with gpt-4o; the docstring names llama3.1:8b too."""
        import argparse
        import logging
        import subprocess

        import ollama

        log = logging.getLogger(__name__)
        DISPLAY_NAME = "Claude Haiku 4.5"
        MODEL_LABEL = "Claude Haiku 4.5"
        IMAGE = "ollama/ollama:latest"
        OLLAMA_IMAGE_MODEL = "ollama/ollama:latest"
        DATASET = "HuggingFaceH4/ultrachat_200k"
        MODEL_DIR = "models/llama3"
        LLM_PROVIDER = "ollama"
        MODEL_PROMPT = "You are gpt-4o"
        INSTALL = ["pip", "install", "openai==1.0"]
        HEADERS = {"model-version": "2", "Content-Type": "application/json"}

        def run(size, ds):
            """Use mistral:7b for this."""
            # ollama.chat(model="commented:out")
            subprocess.run(["pip", "install", "openai==1.0"], check=True)
            subprocess.run("docker run ollama/ollama:latest", shell=True)
            print("switching to gpt-4o-mini")
            log.info("model %s", "llama3.2")
            parser = argparse.ArgumentParser(description="Run llama3.1:8b")
            parser.add_argument("--size", default="8b", help="e.g. llama3.1:8b")
            ollama.chat(model=f"llama3.1:{size}", messages=[])
            ollama.chat(model="llama3.1:" + size, messages=[])
            ollama.chat(model="ollama/ollama:latest", messages=[])
            load_dataset("HuggingFaceH4/ultrachat_200k")
            return {"role": "user", "content": "gpt-4o"}
        '''
    )
    assert found == []


def test_planted_secrets_never_appear_in_any_detection() -> None:
    source = """\
        import os
        import openai
        from pydantic_settings import BaseSettings

        OPENAI_API_KEY = "sk-proj-PLANTEDSECRET0001aaaaaaaaaaaaaaaaaaaaa"
        MODEL_API_KEY = os.getenv("MODEL_API_KEY", "sk-PLANTEDSECRET0002")
        MODEL_TOKEN = "PLANTEDSECRET0003"
        client = openai.OpenAI(api_key="sk-PLANTEDSECRET0004", base_url="https://u:PLANTEDSECRET0005@x.io/v1")

        class Settings(BaseSettings):
            llm_model: str = "gpt-4o"
            llm_api_key: str = "PLANTEDSECRET0006"

        cfg = {"model": "gpt-4o-mini", "api_key": "PLANTEDSECRET0007", "auth_model": "PLANTEDSECRET0008"}
        client.chat.completions.create(model="sk-PLANTEDSECRET0009", user="PLANTEDSECRET0010")
        client.chat.completions.create(model="gpt-4o", extra_headers={"Authorization": "PLANTEDSECRET0011"})
        """
    detections = detect(source) + detect(source.replace("import os", "import os(", 1))
    assert {d.model for d in detections if isinstance(d, Reference)} == {"gpt-4o", "gpt-4o-mini"}
    assert any(isinstance(d, ScanWarning) for d in detections)  # the broken copy was read lexically
    for d in detections:
        assert "PLANTEDSECRET" not in repr(d)


# --- unparsable Python -----------------------------------------------------------------------


def test_syntax_error_falls_back_to_a_lexical_scan() -> None:
    found = detect(
        """\
        import ollama
        def (:
            model = "mistral:7b"
        MODEL = os.getenv("LLM_MODEL", "qwen2.5:7b")
        ollama.chat(model="gemma2:9b")  # "comment"
        # MODEL = "llama3:8b"
        description = "uses gpt-4o"
        """,
        path="broken.py",
    )
    (warning,) = [d for d in found if isinstance(d, ScanWarning)]
    assert warning == ScanWarning("broken.py", "Python syntax error at line 2; scanned lexically")
    got = {r.model: r for r in found if isinstance(r, Reference)}
    assert set(got) == {"mistral:7b", "qwen2.5:7b", "gemma2:9b"}
    assert (got["mistral:7b"].location.line, got["mistral:7b"].location.column) == (3, 13)
    assert got["qwen2.5:7b"].kind is RefKind.ENV_DEFAULT
    assert got["qwen2.5:7b"].env_var == "LLM_MODEL"
    assert got["gemma2:9b"].kind is RefKind.CALL and got["gemma2:9b"].runtime is Runtime.OLLAMA


def test_python_312_syntax_is_scanned_lexically_on_311() -> None:
    found = detect(
        """\
        import ollama

        type ModelName = str

        def first[T](xs: list[T]) -> T:
            return xs[0]

        ollama.chat(model="llama3.2:3b")
        """
    )
    warnings = [d for d in found if isinstance(d, ScanWarning)]
    references = [d for d in found if isinstance(d, Reference)]
    if sys.version_info < (3, 12):
        assert len(warnings) == 1 and "syntax error at line 3" in warnings[0].reason
    assert [(r.model, r.location.line, r.location.column) for r in references] == [
        ("llama3.2:3b", 8, 19)
    ]


def test_match_statement_parses() -> None:
    found = detect(
        """\
        import ollama

        def route(kind):
            match kind:
                case "fast":
                    model = "phi3:mini"
                case _:
                    model = "llama3.1:70b"
            return ollama.chat(model=model)
        """
    )
    assert not [d for d in found if isinstance(d, ScanWarning)]
    assert {r.model for r in found if isinstance(r, Reference)} == {"phi3:mini", "llama3.1:70b"}


def test_invalid_escape_sequences_do_not_stop_the_parse() -> None:
    found = detect('import ollama\nPATTERN = "\\d+"\nollama.chat(model="phi3")\n')
    assert [d.model for d in found if isinstance(d, Reference)] == ["phi3"]
    assert not [d for d in found if isinstance(d, ScanWarning)]


def test_null_byte_is_a_warning_not_a_crash() -> None:
    found = detect('import ollama\x00\nMODEL = "llama3.2"\n')
    assert [type(d) for d in found] == [ScanWarning, Reference]
    assert "\x00" not in found[0].reason  # type: ignore[union-attr]


def test_no_string_literal_is_skipped_quickly() -> None:
    assert detect("def model(x):\n    return x + 1\n") == []


# --- positions -------------------------------------------------------------------------------


def test_non_ascii_lines_give_character_columns() -> None:
    found = by_model(
        """\
        import ollama
        # café
        LABEL = "modèle — 日本語"; MODEL = "mistral:7b"
        x = {"clé": 1, "model": "llama3.2"}
        ollama.chat(model=MODEL)
        """
    )
    line = '        LABEL = "modèle — 日本語"; MODEL = "mistral:7b"'.strip()
    assert found["mistral:7b"].location.line == 3
    assert found["mistral:7b"].location.column == line.index('"mistral') + 1
    other = 'x = {"clé": 1, "model": "llama3.2"}'
    assert found["llama3.2"].location.column == other.index('"llama') + 1


def test_crlf_line_endings() -> None:
    (ref,) = refs('import ollama\r\n\r\nollama.chat(model="phi3:mini")\r\n')
    assert (ref.location.line, ref.location.column) == (3, 19)


def test_context_has_no_line_numbers_and_survives_moves() -> None:
    base = """\
        import ollama

        def summarise():
            return ollama.generate(model="llama3.1:8b", prompt="x")
        """
    moved = "# header\n\n\n" + dedent(base).replace("def summarise", "\n\ndef summarise")
    first = refs(base)
    second = refs(moved)
    assert [r.identity for r in first] == [r.identity for r in second]
    assert first[0].location.line != second[0].location.line
    assert first[0].location.context == "app.llm.summarise:generate"


# --- properties ------------------------------------------------------------------------------

_PYTHONISH = st.lists(
    st.sampled_from(
        [
            "import ollama\n",
            "from openai import OpenAI\n",
            'MODEL = "llama3.1:8b"\n',
            'x = os.getenv("LLM_MODEL", "gpt-4o")\n',
            "ollama.chat(model=MODEL)\n",
            'OpenAI().chat.completions.create(model="gpt-4o-mini")\n',
            "def f(:\n",
            "    ",
            '"""',
            "é",
            "\r\n",
            "(",
            ")",
            "'",
            '"mistral:7b"',
            "model=",
            "\t",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), _PYTHONISH))
def test_scan_never_raises_and_positions_lie_inside_the_source(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for d in DETECTOR.scan(SourceFile(path="app/x.py", text=text, name="x.py")):
        if isinstance(d, ScanWarning):
            continue
        loc = d.location
        assert 1 <= loc.line <= len(lines)
        assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1
        if isinstance(d, Reference):
            assert d.model in text or d.model.split(":", 1)[-1] in text


def test_lists_and_asserts_need_a_model_family_unless_a_name_says_model() -> None:
    found = refs(
        """\
        MIMETYPES = ["application/json", "text/x-python"]
        MODEL_ARCH_NAMES = ["llama", "gemma2"]
        SEEN = ["llama3.1:8b", "qwen2.5:7b"]

        def test_symbols(cfg, out):
            assert out == "mml:mi"
            assert out.split("/") == ["x/y", "urn:example"]
            assert "gpt-4o-mini" in out
            assert cfg.judge_model == "acme/judge-v2"
        """,
        path="tests/test_misc.py",
    )
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.TEST),
        ("qwen2.5:7b", RefKind.TEST),
        ("gpt-4o-mini", RefKind.TEST),
        ("acme/judge-v2", RefKind.TEST),
    ]


def test_unnamed_catalog_outside_tests() -> None:
    found = refs('SEEN = ["llama3.1:8b", "qwen2.5:7b"]\nPAIRS = ["a/b", "c/d"]\n')
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.CATALOG),
        ("qwen2.5:7b", RefKind.CATALOG),
    ]


def test_boto3_bedrock_and_ollama_create_base() -> None:
    found = by_model(
        """\
        import boto3
        import ollama

        bedrock = boto3.client("bedrock-runtime", region_name="eu-central-1")
        bedrock.converse(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0", messages=[])
        bedrock.invoke_model(modelId="amazon.titan-embed-text-v2:0", body="{}")
        ollama.create(model="grant-writer", from_="llama3.1:8b", system="You write grants.")
        """
    )
    assert found["anthropic.claude-3-5-sonnet-20240620-v1:0"].runtime is Runtime.BEDROCK
    assert found["amazon.titan-embed-text-v2:0"].runtime is Runtime.BEDROCK
    assert found["llama3.1:8b"].runtime is Runtime.OLLAMA
    assert found["grant-writer"].location.context == "app.llm:create"


def test_a_constant_behind_an_option_or_setting_is_configurable() -> None:
    found = by_model(
        """\
        import argparse
        from pydantic_settings import BaseSettings

        DEFAULT_MODEL = "llama3.1:8b"
        DEFAULT_EMBED_MODEL = "nomic-embed-text"

        class Settings(BaseSettings):
            embed_model: str = DEFAULT_EMBED_MODEL

        parser = argparse.ArgumentParser()
        parser.add_argument("--model", default=DEFAULT_MODEL)
        """
    )
    assert found["llama3.1:8b"].env_var == "--model"
    assert found["llama3.1:8b"].location.context == "app.llm:DEFAULT_MODEL"
    assert found["nomic-embed-text"].env_var == "EMBED_MODEL"


def test_too_deep_to_walk_falls_back_to_a_lexical_scan() -> None:
    source = 'import ollama\nMODEL = "llama3.2"\nx = ' + "+".join(["1"] * 20000) + "\n"
    found = detect(source, path="deep.py")
    assert isinstance(found[0], ScanWarning) and "scanned lexically" in found[0].reason
    assert [(r.model, r.location.line) for r in found if isinstance(r, Reference)] == [
        ("llama3.2", 2)
    ]


def test_loop_variables_and_subscripts_reach_the_literal() -> None:
    found = refs(
        """\
        import ollama

        CANDIDATES = ["llama3.1:8b", "mistral:7b"]
        TIERS = {"fast": "phi3:mini", "smart": "qwen2.5:14b"}

        def warm_up():
            for name in CANDIDATES:
                ollama.pull(name)

        def fast(q):
            return ollama.chat(model=TIERS["fast"], messages=[])

        def first():
            return ollama.chat(model=CANDIDATES[0])
        """
    )
    assert [(r.model, r.kind, r.runtime) for r in found] == [
        ("llama3.1:8b", RefKind.CATALOG, Runtime.OLLAMA),
        ("mistral:7b", RefKind.CATALOG, Runtime.OLLAMA),
        ("phi3:mini", RefKind.CALL, Runtime.OLLAMA),
    ]
    assert found[2].location.context == "app.llm:TIERS"


def test_prefix_marker_and_family_lists_are_not_model_catalogs() -> None:
    """Shapes from zylon-ai/private-gpt: lists used with `startswith` or to match families."""
    source = (
        'OPENAI_CHAT_MODEL_PREFIXES = ("gpt-", "o1", "o3", "o4", "chatgpt")\n'
        'OPENAI_NON_CHAT_MODEL_MARKERS = ("embedding", "whisper", "tts", "dall-e")\n'
        'OLLAMA_EMBEDDING_FAMILIES = ("nomic-bert", "bert")\n'
        'CHAT_MODELS = ("gpt-4o-mini", "o3")\n'
    )
    assert sorted(r.model for r in refs(source)) == ["gpt-4o-mini", "o3"]
