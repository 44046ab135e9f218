"""The JS SDK vocabulary: model keys, AI SDK functions and factories, client methods, packages.

Data and name tests only; which call is an SDK call is decided in `calls.py` from these tables.
Provider names and URLs -> runtime come from `sources.providers`, secret names from
`sources.secrets`.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.providers import PROVIDER_KEYS, colon_prefix_runtime
from llmdeps.sources.secrets import clean_url, is_secret_name

# -- keys and names that hold a model id ---------------------------------------------------------

_SAYS_MODEL = lazy_compile(r"(?i)model|llm")
_NOT_MODEL_KEY = lazy_compile(
    r"(?i)label|display|title|descr|provider|family|vendor|type|url|path|dir|file|icon|logo|"
    r"option|param|config|setting|price|cost|limit|count|size|max|min|temperature|timeout"
)
STRONG_KEYS = frozenset(
    {
        "model",
        "modelName",
        "model_name",
        "modelId",
        "model_id",
        "embeddingModel",
        "embedding_model",
        "deployment",
        "deploymentName",
        "azureDeployment",
        "azureOpenAIApiDeploymentName",
    }
)
"""Keys whose value is a model id even when it is not model-shaped (`deployment: 'prod-chat'`)."""
CATALOG_SKIP_KEYS = frozenset(
    {"name", "label", "title", "description", "displayName", "display_name", "provider", "vendor"}
)
"""Keys of a catalogue entry that describe the model rather than name it."""
PROVIDER_HINT_KEYS = tuple(sorted(PROVIDER_KEYS))
"""Sibling keys that say which runtime the object's model runs on (`provider: 'ollama'`)."""


def says_model(name: str) -> bool:
    """The name says model or LLM and is not a secret's name."""
    return bool(_SAYS_MODEL.search(name)) and not is_secret_name(name)


def is_non_model_key(name: str) -> bool:
    """The name describes or configures a model (label, provider, url, price, limit, ...)."""
    return _NOT_MODEL_KEY.search(name) is not None


def names_model(name: str) -> bool:
    """The name says model and is not a describing key: `MODEL`, `chatModel`, `llms`."""
    return says_model(name) and not is_non_model_key(name)


def plural(name: str) -> bool:
    """The name says it holds several (`models`, `modelList`, `MODEL_REGISTRY`)."""
    low = name.lower()
    return low.endswith(("s", "list", "catalog", "catalogue", "choices", "registry", "map"))


# -- Vercel AI SDK -------------------------------------------------------------------------------

AISDK_FUNCS = frozenset(
    [
        "generateText",
        "streamText",
        "generateObject",
        "streamObject",
        "embed",
        "embedMany",
        "generateImage",
        "experimental_generateImage",
        "generateSpeech",
        "experimental_generateSpeech",
        "transcribe",
        "experimental_transcribe",
        "wrapLanguageModel",
        "rerank",
    ]
)
"""AI SDK functions whose argument object names a model (plain strings go to the AI Gateway)."""
AISDK_CLASSES = frozenset({"Agent", "Experimental_Agent", "ToolLoopAgent"})
FACTORY_METHODS = frozenset(
    [
        "chat",
        "languageModel",
        "chatModel",
        "textEmbeddingModel",
        "textEmbedding",
        "embedding",
        "embeddingModel",
        "responses",
        "completion",
        "image",
        "imageModel",
        "transcription",
        "speech",
        "messages",
        "interactions",
        "video",
        "videoModel",
        "reranking",
        "rerankingModel",
        "translation",
        "transcriptionModel",
        "speechModel",
    ]
)
"""Methods of a provider instance that take a model id: `openai.chat('gpt-4o')`."""
REGISTRY_METHODS = frozenset(
    {
        "languageModel",
        "textEmbeddingModel",
        "embeddingModel",
        "imageModel",
        "transcriptionModel",
        "speechModel",
        "rerankingModel",
    }
)
"""Methods of a `createProviderRegistry(...)` result that take `provider:model`."""
PROVIDER_FACTORIES = {
    "openai": Runtime.OPENAI,
    "anthropic": Runtime.ANTHROPIC,
    "google": Runtime.GOOGLE,
    "vertex": Runtime.VERTEX,
    "mistral": Runtime.MISTRAL,
    "groq": Runtime.GROQ,
    "azure": Runtime.AZURE,
    "bedrock": Runtime.BEDROCK,
    "ollama": Runtime.OLLAMA,
    "xai": Runtime.XAI,
    "deepseek": Runtime.DEEPSEEK,
    "cohere": Runtime.COHERE,
    "togetherai": Runtime.TOGETHER,
    "openrouter": Runtime.OPENROUTER,
}
"""The AI SDK's default provider instances, by the name they are imported as."""
_NOT_PROVIDER_PACKAGES = frozenset(
    {
        "react",
        "vue",
        "svelte",
        "angular",
        "rsc",
        "ui-utils",
        "provider",
        "provider-utils",
        "mcp",
        "harness",
        "otel",
        "valibot",
        "langchain",
        "llamaindex",
        "devtools",
        "workflow",
        "solid",
    }
)


def is_provider_module(module: str) -> bool:
    """An AI SDK provider package (`@ai-sdk/openai`, `ollama-ai-provider`), not a helper one."""
    low = module.lower()
    if low.startswith("@ai-sdk/"):
        return low[len("@ai-sdk/") :].split("/", 1)[0] not in _NOT_PROVIDER_PACKAGES
    return "ai-provider" in low or "ai-sdk-" in low


# -- client SDKs (openai-node, anthropic, ollama-js, Google, Hugging Face) ------------------------

OPENAI_RESOURCES = frozenset(
    [
        "jobs",
        "fineTuning",
        "completions",
        "responses",
        "embeddings",
        "messages",
        "moderations",
        "images",
        "speech",
        "transcriptions",
        "translations",
        "realtime",
        "assistants",
        "runs",
        "threads",
        "batches",
    ]
)
"""Resources on an OpenAI-style client whose methods take a model: `client.chat.completions`."""
OPENAI_METHODS = frozenset(
    {"generate", "edit", "createVariation"}
    | {"create", "stream", "parse", "createAndPoll", "runTools", "connect"}
)
OLLAMA_MODULES = ("ollama", "ollama/browser")
OLLAMA_METHODS = frozenset(
    ["chat", "generate", "embed", "embeddings", "pull", "push", "show", "create", "copy", "delete"]
)
GOOGLE_METHODS = frozenset(
    [
        "generateContent",
        "generateContentStream",
        "embedContent",
        "batchEmbedContents",
        "countTokens",
        "generateImages",
        "getGenerativeModel",
    ]
)
HF_METHODS = frozenset(
    [
        "textGeneration",
        "textGenerationStream",
        "chatCompletion",
        "chatCompletionStream",
        "featureExtraction",
        "summarization",
        "translation",
        "sentenceSimilarity",
        "textToImage",
    ]
)
COHERE_METHODS = frozenset({"chat", "chatStream", "embed", "rerank", "generate"})
URL_KEYS = ("baseURL", "baseUrl", "base_url", "host", "endpoint")
"""Client options that carry the server's base URL."""

# -- LangChain JS, tests and raw HTTP -------------------------------------------------------------

LANGCHAIN_MODULES = ("@langchain/", "langchain", "llamaindex", "@llamaindex/")
LANGCHAIN_INIT = ("initChatModel", "init_chat_model")
"""Calls whose first argument is a `provider:model` string."""
LANGCHAIN_AGENTS = ("createAgent", "createReactAgent")
"""Calls whose `model` key takes a `provider:model` string."""
ASSERTS = frozenset(
    {
        "toBe",
        "toEqual",
        "toStrictEqual",
        "toContain",
        "toMatch",
        "equal",
        "strictEqual",
        "deepEqual",
        "toHaveBeenCalledWith",
        "toHaveProperty",
    }
)
"""Test assertions: a model id in their first two arguments is a test reference."""
HTTP_CALLEES = frozenset({"fetch", "$fetch", "ofetch", "post", "request", "ky"})
HTTP_PATH = lazy_compile(
    r"/api/(?:chat|generate|embed|embeddings)\b|/v1/(?:chat/completions|completions|embeddings"
    r"|messages|responses)\b|/chat/completions\b"
)
"""Model API paths of Ollama, OpenAI-compatible servers and Anthropic."""


def split_langchain(value: str, *, infer: bool = True) -> tuple[str, Runtime]:
    """`openai:gpt-4o` -> (`gpt-4o`, openai); split on the first `:` for a known provider only.

    With `infer`, an unprefixed id names its vendor's runtime by family (`gpt-`, `claude`)."""
    prefix, sep, rest = value.partition(":")
    prefix = prefix.replace("-", "_")
    runtime = colon_prefix_runtime(prefix, pydantic_ai=False) if sep and rest else None
    if runtime is not None:
        return rest, runtime
    if not infer:
        return value, Runtime.UNKNOWN
    low = value.lower()
    if low.startswith(("gpt-", "o1", "o3", "o4", "chatgpt")):
        return value, Runtime.OPENAI
    if low.startswith("claude"):
        return value, Runtime.ANTHROPIC
    if low.startswith("gemini"):
        return value, Runtime.GOOGLE
    return value, Runtime.UNKNOWN


def base_url(url: str) -> str | None:
    """A base URL fit for output (an absolute URL only): no credentials, query or fragment."""
    return clean_url(url) if "://" in url else None
