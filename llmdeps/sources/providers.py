"""The one provider table: how code, config and URLs name the runtime that serves a model.

Every detector and the inventory read it through the lookups below:

* `runtime_for_provider("google_genai")`: a provider id as routers and frameworks spell it (a
  LiteLLM model prefix `ollama_chat/...`, a LangChain `init_chat_model("openai:...")` prefix or
  `model_provider=`, a pydantic-ai `google-gla:` prefix, a config `provider:` value);
* `runtime_in_name("AzureChatOpenAI")`: a class, variable, module or key name that mentions a
  provider, most specific first (`AnthropicBedrock` is Bedrock, `AzureChatOpenAI` is Azure);
* `runtime_for_env_words("OPENAI_MODEL")`: the first word of an env var name that names one;
* `runtime_for_url("http://localhost:11434/v1")`: a base URL's host or port that gives it away
  (an OpenAI SDK pointed at Ollama is an Ollama dependency, REFERENCE.md 1.6).

Call shapes of one SDK (the AI SDK's provider factories, OpenAI resource names) stay with the
detector of that language: they are that SDK's grammar, not provider knowledge.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime


@dataclass(frozen=True, slots=True)
class Provider:
    """One runtime and every spelling that points at it."""

    runtime: Runtime
    ids: tuple[str, ...] = ()
    """Provider ids (lower case) as routers and config files write them: LiteLLM `<id>/<model>`
    prefixes, `provider: <id>` values."""
    colon_ids: tuple[str, ...] = ()
    """LangChain `init_chat_model("<id>:<model>")` / `initChatModel` prefixes (Python and JS)."""
    pydantic_ai_ids: tuple[str, ...] = ()
    """pydantic-ai `Agent("<id>:<model>")` prefixes (Python only)."""
    fragments: tuple[str, ...] = ()
    """Lower-case fragments of identifiers that mention it (class, module, variable names)."""
    env_words: tuple[str, ...] = ()
    """Upper-case words of env var names that mention it (`OPENAI` in `OPENAI_MODEL`)."""
    url_marks: tuple[str, ...] = ()
    """Lower-case substrings of a base URL that give it away (a host name or a default port)."""


# Order matters for `runtime_in_name`: platforms that host other vendors' models come before the
# vendors (`AnthropicBedrock`, `AzureChatOpenAI`, `ChatVertexAI` of Gemini).
PROVIDERS: tuple[Provider, ...] = (
    Provider(
        Runtime.AZURE,
        ids=("azure", "azure_ai", "azure_openai", "azure_text"),
        colon_ids=("azure", "azure_ai", "azure_openai"),
        fragments=("azure",),
        env_words=("AZURE",),
    ),
    Provider(
        Runtime.BEDROCK,
        ids=("bedrock", "bedrock_converse", "anthropic_bedrock", "amazon_bedrock"),
        colon_ids=("bedrock", "bedrock_converse", "anthropic_bedrock", "amazon_bedrock"),
        fragments=("bedrock",),
        env_words=("BEDROCK", "AWS"),
    ),
    Provider(
        Runtime.VERTEX,
        ids=("vertex", "vertexai", "vertex_ai", "vertex_ai_beta"),
        colon_ids=("vertex", "google_vertexai", "google_anthropic_vertex"),
        pydantic_ai_ids=("google-vertex",),
        fragments=("vertex",),
        env_words=("VERTEX", "VERTEXAI"),
    ),
    Provider(
        Runtime.OLLAMA,
        ids=("ollama", "ollama_chat"),
        colon_ids=("ollama",),
        fragments=("ollama",),
        env_words=("OLLAMA",),
        url_marks=(":11434", "ollama"),
    ),
    Provider(
        Runtime.LITELLM,
        ids=("litellm", "litellm_proxy"),
        colon_ids=("litellm",),
        fragments=("litellm",),
        env_words=("LITELLM",),
        url_marks=(":4000", "litellm"),
    ),
    Provider(
        Runtime.OPENROUTER,
        ids=("openrouter",),
        colon_ids=("openrouter",),
        fragments=("openrouter",),
        env_words=("OPENROUTER",),
        url_marks=("openrouter",),
    ),
    Provider(
        Runtime.OPENAI,
        ids=("openai", "text-completion-openai"),
        colon_ids=("openai",),
        fragments=("openai",),
        env_words=("OPENAI",),
    ),
    Provider(
        Runtime.ANTHROPIC,
        ids=("anthropic",),
        colon_ids=("anthropic",),
        fragments=("anthropic", "claude"),
        env_words=("ANTHROPIC", "CLAUDE"),
    ),
    Provider(
        Runtime.GOOGLE,
        ids=("google", "gemini", "google_genai", "google-gla"),
        colon_ids=("google", "google_genai"),
        pydantic_ai_ids=("google-gla", "gemini"),
        fragments=("google", "gemini", "genai"),
        env_words=("GEMINI", "GOOGLE"),
    ),
    Provider(
        Runtime.MISTRAL,
        ids=("mistral", "mistralai", "codestral"),
        colon_ids=("mistralai",),
        pydantic_ai_ids=("mistral",),
        fragments=("mistral",),
        env_words=("MISTRAL",),
        url_marks=("mistral",),
    ),
    Provider(
        Runtime.COHERE,
        ids=("cohere", "cohere_chat"),
        colon_ids=("cohere",),
        fragments=("cohere",),
        env_words=("COHERE",),
    ),
    Provider(
        Runtime.GROQ,
        ids=("groq",),
        colon_ids=("groq",),
        fragments=("groq",),
        env_words=("GROQ",),
        url_marks=("groq",),
    ),
    Provider(
        Runtime.HUGGINGFACE,
        ids=("huggingface", "hf"),
        colon_ids=("huggingface",),
        fragments=(
            "huggingface",
            "sentencetransformer",
            "transformers",
            "hfapi",
            "inferenceclient",
        ),
        env_words=("HF", "HUGGINGFACE"),
    ),
    Provider(
        Runtime.DEEPSEEK,
        ids=("deepseek",),
        colon_ids=("deepseek",),
        fragments=("deepseek",),
        env_words=("DEEPSEEK",),
        url_marks=("deepseek",),
    ),
    Provider(
        Runtime.XAI,
        ids=("xai",),
        colon_ids=("xai",),
        fragments=("xai",),
        env_words=("XAI", "GROK"),
        url_marks=("x.ai",),
    ),
    Provider(
        Runtime.TOGETHER,
        ids=("together", "together_ai", "togetherai"),
        colon_ids=("together",),
        fragments=("together",),
        env_words=("TOGETHER",),
        url_marks=("together",),
    ),
    Provider(
        Runtime.VLLM,
        ids=("vllm", "hosted_vllm"),
        fragments=("vllm",),
        env_words=("VLLM",),
        url_marks=(":8000",),
    ),
    Provider(Runtime.GATEWAY, fragments=("gateway",)),
    # Known to LangChain and pydantic-ai, served by vendors llmdeps has no runtime for (yet): the
    # id is still a provider, so `fireworks:llama-v3` is not read as an Ollama tag.
    Provider(
        Runtime.UNKNOWN,
        colon_ids=("fireworks", "perplexity", "nvidia", "ibm", "upstage", "baseten", "meta"),
    ),
)

_BY_ID: dict[str, Runtime] = {
    i: p.runtime for p in PROVIDERS for i in (*p.ids, *p.colon_ids, *p.pydantic_ai_ids)
}
_BY_COLON_ID: dict[str, Runtime] = {i: p.runtime for p in PROVIDERS for i in p.colon_ids}
_BY_PYDANTIC_AI_ID: dict[str, Runtime] = {
    i: p.runtime for p in PROVIDERS for i in p.pydantic_ai_ids
}
_BY_ENV_WORD: dict[str, Runtime] = {w: p.runtime for p in PROVIDERS for w in p.env_words}
_FRAGMENTS: tuple[tuple[str, Runtime], ...] = tuple(
    (f, p.runtime) for p in PROVIDERS for f in p.fragments
)
# URLs are checked for the local runtimes first: a LiteLLM proxy on :4000 named "openrouter-proxy"
# is still a LiteLLM proxy.
_URL_ORDER = (Runtime.OLLAMA, Runtime.LITELLM)
_URL_MARKS: tuple[tuple[str, Runtime], ...] = tuple(
    (m, p.runtime)
    for p in sorted(PROVIDERS, key=lambda p: p.runtime not in _URL_ORDER)
    for m in p.url_marks
)
_OLLAMA_URL = lazy_compile(r":11434\b|ollama", re.IGNORECASE)
_LITELLM_URL = lazy_compile(r"litellm|:4000\b", re.IGNORECASE)
_ENV_SPLIT = lazy_compile(r"[_.-]+")


def is_provider_id(name: str) -> bool:
    """Is this text a provider id of the table (in any spelling), known runtime or not?"""
    return name.strip().lower() in _BY_ID


def colon_prefix_runtime(prefix: str, *, pydantic_ai: bool) -> Runtime | None:
    """The runtime of a `<provider>:<model>` prefix (LangChain, and pydantic-ai in Python), or
    None when the text before the colon is no provider: then `mistral:7b` is an Ollama tag."""
    low = prefix.lower()
    found = _BY_COLON_ID.get(low)
    if found is None and pydantic_ai:
        found = _BY_PYDANTIC_AI_ID.get(low)
    return found


def runtime_for_provider(name: str) -> Runtime:
    """`ollama_chat` -> ollama, `google_genai` -> google; UNKNOWN for anything else."""
    return _BY_ID.get(name.strip().lower(), Runtime.UNKNOWN)


@functools.lru_cache(maxsize=8192)
def runtime_in_name(name: str) -> Runtime:
    """The runtime an identifier mentions, most specific first; UNKNOWN when none."""
    low = name.lower()
    for fragment, runtime in _FRAGMENTS:
        if fragment in low:
            return runtime
    return Runtime.UNKNOWN


def runtime_for_env_words(key: str) -> Runtime:
    """The runtime the first provider word of an env var name names: `OPENAI_MODEL` -> openai."""
    for word in _ENV_SPLIT.split(key.upper()):
        runtime = _BY_ENV_WORD.get(word)
        if runtime is not None:
            return runtime
    return Runtime.UNKNOWN


def runtime_for_url(url: str) -> Runtime:
    """The runtime a base URL's host or port gives away; UNKNOWN when it says nothing."""
    low = url.lower()
    for mark, runtime in _URL_MARKS:
        if mark in low:
            return runtime
    return Runtime.UNKNOWN


def is_ollama_url(url: str) -> bool:
    """Does a base URL point at Ollama (its default port or its name)?"""
    return _OLLAMA_URL.search(url) is not None


def is_litellm_url(url: str) -> bool:
    """Does a base URL point at a LiteLLM proxy (its default port or its name)?"""
    return _LITELLM_URL.search(url) is not None


PROVIDER_KEYS = frozenset(
    {"provider", "llm_provider", "model_provider", "embedding_provider", "providerId"}
    | {"provider_name", "providerName", "backend", "vendor", "runtime"}
)
"""Keys and keyword arguments beside a model whose value names the provider that serves it
(`{provider: "huggingface", model: "all-MiniLM-L6-v2"}`, `LLMConfig(provider="xai", model=...)`);
read by the code detectors (Python, JS/TS) and the config detectors alike."""


def runtime_for_provider_value(value: str) -> Runtime:
    """The runtime a `provider:` value names: a provider id (`huggingface`, `xai`, `ollama_chat`),
    else a name that mentions one (`sentence_transformers`, `azure-openai`); UNKNOWN otherwise."""
    found = runtime_for_provider(value)
    if found is Runtime.UNKNOWN and value.strip():
        found = runtime_in_name(value.strip())
    return found
