"""Bindings: constants, env defaults, settings, options, and values followed through names."""

from __future__ import annotations

import ast

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.python.bindings import env_read, tail_name
from tests.sources.detectors.python.helpers import by_model, refs, visited

# --- constants, env defaults, settings, options ---------------------------------------------------


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


def test_unnamed_catalog_outside_tests() -> None:
    found = refs('SEEN = ["llama3.1:8b", "qwen2.5:7b"]\nPAIRS = ["a/b", "c/d"]\n')
    assert [(r.model, r.kind) for r in found] == [
        ("llama3.1:8b", RefKind.CATALOG),
        ("qwen2.5:7b", RefKind.CATALOG),
    ]


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


# --- constant propagation -------------------------------------------------------------------------


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


# --- the core, asked directly ----------------------------------------------------------------------


def _expr(source: str) -> ast.expr:
    node = ast.parse(source, mode="eval").body
    return node


def test_values_follow_names_through_settings_instances_and_namespaces() -> None:
    bindings = visited(
        """\
        import os
        from pydantic_settings import BaseSettings

        DEFAULT = os.getenv("LLM_MODEL", "llama3.1:8b")

        class Settings(BaseSettings):
            model_config = {"env_prefix": "APP_"}
            chat_model: str = DEFAULT

        settings = Settings()
        args = parser.parse_args()
        """
    ).bindings
    where = bindings.where()
    (lit,) = bindings.values(_expr("settings.chat_model"), where, "app.llm:use")
    assert (lit.value, lit.kind, lit.env_var) == ("llama3.1:8b", RefKind.ENV_DEFAULT, "LLM_MODEL")
    assert lit.context == "app.llm:DEFAULT"
    assert bindings.settings_classes == {"Settings": "APP_"}
    assert "args" in bindings.namespaces
    assert bindings.values(_expr("unknown.attr"), where, "app.llm:use") == []


def test_a_cycle_of_names_resolves_to_nothing() -> None:
    bindings = visited("a = b\nb = a\n").bindings
    assert bindings.values(_expr("a"), bindings.where(), "app.llm:x") == []


def test_env_reads_and_tail_names() -> None:
    def read(source: str) -> tuple[str, object] | None:
        call = _expr(source)
        assert isinstance(call, ast.Call)
        found = env_read(call)
        if found is None:
            return None
        name, default = found
        return name, default.value if isinstance(default, ast.Constant) else None

    assert read('os.getenv("LLM_MODEL", "phi3")') == ("LLM_MODEL", "phi3")
    assert read('os.environ.get("LLM_MODEL", default="phi3")') == ("LLM_MODEL", "phi3")
    assert read('config("LLM_MODEL", default="phi3")') == ("LLM_MODEL", "phi3")
    assert read('config("llm_model", default="phi3")') is None  # decouple names are upper case
    assert read('cache.get("LLM_MODEL", "phi3")') is None  # not the environment
    assert tail_name(_expr("a.b.c")) == "c" and tail_name(_expr("f")) == "f"
    assert tail_name(_expr("f()")) == ""
