"""Issue 9 classes in Python: provider beside model, bare words in slots, membership-only lists."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.python.matchers import says_trait
from tests.sources.detectors.python.helpers import by_model, refs

# --- class 3: a provider beside the model decides the runtime -----------------------------------


def test_provider_key_beside_model_decides_runtime() -> None:
    found = by_model(
        """\
        EMBEDDER = {"provider": "huggingface", "model": "all-MiniLM-L6-v2"}
        llm = LLMConfig(provider="xai", model="grok-3-beta")
        emb = dict(provider="ollama", model="nomic-embed-text")
        local = {"llm_provider": "sentence_transformers", "embedding_model": "BAAI/bge-m3"}
        """
    )
    assert found["all-MiniLM-L6-v2"].runtime is Runtime.HUGGINGFACE
    assert found["grok-3-beta"].runtime is Runtime.XAI
    assert found["nomic-embed-text"].runtime is Runtime.OLLAMA
    assert found["BAAI/bge-m3"].runtime is Runtime.HUGGINGFACE


def test_unknown_provider_value_leaves_the_runtime_alone() -> None:
    found = by_model(
        """\
        import openai
        cfg = {"provider": "acme-internal", "model": "gpt-4o-mini"}
        c = openai.OpenAI()
        c.chat.completions.create(model="gpt-4o", provider="openai", messages=[])
        """
    )
    assert found["gpt-4o-mini"].runtime is Runtime.OPENAI  # the module's one SDK, not "acme"
    assert found["gpt-4o"].runtime is Runtime.OPENAI


def test_provider_value_is_never_a_model() -> None:
    found = by_model('cfg = {"provider": "mistral", "model": "mistral-small-latest"}\n')
    assert set(found) == {"mistral-small-latest"}
    assert found["mistral-small-latest"].runtime is Runtime.MISTRAL


# --- class 8: a bare word in a model slot is a model --------------------------------------------


def test_bare_provider_word_in_an_sdk_model_slot_is_a_model() -> None:
    found = refs(
        """\
        import ollama
        from langchain_ollama import ChatOllama
        ollama.chat(model="mistral", messages=[])
        ollama.pull("mistral")
        llm = ChatOllama(model="mistral")
        """
    )
    assert [(r.model, r.location.line, r.runtime) for r in found] == [
        ("mistral", 3, Runtime.OLLAMA),
        ("mistral", 4, Runtime.OLLAMA),
        ("mistral", 5, Runtime.OLLAMA),
    ]


def test_provider_words_outside_a_model_slot_stay_out() -> None:
    found = refs(
        """\
        import ollama
        PROVIDER = "mistral"
        LLM_PROVIDER = os.getenv("LLM_PROVIDER", "mistral")
        DEFAULT_MODEL = "mistral"
        ollama.chat(model="openai", messages=[])
        ollama.chat(model="default", messages=[])
        """
    )
    assert found == []


# --- precision: lists only matched against ------------------------------------------------------


def test_membership_only_lists_are_not_dependencies() -> None:
    found = refs(
        """\
        NO_SUPPORT_TEMPERATURE_MODELS = ["o1-mini", "o3-mini", "gpt-5"]
        SUPPORT_REASONING_EFFORT_MODELS = ["o3", "o4-mini"]
        GEO_MODELS = ("claude-opus-4-6", "claude-sonnet-4-6")
        FAST_MODELS = {"gpt-4o-mini", "claude-3-5-haiku-latest"}

        class Gen:
            IMAGE_MODELS = ["gemini-2.5-flash-image", "imagen-4.0"]

            def shape(self):
                return "inline" if self.model in self.IMAGE_MODELS else "images"

        def params(model):
            if model not in FAST_MODELS:
                return {}
            if any(p in model for p in GEO_MODELS):
                return {"geo": "us"}
        """
    )
    assert found == []


def test_lists_used_for_more_than_matching_stay_catalogues() -> None:
    found = by_model(
        """\
        import ollama
        MODELS = ["llama3.1:8b", "qwen2.5:7b"]
        CHOICES = ["gpt-4o", "gpt-4o-mini"]
        EXPORTED_MODELS = ["claude-3-5-haiku-latest"]

        def pull_all():
            for m in MODELS:
                ollama.pull(m)

        def valid(name):
            return name in CHOICES

        def menu():
            return CHOICES
        """
    )
    assert found["llama3.1:8b"].runtime is Runtime.OLLAMA  # pulled: a list the code uses
    assert found["gpt-4o"].kind is RefKind.CATALOG  # offered as choices, matched as well
    assert found["claude-3-5-haiku-latest"].kind is RefKind.CATALOG  # used in another module
    assert len(found) == 5


def test_trait_names() -> None:
    for name in ("NO_SUPPORT_TEMPERATURE_MODELS", "compatibleModels", "UNSUPPORTED_MODELS"):
        assert says_trait(name), name
    for name in ("MODELS", "SUPPORTED_MODELS", "CHAT_MODELS", "embeddingModels", "NOVA_MODELS"):
        assert not says_trait(name), name


# --- class 6: Modelfile text inside code --------------------------------------------------------


def test_modelfile_strings_in_code() -> None:
    source = '''\
import ollama

ollama.create(model="grant-writer", modelfile="FROM llama3.1:8b\\nSYSTEM You write grants.")
MODELFILE = """
FROM qwen2.5:7b
PARAMETER temperature 0.2
SYSTEM \\"\\"\\"
FROM here on, answer briefly.
\\"\\"\\"
"""
LOCAL = """FROM ./weights/mistral-7b.Q4_K_M.gguf
TEMPLATE {{ .Prompt }}
"""
ollama.create(model="triage", modelfile=MODELFILE)
'''
    found = [r for r in refs(source) if r.kind in (RefKind.MODELFILE, RefKind.LOCAL_FILE)]
    got = [(r.model, r.location.line, r.location.column, r.kind, r.location.context) for r in found]
    assert got == [
        ("llama3.1:8b", 3, 53, RefKind.MODELFILE, "app.llm:modelfile"),
        ("qwen2.5:7b", 5, 6, RefKind.MODELFILE, "app.llm:MODELFILE"),
        ("./weights/mistral-7b.Q4_K_M.gguf", 11, 17, RefKind.LOCAL_FILE, "app.llm:LOCAL"),
    ]
    assert all(r.runtime is Runtime.OLLAMA for r in found[:2])
    assert found[2].runtime is Runtime.LOCAL


def test_sql_and_dockerfiles_in_strings_are_no_modelfile() -> None:
    source = '''\
QUERY = """
SELECT model FROM runs
WHERE model = 'llama3.1:8b'
"""
DOCKERFILE = """FROM python:3.12
RUN pip install ollama
"""
PROSE = "FROM llama3 we learnt a lot\\nabout models."
'''
    assert [r for r in refs(source) if r.kind is RefKind.MODELFILE] == []


# --- class 7: catalogues in any shape -----------------------------------------------------------


def test_catalogues_returned_built_or_in_class_attributes() -> None:
    found = refs(
        """\
        def list_models():
            return {"openai": ["gpt-4o", "gpt-4o-mini"], "anthropic": ["claude-3-5-sonnet-latest"]}

        def default_model():
            return "llama3.1:8b"

        class Api:
            MODELS = [{"id": "gpt-4.1-mini", "object": "model", "owned_by": "openai"}]

            def v1_models(self):
                data = [{"id": "qwen2.5:7b", "object": "model", "created": 0, "owned_by": "me"}]
                return {"object": "list", "data": data}
        """
    )
    got = {r.model: (r.kind, r.runtime) for r in found}
    assert got == {
        "gpt-4o": (RefKind.CATALOG, Runtime.OPENAI),
        "gpt-4o-mini": (RefKind.CATALOG, Runtime.OPENAI),
        "claude-3-5-sonnet-latest": (RefKind.CATALOG, Runtime.ANTHROPIC),
        "llama3.1:8b": (RefKind.CONSTANT, Runtime.UNKNOWN),
        "gpt-4.1-mini": (RefKind.CATALOG, Runtime.UNKNOWN),
        "qwen2.5:7b": (RefKind.CATALOG, Runtime.UNKNOWN),
    }


def test_things_that_look_like_catalogues_but_are_not() -> None:
    found = refs(
        """\
        def list_users():
            return [{"id": "acme/user-7", "name": "Ann"}, {"id": "u-12", "name": "Bo"}]

        ITEMS = [{"value": "gpt", "label": "GPT"}, {"value": "mistral", "label": "Mistral"}]
        PROVIDER_CHOICES = [{"id": "openai", "name": "OpenAI"}]
        TOOLS = [{"type": "function", "id": "gpt-4o-tool", "name": "x"}]

        def model_titles():
            return {"openai": "OpenAI", "anthropic": "Anthropic"}

        PROVIDERS = {"openai": ["chat", "embeddings"], "ollama": ["local"]}
        HEADERS = {"X-App-UA": "App-Agent/1.0", "User-Agent": "llama-client/2.0"}

        def get_unsupported_models():
            return ["o1-mini", "o1-preview"]
        """
    )
    assert found == []


# --- precision: local model folders are local references ----------------------------------------


def test_local_model_folders_are_local_references_linked_to_their_download() -> None:
    found = refs(
        """\
        from huggingface_hub import snapshot_download
        from sentence_transformers import SentenceTransformer
        from vllm import LLM
        import google.generativeai as genai

        snapshot_download("BAAI/bge-m3", local_dir="./models/bge-m3")
        e = SentenceTransformer("models/bge-m3")
        q = SentenceTransformer("./models/qwen2.5-7b-instruct")
        llm = LLM(model="/mnt/weights/Llama-3.1-8B-Instruct")
        EMBED_MODEL = "./models/bge-small-en-v1.5"
        MODEL_DIR = "./models/foo"
        g = genai.GenerativeModel("models/gemini-1.5-flash")
        """
    )
    got = [(r.model, r.kind, r.runtime, r.downloaded_from) for r in found]
    assert got == [
        ("BAAI/bge-m3", RefKind.CALL, Runtime.HUGGINGFACE, None),
        ("models/bge-m3", RefKind.LOCAL_FILE, Runtime.LOCAL, "BAAI/bge-m3"),
        ("./models/qwen2.5-7b-instruct", RefKind.LOCAL_FILE, Runtime.LOCAL, None),
        ("/mnt/weights/Llama-3.1-8B-Instruct", RefKind.LOCAL_FILE, Runtime.LOCAL, None),
        ("./models/bge-small-en-v1.5", RefKind.LOCAL_FILE, Runtime.LOCAL, None),
        ("models/gemini-1.5-flash", RefKind.CALL, Runtime.GOOGLE, None),
    ]


def test_provider_setting_beside_model_setting_names_its_runtime() -> None:
    found = by_model(
        """\
        import os
        from pydantic_settings import BaseSettings

        EMBEDDING_PROVIDER = os.getenv("EMBEDDING_PROVIDER", "huggingface")
        EMBEDDING_MODEL = os.getenv("EMBEDDING_MODEL", "all-MiniLM-L6-v2")
        LLM_MODEL = "llama3.1:8b"

        class LLMSettings(BaseSettings):
            provider: str = "xai"
            model: str = "grok-3-beta"

        class Other:
            model = "gpt-4o-mini"
        """
    )
    assert found["all-MiniLM-L6-v2"].runtime is Runtime.HUGGINGFACE
    assert found["all-MiniLM-L6-v2"].kind is RefKind.ENV_DEFAULT
    assert found["llama3.1:8b"].runtime is Runtime.UNKNOWN  # another prefix: no pair
    assert found["grok-3-beta"].runtime is Runtime.XAI
    assert found["gpt-4o-mini"].runtime is Runtime.UNKNOWN  # another class
    assert "huggingface" not in found and "xai" not in found


def test_a_local_list_with_a_trait_name_that_is_used_stays() -> None:
    found = refs(
        """\
        def test_profiles(provider):
            for non_reasoning_model in ("moonshot-v1-8k", "kimi-k2-0711-preview"):
                assert provider.model_profile(non_reasoning_model) is not None
        """,
        path="tests/test_profiles.py",
    )
    assert {r.model for r in found} == {"moonshot-v1-8k", "kimi-k2-0711-preview"}


def test_bare_word_under_an_ollama_model_name_is_the_model() -> None:
    found = refs(
        """\
        import os
        OLLAMA_MODEL = "mistral"
        CHAT = os.getenv("OLLAMA_CHAT_MODEL", "mistral")
        OPENAI_MODEL = "mistral"
        OLLAMA_PROVIDER = "mistral"

        def available():
            models = {}
            models["ollama"] = ["llama3.1:8b", "qwen2.5:7b"]
            return models
        """
    )
    got = [(r.model, r.location.line, r.runtime, r.kind) for r in found]
    assert got == [
        ("mistral", 2, Runtime.OLLAMA, RefKind.CONSTANT),
        ("mistral", 3, Runtime.OLLAMA, RefKind.ENV_DEFAULT),
        ("llama3.1:8b", 9, Runtime.OLLAMA, RefKind.CATALOG),
        ("qwen2.5:7b", 9, Runtime.OLLAMA, RefKind.CATALOG),
    ]


def test_google_style_model_names_in_lists_stay_models() -> None:
    found = by_model('GEMINI_MODELS = ["models/gemini-2.5-flash", "gemini-2.5-pro"]\n')
    assert found["models/gemini-2.5-flash"].kind is RefKind.CATALOG
    assert found["models/gemini-2.5-flash"].runtime is not Runtime.LOCAL


def test_a_module_holding_only_a_modelfile_string_is_read() -> None:
    source = 'BASE = """\nFROM qwen2.5:7b\nPARAMETER temperature 0.2\n"""\n'
    assert [(r.model, r.location.line, r.location.column) for r in refs(source)] == [
        ("qwen2.5:7b", 2, 6)
    ]
    one_line = 'import ollama\nollama.create(model="x", modelfile="FROM llama3.1:8b")\n'
    found = {r.model: r for r in refs(one_line)}
    assert found["llama3.1:8b"].kind is RefKind.MODELFILE
    assert (found["llama3.1:8b"].location.line, found["llama3.1:8b"].location.column) == (2, 42)
    assert refs('NOTE = "FROM llama3.1:8b"\n') == []  # one line, no modelfile argument


def test_lists_of_id_and_label_dicts_are_choice_catalogues() -> None:
    found = refs(
        """\
        MODELS = [{"id": "gpt-4o", "name": "GPT-4o"}, {"id": "acme/chat-1", "name": "Acme"}]
        CHOICES = [{"value": "llama3.1:8b", "label": "Llama 3.1"}]

        class Cfg:
            available_models = [{"model": "qwen2.5:7b", "display_name": "Qwen"}]
        """
    )
    got = [(r.model, r.kind, r.location.context) for r in found]
    assert got == [
        ("gpt-4o", RefKind.CATALOG, "app.llm:MODELS"),
        ("acme/chat-1", RefKind.CATALOG, "app.llm:MODELS"),
        ("llama3.1:8b", RefKind.CATALOG, "app.llm:CHOICES"),
        ("qwen2.5:7b", RefKind.CATALOG, "app.llm.Cfg:available_models"),
    ]


# --- notebook-style calls to framework SDKs (distilabel, huggingface_hub) ----------------------


def test_framework_sdk_calls_their_tokenizers_and_endpoints() -> None:
    found = refs(
        """\
        from huggingface_hub import InferenceClient, create_inference_endpoint
        from distilabel.llms import InferenceEndpointsLLM
        from distilabel.steps import LoadDataFromHub

        reader_llm = InferenceClient("Qwen/Qwen2.5-72B-Instruct")
        local = InferenceClient("http://localhost:8080")
        load_dataset = LoadDataFromHub(repo_id="argilla/10Kprompts-mini", num_examples=1)
        llm = InferenceEndpointsLLM(
            model_id="meta-llama/Meta-Llama-3-8B-Instruct",
            tokenizer_id="meta-llama/Meta-Llama-3-8B-Instruct",
        )
        endpoint = create_inference_endpoint(
            "nous-hermes-2-mixtral-8x7b-demo",
            repository="NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO",
            framework="pytorch",
        )
        """
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("Qwen/Qwen2.5-72B-Instruct", 5),
        ("meta-llama/Meta-Llama-3-8B-Instruct", 9),
        ("meta-llama/Meta-Llama-3-8B-Instruct", 10),
        ("NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO", 14),
    ]
    assert all(r.kind is RefKind.CALL for r in found)
    assert found[0].runtime is Runtime.HUGGINGFACE


def test_data_set_loaders_placeholders_and_output_records_are_not_models() -> None:
    found = refs(
        """\
        from datasets import load_dataset
        from openai import OpenAI
        from huggingface_hub import snapshot_download

        ds = LoadDataFromHub(repo_id="argilla/10Kprompts-mini")
        rows = load_hub_dataset(repo_id="HuggingFaceH4/ultrachat_200k")
        client = OpenAI(base_url="http://localhost:8080/v1/", api_key="-")
        chat = client.chat.completions.create(model="tgi", messages=[])
        group.process([{"generation": "Madrid", "model_name": "meta-llama/Meta-Llama-3-8B-Instruct"}])
        path = snapshot_download(repo_id="BAAI/bge-small-en-v1.5")
        req = {"model_name": "mistralai/Mistral-7B-Instruct-v0.3", "prompt": "hi"}
        """
    )
    assert [r.model for r in found] == [
        "BAAI/bge-small-en-v1.5",
        "mistralai/Mistral-7B-Instruct-v0.3",
    ]


def test_ollama_create_counts_its_base_not_the_name_it_creates() -> None:
    found = refs(
        """\
        from ollama import Client

        client = Client()
        client.create(model="my-assistant", from_="gemma3", system="You are Mario.")
        client.create(model="house-style", modelfile="FROM qwen2.5:7b\\nSYSTEM Be brief.")
        client.chat(model="my-assistant", messages=[])
        """
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("gemma3", 4),
        ("qwen2.5:7b", 5),
        ("my-assistant", 6),  # using the created model is a reference
    ]


def test_a_class_attribute_list_nothing_reads_is_no_catalogue() -> None:
    found = refs(
        """\
        class ImageGenerator:
            # Gemini models use generate_content with inline_data response
            GEMINI_IMAGE_MODELS = ["gemini-2.5-flash-image", "gemini-3-pro-image-preview"]
            CHOICES = ["gpt-4o-mini", "claude-3-5-haiku-20241022"]
            DEFAULT_MODEL = "models/gemini-2.5-flash-image"

            def options(self):
                return [c for c in self.CHOICES]

        SHARED_MODELS = ["llama3.1:8b", "qwen2.5:7b"]
        """
    )
    assert [(r.model, r.kind) for r in found] == [
        ("gpt-4o-mini", RefKind.CATALOG),
        ("claude-3-5-haiku-20241022", RefKind.CATALOG),
        ("models/gemini-2.5-flash-image", RefKind.CONSTANT),
        ("llama3.1:8b", RefKind.CATALOG),  # module level: other modules may import it
        ("qwen2.5:7b", RefKind.CATALOG),
    ]


def test_parameter_defaults_only_used_as_lookup_keys_are_not_dependencies() -> None:
    src = '''
    MODEL_IDS = {"gpt-4-1106-preview": 0, "mixtral-8x7b-instruct-v0.1": 1}

    class EloRouter:
        def __init__(self, tiers, strong_model="gpt-4-1106-preview", weak_model="mixtral-8x7b-instruct-v0.1"):
            self.strong_model = strong_model
            self.weak_model = weak_model

        def win_rate(self, res):
            return res[self.model2tier[self.strong_model]] - res[self.model2tier.get(self.weak_model)]

    class MatrixRouter:
        def __init__(self, strong_model="gpt-4-1106-preview"):
            self.strong_id = MODEL_IDS[strong_model]

    class Summarizer:
        def __init__(self, model="gpt-4o-mini", fallback_model="gpt-4o"):
            self.model = model
            self.cost = PRICES[model]

        def run(self, text):
            return client.chat.completions.create(model=self.model, messages=[text])

    def unused(model="llama3.1:8b"):
        return None
    '''
    found = [(r.model, r.location.line) for r in refs(src, "router/routers.py")]
    assert ("gpt-4-1106-preview", 5) not in found and ("gpt-4-1106-preview", 13) not in found
    assert ("mixtral-8x7b-instruct-v0.1", 5) not in found
    # sent to an SDK call (and also priced): a dependency; never read at all: kept as written
    assert ("gpt-4o-mini", 17) in found and ("gpt-4o", 17) in found
    assert ("llama3.1:8b", 24) in found
