"""Which calls are model calls: a callee chain and the module's bindings -> SDK call or factory.

The walker finds a call and its name chain (`client.chat.completions.create`); this module says
whether the call's argument object names a model (`SdkCall`), whether the call is a provider
factory that takes the model id itself (`Factory`), or whether it is a raw HTTP call to a model
API. Runtimes come from the SDK, the client's class or base URL, or the package it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.detectors.javascript.bindings import Bindings
from llmdeps.sources.detectors.javascript.lexer import Item, Tok
from llmdeps.sources.detectors.javascript.sdk import (
    AISDK_CLASSES,
    AISDK_FUNCS,
    COHERE_METHODS,
    FACTORY_METHODS,
    GOOGLE_METHODS,
    HF_METHODS,
    HTTP_PATH,
    LANGCHAIN_AGENTS,
    LANGCHAIN_MODULES,
    OLLAMA_METHODS,
    OPENAI_METHODS,
    OPENAI_RESOURCES,
    PROVIDER_FACTORIES,
    base_url,
)
from llmdeps.sources.names import model_class
from llmdeps.sources.providers import runtime_for_url, runtime_in_name

_CLASS_CLIENT = lazy_compile(r"(Chat|Azure|Bedrock)[A-Z]")


@dataclass(frozen=True, slots=True)
class SdkCall:
    """An SDK call whose argument object names a model."""

    runtime: Runtime
    tail: str
    """The callee's last name, the end of the reference's context (`create`, `ChatOpenAI`)."""
    aisdk: bool = False
    """An AI SDK call: a plain model string in it goes through the AI Gateway."""
    base_url: str | None = None
    prefixed: bool = False
    """Model strings carry a LangChain `provider:` prefix (`createAgent({ model: 'openai:x' })`)."""
    id_key: bool = False
    """A model class (`new OpenAIChat({ id: 'gpt-4o' })`): its `id` key is the model."""


@dataclass(frozen=True, slots=True)
class Factory:
    """An AI SDK provider factory call, `openai('gpt-4o')`: its first argument is the model."""

    runtime: Runtime
    bound: bool
    """Imported from a provider package or made by `createX(...)`: any id counts, not only a
    model-shaped one (`azure('prod-chat')`)."""
    base_url: str | None


def sdk_call(chain: list[str], is_new: bool, bindings: Bindings) -> SdkCall | None:
    """The SDK call named by `chain` (`new` when `is_new`), or None."""
    last = chain[-1]
    head = chain[0]
    recv = chain[:-1]
    if is_new:
        module = bindings.module_of.get(head, "")
        if module.startswith(LANGCHAIN_MODULES):
            runtime = runtime_in_name(last)
            if runtime is Runtime.UNKNOWN:
                runtime = runtime_in_name(module)
            return SdkCall(runtime, last)
        if "Realtime" in last:
            runtime = runtime_in_name(last)
            return SdkCall(Runtime.OPENAI if runtime is Runtime.UNKNOWN else runtime, last)
        if last in AISDK_CLASSES:
            return SdkCall(Runtime.GATEWAY, last, aisdk=True)
        if (
            _CLASS_CLIENT.match(last)
            or last.endswith(("Embeddings", "Embedding", "LLM"))
            or last in ("OpenAI", "Ollama", "Anthropic", "Groq", "Mistral", "Gemini")
        ):
            return SdkCall(runtime_in_name(last), last)
        if model_class(last):
            return SdkCall(runtime_in_name(last), last, id_key=True)
        return None
    if last in LANGCHAIN_AGENTS and not recv:
        return SdkCall(Runtime.UNKNOWN, last, prefixed=True)
    if last in AISDK_FUNCS and (not recv or head == "ai"):
        return SdkCall(Runtime.GATEWAY, last, aisdk=True)
    ollama_js = head in bindings.ollama_clients and head not in bindings.factories
    if len(chain) == 2 and ollama_js and last in OLLAMA_METHODS:
        return SdkCall(Runtime.OLLAMA, last)
    client, url = bindings.clients.get(head, ("", None))
    if last in OPENAI_METHODS and OPENAI_RESOURCES & set(recv):
        runtime = runtime_in_name(client or head)
        if url and (url_runtime := runtime_for_url(url)) is not Runtime.UNKNOWN:
            runtime = url_runtime
        if runtime is Runtime.UNKNOWN:
            is_messages = "messages" in recv and "chat" not in recv
            runtime = Runtime.ANTHROPIC if is_messages else Runtime.OPENAI
        return SdkCall(runtime, last, base_url=url)
    if last in ("complete", "stream") and recv and recv[-1] in ("chat", "fim", "agents"):
        return SdkCall(Runtime.MISTRAL, last, base_url=url)
    if last in GOOGLE_METHODS:
        vertex = "vertex" in (client + head).lower()
        return SdkCall(Runtime.VERTEX if vertex else Runtime.GOOGLE, last)
    if last in HF_METHODS and recv:
        return SdkCall(Runtime.HUGGINGFACE, last)
    if recv and last in COHERE_METHODS and runtime_in_name(client or head) is Runtime.COHERE:
        return SdkCall(Runtime.COHERE, last)
    return None


def factory_call(chain: list[str], bindings: Bindings) -> Factory | None:
    """The provider factory called by `chain` (`openai(...)`, `openai.chat(...)`), or None."""
    head = chain[0]
    if len(chain) > 2 or (len(chain) == 2 and chain[1] not in FACTORY_METHODS):
        return None
    if head in bindings.factories:
        runtime, url = bindings.factories[head]
        if runtime is Runtime.UNKNOWN:
            runtime = PROVIDER_FACTORIES.get(head, Runtime.UNKNOWN)
        return Factory(runtime, True, url)
    if head in PROVIDER_FACTORIES and head not in bindings.non_factories:
        if len(chain) == 2 and head in bindings.ollama_clients and chain[1] in OLLAMA_METHODS:
            return None  # ollama-js: `ollama.chat(...)` takes an object
        return Factory(PROVIDER_FACTORIES[head], False, None)
    return None


def http_call(arg: Sequence[Item], callee: str) -> SdkCall | None:
    """A raw HTTP call to a model API (`fetch('http://localhost:11434/api/chat', ...)`)."""
    url = "".join(t.value for t in arg if isinstance(t, Tok) and t.kind in ("str", "tpl"))
    m = HTTP_PATH.search(url)
    if m is None:
        return None
    low = url.lower()
    if m.group().startswith("/api/") or ":11434" in low or "ollama" in low:
        runtime = Runtime.OLLAMA
    elif "/v1/messages" in low or "anthropic" in low:
        runtime = Runtime.ANTHROPIC
    else:
        runtime = runtime_for_url(url)
        if runtime is Runtime.UNKNOWN and "openai.com" in low:
            runtime = Runtime.OPENAI
    return SdkCall(runtime, callee, base_url=base_url(url[: m.start()]))
