"""Issue 9, batch 9's classes: `Literal[...]` types of model ids, UI widgets for choosing a model,
lookups of a model-named key, a second model of one config call, Haystack components built with
their model first, `--model-uri` storage sources, wrapped and self-running servers (`setsid`,
`*.llamafile`, `trtllm-serve`), the Ollama operator's `Model` resource and JSON in a `.env`
value. Each with the hard negatives next to it."""

from __future__ import annotations

from llmdeps.model import Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.dotenv import DotenvDetector
from llmdeps.sources.detectors.shell import ShellDetector
from tests.sources.detectors.config.test_config_files import refs, scan
from tests.sources.detectors.python.helpers import by_model
from tests.sources.detectors.python.helpers import refs as python_refs


def _rows(found: dict[str, Reference]) -> dict[str, tuple[int, RefKind]]:
    return {m: (r.location.line, r.kind) for m, r in found.items()}


def _all(source: str) -> set[tuple[str, int, RefKind]]:
    return {(r.model, r.location.line, r.kind) for r in python_refs(source)}


def test_a_literal_type_of_model_ids_is_a_catalogue() -> None:
    found = _all(
        """
        from typing import Literal

        AnthropicModel = Literal[
            "claude-3-5-haiku-latest",
            "claude-2.1",
        ]
        LoopStep = Literal["start", "gpt-4o-analyse"]
        NO_TEMPERATURE_MODELS = Literal["o1-mini"]

        class Settings:
            model: Literal["gpt-4o", "gpt-4o-mini"] = "gpt-4o"
            mode: Literal["fast", "llama3"] = "fast"
        """
    )
    assert found == {
        ("claude-3-5-haiku-latest", 5, RefKind.CATALOG),
        ("claude-2.1", 6, RefKind.CATALOG),
        ("gpt-4o", 12, RefKind.CATALOG),
        ("gpt-4o-mini", 12, RefKind.CATALOG),
        ("gpt-4o", 12, RefKind.CONSTANT),  # the default, after the type
    }  # a type of steps or modes, and a trait list, are no catalogue


def test_a_widget_for_choosing_a_model_offers_a_catalogue_and_presets_a_model() -> None:
    found = _all(
        """
        settings = cl.ChatSettings([
            Select(id="Model", label="OpenAI - Model", values=["gpt-3.5-turbo", "gpt-4-32k"]),
            Select(id="Theme", label="Colours", values=["dark", "llama-3-8b"]),
        ])

        class Embedder:
            def __init__(self):
                self.config = {
                    "Model": InputConfig(
                        type="dropdown",
                        value="all-MiniLM-L6-v2",
                        values=["all-MiniLM-L6-v2", "BAAI/bge-m3"],
                    ),
                    "Device": InputConfig(type="dropdown", value="cuda", values=["cpu", "cuda"]),
                }
        """
    )
    assert found == {
        ("gpt-3.5-turbo", 3, RefKind.CATALOG),
        ("gpt-4-32k", 3, RefKind.CATALOG),
        ("all-MiniLM-L6-v2", 12, RefKind.CONSTANT),  # the preset
        ("all-MiniLM-L6-v2", 13, RefKind.CATALOG),
        ("BAAI/bge-m3", 13, RefKind.CATALOG),
    }  # a colour theme's choices and a device's preset are no models


def test_the_fallback_of_a_model_named_lookup() -> None:
    found = by_model(
        """
        async def vectorize(config, content):
            model = config.get("Model", "embed-english-v3.0").value
            other = config.get("Model", {"value": "text-embedding-ada-002"}).value
            kind = config.get("model_type", "bert")
            label = config.get("title", "gpt-4o is great")
        """
    )
    assert _rows(found) == {
        "embed-english-v3.0": (3, RefKind.CONSTANT),
        "text-embedding-ada-002": (4, RefKind.CONSTANT),
    }


def test_every_model_keyword_of_a_call_is_a_slot() -> None:
    found = by_model(
        """
        from langchain_openai import AzureOpenAIEmbeddings

        llm_config = LLMConfig(model="gpt-4.1-mini", small_model="gpt-4.1-nano", model_kwargs={})
        embeddings = AzureOpenAIEmbeddings(
            azure_deployment=settings.deployment,
            model="text-embedding-3-large",
        )
        """
    )
    assert set(found) == {"gpt-4.1-mini", "gpt-4.1-nano", "text-embedding-3-large"}
    assert found["text-embedding-3-large"].location.line == 7


def test_haystack_components_built_with_their_model_first() -> None:
    found = by_model(
        """
        from haystack.nodes import PromptNode
        from haystack.components.generators.chat import HuggingFaceLocalChatGenerator

        node = PromptNode("gpt-3.5-turbo", api_key=key, max_length=256)
        generator = HuggingFaceLocalChatGenerator("HuggingFaceH4/zephyr-7b-beta")
        writer = DocumentWriter("documents")
        """
    )
    assert _rows(found) == {
        "gpt-3.5-turbo": (5, RefKind.CALL),
        "HuggingFaceH4/zephyr-7b-beta": (6, RefKind.CALL),
    }


def test_an_option_naming_a_hub_repository() -> None:
    found = by_model(
        """
        parser.add_argument("--model-uri", type=str, default="deepseek-ai/deepseek-coder-6.7b-instruct")
        parser.add_argument("--tokenizer", type=str, default="Qwen/Qwen2.5-7B-Instruct")
        parser.add_argument("--model-dir", type=str, default="/tmp/models")
        parser.add_argument("--output-uri", type=str, default="results/run-1")
        """
    )
    assert set(found) == {"deepseek-ai/deepseek-coder-6.7b-instruct", "Qwen/Qwen2.5-7B-Instruct"}


def _shell(text: str, path: str = "run.sh") -> list[tuple[str, int, RefKind, Runtime]]:
    found = ShellDetector().scan(SourceFile(path, text, path.rsplit("/", 1)[-1]))
    return [
        (r.model, r.location.line, r.kind, r.runtime) for r in found if isinstance(r, Reference)
    ]


def test_wrapped_servers_self_running_weights_and_storage_sources() -> None:
    text = (
        'setsid nohup vllm serve "Qwen/Qwen3-0.6B" --port 8000 &\n'
        "nohup ./Meta-Llama-3-8B-Instruct.Q5_K_M.llamafile --server --nobrowser &\n"
        "trtllm-serve serve /models/Qwen3-8B --host 0.0.0.0 --port 8000\n"
        "trtllm-serve TinyLlama/TinyLlama-1.1B-Chat-v1.0 --port 8001\n"
        "aibrix_download --model-uri tos://bucket/models/deepseek-coder-6.7b-instruct/ --local-dir /m\n"
        "aibrix_download --model-uri tos://bucket/datasets/ --local-dir /m\n"
        "./$LLAMAFILE.llamafile --server\n"
        "vllm serve /models/dse-qwen2-2b-mrl-v1/ --port 8000\n"
        "vllm serve /models/run-2/ --port 8000\n"
        "aibrix_download --model-uri hf://Qwen/Qwen2.5-7B-Instruct --local-dir /m\n"
    )
    assert _shell(text) == [
        ("Qwen/Qwen3-0.6B", 1, RefKind.PULL, Runtime.VLLM),
        ("./Meta-Llama-3-8B-Instruct.Q5_K_M.llamafile", 2, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("/models/Qwen3-8B", 3, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", 4, RefKind.PULL, Runtime.HUGGINGFACE),
        (
            "tos://bucket/models/deepseek-coder-6.7b-instruct/",
            5,
            RefKind.LOCAL_FILE,
            Runtime.LOCAL,
        ),
        ("/models/dse-qwen2-2b-mrl-v1/", 8, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("hf://Qwen/Qwen2.5-7B-Instruct", 10, RefKind.PULL, Runtime.HUGGINGFACE),
    ]


def test_manifests_an_operators_model_and_a_download_init_container() -> None:
    found = refs(
        scan(
            "deploy.yaml",
            """
            apiVersion: ollama.ayaka.io/v1
            kind: Model
            metadata:
              name: model-sample
            spec:
              image: phi
            ---
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  initContainers:
                  - command:
                    - aibrix_download
                    - --model-uri
                    - tos://artifacts/models/llava-1.5-7b-hf/
                  containers:
                  - name: app
                    image: phi
            ---
            apiVersion: model.aibrix.ai/v1alpha1
            kind: ModelAdapter
            spec:
              artifactURL: "s3://example-artifacts/Qwen2.5-7B-LoRA/"
              outputURL: "s3://example-artifacts/Qwen2.5-7B-run/"
            """,
        )
    )
    rows = {(r.model, r.location.line, r.runtime) for r in found}
    assert rows == {
        ("phi", 7, Runtime.OLLAMA),
        ("tos://artifacts/models/llava-1.5-7b-hf/", 18, Runtime.LOCAL),
        ("s3://example-artifacts/Qwen2.5-7B-LoRA/", 26, Runtime.LOCAL),
    }  # a container's `image: phi` is an image; an output URL is no source


def test_json_in_a_dotenv_value_names_models_under_model_keys_only() -> None:
    secret = "sk-proj-" + "a1B2c3D4" * 5
    text = (
        'OAI_CONFIG_LIST=\'[{"model": "gpt-4", "api_key": "' + secret + "\"}]'\n"
        'ENDPOINTS=[{"name": "local", "model": "llama3.1:8b", "token": "' + secret + '"}]\n'
        'OPENAI_API_KEY={"model": "gpt-4o"}\n'
        "BROKEN=[{" + "[" * 5000 + "\n"
        'PLAIN={"title": "gpt-4o-mini"}\n'
    )
    found = list(DotenvDetector().scan(SourceFile(".env.sample", text, ".env.sample")))
    rows = [(r.model, r.location.line, r.location.column) for r in found]
    assert [(m, line) for m, line, _ in rows] == [("gpt-4", 1), ("llama3.1:8b", 2)]
    lines = text.split("\n")
    for model, line, column in rows:
        assert lines[line - 1][column - 1 :].startswith(model)
    assert all(secret not in repr(r) for r in found)


def test_a_go_test_hands_a_known_model_to_its_helpers_not_to_its_assertions() -> None:
    from tests.sources.detectors.polyglot.support import models

    text = (
        "package integration\n"
        "\n"
        "func init() {\n"
        '\tregisterIntegrationCases(integrationTestCase("api-show-model", "llama3.2", runShow))\n'
        '\tcommand := ollamaPull("gemma3:270m")\n'
        '\tassert.Equal(t, "qwen2.5:7b", command)\n'
        '\tt.Run("llama3.1:8b", func(t *testing.T) {})\n'
        '\thelper("api-chat", "my-test-model-7b")\n'
        "}\n"
    )
    assert models(text, "integration/reg_fast_test.go") == [("llama3.2", 4), ("gemma3:270m", 5)]
    assert models(text, "integration/reg_fast.go") == []  # outside tests a helper says nothing
