"""Which Python call is which SDK's model slot: the SDK tables and the classification of calls.

`SdkCalls` remembers the SDKs a module imports and the client objects it builds
(`client = OpenAI(base_url=...)`), and tells for each call which runtime it talks to and where
its model argument is (REFERENCE.md section 6 lists the call shapes).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind, Runtime
from llmdeps.sources.detectors.python.bindings import (
    Bindings,
    Where,
    keyword,
    literal_str,
    tail_name,
)
from llmdeps.sources.detectors.python.names import name_says_model
from llmdeps.sources.localpath import local_path
from llmdeps.sources.names import model_class
from llmdeps.sources.providers import (
    PROVIDER_KEYS,
    colon_prefix_runtime,
    runtime_for_provider,
    runtime_for_provider_value,
    runtime_in_name,
)

SDK_MODULES: dict[str, Runtime] = {
    "openai": Runtime.OPENAI,
    "anthropic": Runtime.ANTHROPIC,
    "ollama": Runtime.OLLAMA,
    "litellm": Runtime.LITELLM,
    "mistralai": Runtime.MISTRAL,
    "cohere": Runtime.COHERE,
    "groq": Runtime.GROQ,
    "google.genai": Runtime.GOOGLE,
    "google.generativeai": Runtime.GOOGLE,
    "vertexai": Runtime.VERTEX,
    "transformers": Runtime.HUGGINGFACE,
    "sentence_transformers": Runtime.HUGGINGFACE,
    "huggingface_hub": Runtime.HUGGINGFACE,
    "vllm": Runtime.VLLM,
    "together": Runtime.TOGETHER,
    "dspy": Runtime.LITELLM,
}
_FRAMEWORK_MODULES = frozenset(
    {
        "llama_index",
        "haystack",
        "haystack_integrations",
        "pydantic_ai",
        "smolagents",
        "crewai",
        "autogen",
        "autogen_ext",
        "semantic_kernel",
        "instructor",
        "guidance",
        "outlines",
        "agno",
        "distilabel",
    }
)
# SDK client constructors: (module, class) -> runtime.
_CLIENTS: dict[tuple[str, str], Runtime] = {
    ("openai", "OpenAI"): Runtime.OPENAI,
    ("openai", "AsyncOpenAI"): Runtime.OPENAI,
    ("openai", "AzureOpenAI"): Runtime.AZURE,
    ("openai", "AsyncAzureOpenAI"): Runtime.AZURE,
    ("anthropic", "Anthropic"): Runtime.ANTHROPIC,
    ("anthropic", "AsyncAnthropic"): Runtime.ANTHROPIC,
    ("anthropic", "AnthropicBedrock"): Runtime.BEDROCK,
    ("anthropic", "AsyncAnthropicBedrock"): Runtime.BEDROCK,
    ("anthropic", "AnthropicBedrockMantle"): Runtime.BEDROCK,
    ("anthropic", "AnthropicAWS"): Runtime.BEDROCK,
    ("anthropic", "AnthropicVertex"): Runtime.VERTEX,
    ("anthropic", "AsyncAnthropicVertex"): Runtime.VERTEX,
    ("anthropic", "AnthropicFoundry"): Runtime.AZURE,
    ("ollama", "Client"): Runtime.OLLAMA,
    ("ollama", "AsyncClient"): Runtime.OLLAMA,
    ("google.genai", "Client"): Runtime.GOOGLE,
    ("mistralai", "Mistral"): Runtime.MISTRAL,
    ("mistralai", "MistralClient"): Runtime.MISTRAL,
    ("mistralai", "MistralAsyncClient"): Runtime.MISTRAL,
    ("cohere", "Client"): Runtime.COHERE,
    ("cohere", "ClientV2"): Runtime.COHERE,
    ("cohere", "AsyncClient"): Runtime.COHERE,
    ("cohere", "AsyncClientV2"): Runtime.COHERE,
    ("groq", "Groq"): Runtime.GROQ,
    ("groq", "AsyncGroq"): Runtime.GROQ,
    ("litellm", "Router"): Runtime.LITELLM,
    ("huggingface_hub", "InferenceClient"): Runtime.HUGGINGFACE,
    ("huggingface_hub", "AsyncInferenceClient"): Runtime.HUGGINGFACE,
    ("together", "Together"): Runtime.TOGETHER,
}
_OLLAMA_METHODS = frozenset(
    {"chat", "generate", "embed", "embeddings", "pull", "show", "create", "copy", "push", "delete"}
)
_LITELLM_FUNCS = frozenset(
    {
        "completion",
        "acompletion",
        "embedding",
        "aembedding",
        "text_completion",
        "atext_completion",
        "image_generation",
        "transcription",
        "speech",
        "responses",
        "aresponses",
        "completion_with_retries",
    }
)
_FIRST_ARG_NAMES = frozenset(
    {
        "from_pretrained",
        "SentenceTransformer",
        "CrossEncoder",
        "SparseEncoder",
        "hf_hub_download",
        "snapshot_download",
        "GenerativeModel",
        "init_chat_model",
        "init_embeddings",
        "LM",
        "Embedder",  # dspy.Embedder("openai/text-embedding-3-small")
        "Agent",
        "LiteLLMModel",
        "HfApiModel",
        "InferenceClientModel",
        "TransformersModel",
        "OpenAIServerModel",
        "InferenceClient",
        "AsyncInferenceClient",
    }
)
MODEL_KWARGS = (
    "model",
    "model_name",
    "model_id",
    "model_name_or_path",
    "model_id_or_path",
    "pretrained_model_name_or_path",
    "repo_id",
    "azure_deployment",
    "deployment_name",
    "deployment_id",
    "engine",
    "modelId",
)
TOKENIZER_KWARGS = ("tokenizer_id", "tokenizer_name", "tokenizer")
"""Beside a model argument, the Hub repo of its tokenizer (distilabel, vLLM, TGI clients)."""
# `LoadDataFromHub(repo_id="argilla/10Kprompts-mini")`: a data set loader's repo is no model
_DATA_CALL = lazy_compile(r"(?i)data|corpus")
# boto3 bedrock-runtime: `client.converse(modelId=...)`
_BEDROCK_METHODS = frozenset(
    {"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"}
)
URL_KWARGS = ("base_url", "api_base", "host", "azure_endpoint", "endpoint", "url", "base_uri")
# LLM constructor names distinctive enough to count without an import (snippets, star imports).
_LLM_CLASS = lazy_compile(
    r"^(?:Chat(?:OpenAI|Anthropic|Ollama|GoogleGenerativeAI|VertexAI|MistralAI|Groq|Bedrock"
    r"|BedrockConverse|Cohere|LiteLLM|DeepSeek|XAI|Together|Fireworks|HuggingFace|Perplexity"
    r"|NVIDIA|OpenRouter)|AzureChatOpenAI|OllamaLLM|OllamaEmbeddings?|OpenAIEmbeddings?"
    r"|AzureOpenAIEmbeddings|GoogleGenerativeAIEmbeddings|VertexAIEmbeddings|MistralAIEmbeddings"
    r"|BedrockEmbeddings|BedrockLLM|CohereEmbeddings|HuggingFaceEmbeddings?|HuggingFaceEndpoint"
    r"|HuggingFaceLLM|SentenceTransformer|CrossEncoder|PromptNode|\w+(?:Generator|Embedder))$"
)
_CHAT_CLIENT = lazy_compile(r"Chat[A-Z][a-z]")
_POSITIONAL_CLASS = lazy_compile(r"^(?:[A-Z]\w*(?:Generator|Embedder)|PromptNode)$")
"""Haystack components built with their model first: `PromptNode("gpt-3.5-turbo")`,
`TransformersChatGenerator("HuggingFaceH4/zephyr-7b-beta")`."""
_FALLBACK_LIST = lazy_compile(r"(?i)model_?fallbacks|fallback_?models")
# LangChain's universal initialisers: `init_chat_model("openai:gpt-4o")`, `init_embeddings(...)`.
_LANGCHAIN_INIT = frozenset({"init_chat_model", "init_embeddings"})
# Calls whose model may be written `provider:model` (`init_chat_model("openai:gpt-4o")`).
_PROVIDER_PREFIXED = _LANGCHAIN_INIT | {"Agent"}
# Attribute chains of SDK-shaped calls on an unknown receiver (`x.chat.completions.create`).
_SDK_SHAPES = (
    ("chat", "completions"),
    ("messages",),
    ("responses",),
    ("embeddings",),
    ("completions",),
    ("models",),
    ("chat", "complete"),
    ("chats",),
)

POSITIONAL_METHODS = (
    _OLLAMA_METHODS | _LITELLM_FUNCS | _FIRST_ARG_NAMES | {"LLM", "pipeline", "Router", "retrieve"}
)
"""Calls that may take their model as a positional argument."""
CARRY_KWARGS = frozenset(
    {*MODEL_KWARGS, "fallbacks", "model_fallbacks", "model_list", "repository", "model_path"}
)
"""Keywords that may carry a model (or a list of them)."""


def may_carry(call: ast.Call, method: str) -> bool:
    """Cheap test: can this call hold a model in a known slot (keyword or first argument)?"""
    if call.args and (method in POSITIONAL_METHODS or _POSITIONAL_CLASS.match(method)):
        return True
    return any(kw.arg in CARRY_KWARGS for kw in call.keywords)


def top_module(canonical: str) -> str:
    """The SDK module of a dotted name: `openai.OpenAI` -> `openai`, `google.genai.Client` ->
    `google.genai`."""
    if canonical.startswith(("google.genai", "google.generativeai")):
        return ".".join(canonical.split(".", 2)[:2])
    return canonical.split(".", 1)[0]


# --- what a classification says --------------------------------------------------------------


@dataclass(slots=True)
class Client:
    """An SDK client object: the runtime its calls reach and the server URL it was given."""

    runtime: Runtime
    sdk: str
    base_url: str | None = None


@dataclass(slots=True)
class CallTarget:
    """What a call is: its runtime, whether it is a known SDK call, where its model argument is."""

    runtime: Runtime
    method: str
    strong: bool
    """A known SDK or framework call: any plausible id in its model slot counts."""
    positional: int | None
    """Index of the positional model argument, if the call takes one."""
    base_url: str | None
    sdk: str
    ctor: bool = False
    """An SDK client constructor (`OpenAI(...)`), not a call that names a model."""


@dataclass(slots=True)
class ModelSlot:
    """A model-bearing position: the argument of a call, a Router deployment, a fallback target.

    A literal reached from a slot takes its runtime, kind, base URL, revision and group."""

    runtime: Runtime
    context: str
    strong: bool
    kind: RefKind = RefKind.CALL
    base_url: str | None = None
    revision: ast.expr | None = None
    group: str | None = None
    provider_prefixed: bool = False


SlotUse = tuple[ast.expr, Where, ModelSlot]
"""An expression in a model slot, where it stands, and what the slot means."""


@dataclass(slots=True)
class SdkCall:
    """A call read for its model slots: what it is, its model argument, every slot it fills."""

    target: CallTarget
    model: ast.expr | None
    slots: list[tuple[ast.expr, ModelSlot]] = field(default_factory=list)


def model_argument(call: ast.Call, target: CallTarget) -> ast.expr | None:
    """The expression in the call's model slot: a model keyword, else the positional one."""
    expr = keyword(call, *MODEL_KWARGS)
    if expr is None and target.positional is not None:
        args = [a for a in call.args if not isinstance(a, ast.Starred)]
        if len(args) > target.positional:
            expr = args[target.positional]
    return expr


def prefix_runtime(value: str, slot: ModelSlot | None) -> Runtime | None:
    """`openai:gpt-4o` in a provider-prefixed slot -> OPENAI; else None. The model keeps its
    prefix as written (the catalogue routes on it)."""
    if slot is None or not slot.provider_prefixed or ":" not in value:
        return None
    prefix, rest = value.split(":", 1)
    runtime = colon_prefix_runtime(prefix, pydantic_ai=True)
    return runtime if runtime is not None and rest else None


# --- the classifier --------------------------------------------------------------------------


class SdkCalls:
    """The SDKs one module imports, the clients it builds, and what each of its calls is."""

    def __init__(self, bindings: Bindings) -> None:
        self._bindings = bindings
        self._sdks: set[Runtime] = set()
        self._clients: dict[str, Client] = {}
        """Variable (`client`, `self.client`) -> the SDK client it holds."""

    def note_import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Remember the runtimes of the SDK modules an import names."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                self._note_module(alias.name)
        elif node.module and not node.level:
            self._note_module(node.module)
            for alias in node.names:
                self._note_module(f"{node.module}.{alias.name}")

    def _note_module(self, canonical: str) -> None:
        runtime = SDK_MODULES.get(top_module(canonical))
        if runtime is not None:
            self._sdks.add(runtime)

    def hint(self) -> Runtime:
        """The runtime of a call on an unknown object: the one SDK the module imports, if one."""
        return next(iter(self._sdks)) if len(self._sdks) == 1 else Runtime.UNKNOWN

    # --- clients -----------------------------------------------------------------------------

    def client_of(self, call: ast.Call) -> Client | None:
        """The client an SDK constructor call builds (`openai.OpenAI(base_url=...)`)."""
        canonical = self._bindings.canonical(call.func)
        if not canonical:
            return None
        sdk = top_module(canonical)
        cls = canonical.rsplit(".", 1)[-1]
        runtime = _CLIENTS.get((sdk, cls))
        if runtime is None:
            return None
        vertex = keyword(call, "vertexai") if sdk == "google.genai" else None
        if isinstance(vertex, ast.Constant) and vertex.value is True:
            runtime = Runtime.VERTEX
        url_expr = keyword(call, *URL_KWARGS)
        if url_expr is None and sdk == "ollama" and call.args:
            url_expr = call.args[0]
        return Client(runtime, sdk, self._bindings.url(url_expr))

    def bind_client(self, key: str, call: ast.Call) -> None:
        """`key = <call>`: remember the client if the call builds one."""
        client = self.client_of(call)
        if client is not None:
            self._clients[key] = client

    def bind_with(self, node: ast.With | ast.AsyncWith) -> None:
        """`with ollama.Client() as client:` binds a client too."""
        for item in node.items:
            if isinstance(item.context_expr, ast.Call) and isinstance(item.optional_vars, ast.Name):
                self.bind_client(item.optional_vars.id, item.context_expr)

    def _receiver_client(self, func: ast.expr) -> tuple[Client | None, list[str]]:
        """The client a method is called on, and the attribute chain after it."""
        attrs: list[str] = []
        node = func
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        attrs.reverse()
        if isinstance(node, ast.Name):
            key = node.id
            if key in ("self", "cls") and attrs:
                key = f"self.{attrs[0]}"
                attrs = attrs[1:]
            client = self._clients.get(key)
            if client is not None:
                return client, attrs
        elif isinstance(node, ast.Call):
            client = self.client_of(node)
            if client is not None:
                return client, attrs
        return None, attrs

    # --- calls -------------------------------------------------------------------------------

    def classify(self, call: ast.Call) -> CallTarget:
        """What a call is, from its receiver, its dotted name or its shape, most certain first."""
        func = call.func
        method = tail_name(func)
        client: Client | None = None
        attrs: list[str] = []
        if isinstance(func, ast.Attribute):
            client, attrs = self._receiver_client(func)
        pos: int | None = None
        if client is not None:
            if (client.sdk == "ollama" and method in _OLLAMA_METHODS) or (
                client.sdk == "litellm" and method in _LITELLM_FUNCS
            ):
                pos = 0
            elif attrs[-2:] == ["models", "retrieve"]:
                pos = 0  # `client.models.retrieve("gpt-4o")`: the model asked about by its id
            return CallTarget(client.runtime, method, True, pos, client.base_url, client.sdk)
        own = self.client_of(call)
        if own is not None:  # `InferenceClient("org/name")`: a client bound to one model
            pos = 0 if method in _FIRST_ARG_NAMES else None
            return CallTarget(own.runtime, method, True, pos, own.base_url, own.sdk, ctor=True)
        canonical = self._bindings.canonical(func) or ""
        top = top_module(canonical) if canonical else ""
        runtime = SDK_MODULES.get(top)
        if runtime is not None and canonical != method:
            if (
                (top == "ollama" and method in _OLLAMA_METHODS)
                or (top == "litellm" and method in _LITELLM_FUNCS)
                or method in _FIRST_ARG_NAMES
                or (top == "vllm" and method == "LLM")
            ):
                pos = 0
            elif top == "transformers" and method == "pipeline":
                pos = 1
            if top in ("google.generativeai", "vertexai") and "vertex" in canonical:
                runtime = Runtime.VERTEX
            return CallTarget(runtime, method, True, pos, None, top)
        if top.startswith("langchain") or top in _FRAMEWORK_MODULES:
            pos = 0 if method in _FIRST_ARG_NAMES or _POSITIONAL_CLASS.match(method) else None
            return CallTarget(runtime_in_name(method), method, True, pos, None, top)
        if method == "from_pretrained":
            return CallTarget(Runtime.HUGGINGFACE, method, True, 0, None, "")
        if method in _BEDROCK_METHODS and keyword(call, "modelId") is not None:
            return CallTarget(Runtime.BEDROCK, method, True, None, None, "boto3")
        if method in _LANGCHAIN_INIT or (method and _LLM_CLASS.match(method)):
            pos = 0 if method in _FIRST_ARG_NAMES or _POSITIONAL_CLASS.match(method) else None
            return CallTarget(runtime_in_name(method), method, True, pos, None, "")
        if canonical != method and (_CHAT_CLIENT.match(method) or model_class(method)):
            # an imported chat client class of any library (browser-use `ChatBrowserUse`,
            # `ChatVercel`): its `model=` is sent as written, known family or not
            return CallTarget(runtime_in_name(method), method, True, None, None, top)
        if isinstance(func, ast.Attribute):
            for shape in _SDK_SHAPES:
                n = len(shape)
                if any(tuple(attrs[i : i + n]) == shape for i in range(len(attrs))):
                    # `client.models.retrieve("gpt-4o")`: the model asked about by its id
                    pos = 0 if attrs[-2:] == ["models", "retrieve"] else None
                    return CallTarget(self.hint(), method, True, pos, None, "")
        return CallTarget(self.hint(), method, False, None, None, "")

    def model_of(self, call: ast.Call) -> ast.expr | None:
        """The model argument of a known SDK call that is not a client constructor."""
        target = self.classify(call)
        if target.strong and not target.ctor:
            return model_argument(call, target)
        return None

    def read(self, node: ast.Call, method: str, context: str) -> SdkCall | None:
        """The model slots of a call that may carry one; None for a non-model Hub download."""
        target = self.classify(node)
        if target.sdk == "huggingface_hub":
            repo_type = literal_str(keyword(node, "repo_type"))
            if repo_type and repo_type != "model":
                return None
        base_url = target.base_url or self._bindings.url(keyword(node, *URL_KWARGS))
        model = model_argument(node, target)
        if model is not None and model is keyword(node, "repo_id") and _DATA_CALL.search(method):
            return None
        weights = keyword(node, "model_path")
        if model is None and local_path(literal_str(weights) or "")[1]:
            model = weights  # llama-cpp-python `Llama(model_path="./models/x.gguf")`; a folder
            # without a model's name (`output/run1`) is no dependency
        if model is None and target.sdk == "huggingface_hub":
            # create_inference_endpoint(name, repository="org/name", framework=...)
            model = keyword(node, "repository") if "endpoint" in method else None
        slot = ModelSlot(
            target.runtime,
            context,
            target.strong,
            base_url=base_url,
            revision=keyword(node, "revision"),
            provider_prefixed=method in _PROVIDER_PREFIXED,
        )
        if method in _LANGCHAIN_INIT:
            provider = literal_str(keyword(node, "model_provider", "provider"))
            if provider:
                slot.runtime = runtime_for_provider(provider)
        else:  # `LLMConfig(provider="xai", model="grok-3-beta")`: the provider decides
            provider = literal_str(keyword(node, *PROVIDER_KEYS))
            named = runtime_for_provider_value(provider) if provider else Runtime.UNKNOWN
            if named is not Runtime.UNKNOWN:
                slot.runtime = named
        found = SdkCall(target, model)
        for kw in node.keywords:
            # `ChatVercel(model=..., model_fallbacks=["openai/gpt-5.2", ...])`: each is a model
            value = kw.value
            fallbacks = kw.arg not in (None, "fallbacks") and _FALLBACK_LIST.search(kw.arg or "")
            if fallbacks and isinstance(value, ast.List | ast.Tuple):
                fallback = replace(slot, kind=RefKind.FALLBACK)
                found.slots.extend((elt, fallback) for elt in value.elts)
        if model is not None:
            creates = target.sdk == "ollama" and method == "create"
            if not creates:
                found.slots.append((model, slot))
            base = keyword(node, "from_") if creates else None
            if base is not None:  # ollama.create(model="mine", from_="llama3.1:8b")
                # the created model's own name is produced, not consumed: its base is the
                # dependency (a Modelfile's FROM is read by the modelfile strings pass)
                found.slots.append((base, slot))
            tokenizer = keyword(node, *TOKENIZER_KWARGS)
            if isinstance(tokenizer, ast.Constant) and isinstance(tokenizer.value, str):
                found.slots.append((tokenizer, slot))
        for kw in node.keywords:
            if kw.value is model or not kw.arg:
                continue
            if kw.arg in MODEL_KWARGS:
                # `AzureOpenAIEmbeddings(azure_deployment=self.name, model="x")`: each is sent
                found.slots.append((kw.value, slot))
            elif kw.arg not in MODEL_KWARGS and name_says_model(kw.arg) and not target.strong:
                # `LLMConfig(model="x", small_model="y")`: a second model of the same config
                found.slots.append((kw.value, replace(slot, strong=False)))
        return found
