"""SDK call shapes (REFERENCE.md section 6): which call is which SDK's model slot."""

from __future__ import annotations

import ast
from textwrap import dedent

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.python.sdk import ModelSlot, prefix_runtime
from tests.sources.detectors.python.helpers import by_model, refs, visited


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
        "openai:gpt-4o": Runtime.OPENAI,
        "claude-3-5-sonnet-20241022": Runtime.ANTHROPIC,
        "ollama:llama3:8b": Runtime.OLLAMA,
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
    # the provider prefix names the runtime and stays in the model as written
    ref = found["openai:gpt-4o"]
    assert (ref.location.line, ref.location.column) == (10, 21)
    assert ref.location.context == "app.llm:init_chat_model"


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
    # the created model's own name is produced, not consumed: only its base is a dependency
    assert "grant-writer" not in found
    assert found["llama3.1:8b"].location.context == "app.llm:create"


def test_classify_reads_aliases_clients_and_positions() -> None:
    source = """\
        import ollama as o
        from transformers import pipeline

        client = o.Client("http://gpu:11434")
        client.chat("llama3.1:8b")
        pipeline("text-generation", "gpt2")
        thing.chat.completions.create(model="x")
        """
    visitor = visited(source)
    calls = [n for n in ast.walk(ast.parse(dedent(source))) if isinstance(n, ast.Call)]
    targets = {ast.unparse(c.func): visitor.sdk.classify(c) for c in calls}
    chat = targets["client.chat"]
    assert chat.runtime is Runtime.OLLAMA and chat.strong and chat.sdk == "ollama"
    assert chat.positional == 0  # `client.chat("llama3.1:8b")`
    assert chat.base_url == "http://gpu:11434"
    assert targets["o.Client"].ctor
    assert targets["pipeline"].positional == 1
    shaped = targets["thing.chat.completions.create"]
    # an SDK-shaped call on an unknown object: two SDKs are imported, so no runtime hint
    assert shaped.strong and shaped.runtime is Runtime.UNKNOWN
    assert visitor.sdk.hint() is Runtime.UNKNOWN


def test_prefix_runtime_only_in_provider_prefixed_slots() -> None:
    prefixed = ModelSlot(Runtime.UNKNOWN, "app:Agent", True, provider_prefixed=True)
    assert prefix_runtime("openai:gpt-4o", prefixed) is Runtime.OPENAI
    assert prefix_runtime("llama3.1:8b", prefixed) is None
    plain = ModelSlot(Runtime.UNKNOWN, "app:chat", True)
    assert prefix_runtime("openai:gpt-4o", plain) is None
    assert prefix_runtime("openai:gpt-4o", None) is None
