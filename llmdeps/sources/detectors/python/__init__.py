"""Python source: model ids in SDK calls, constants, settings defaults, tests and fallbacks.

One `ast.parse` and one visitor pass collect definitions (constants, settings fields, argparse
defaults, parameter defaults), SDK calls and their model-bearing arguments, client variables and
fallback declarations. Resolution happens once at the end, so `MODEL = "x"` used in
`ollama.chat(model=MODEL)` is ONE reference at the literal, with the call's runtime. Files that do
not parse are scanned lexically (REFERENCE.md section 6 lists the call shapes).
"""

from __future__ import annotations

import ast
import functools
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import re2

from llmdeps.model import (
    Detection,
    Fallback,
    FallbackStyle,
    Location,
    Reference,
    RefKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import CONTAINER_IMAGES, FAMILY_PREFIXES, model_like, plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.providers import (
    colon_prefix_runtime,
    runtime_for_provider,
    runtime_in_name,
)
from llmdeps.sources.secrets import clean_url, is_secret_name, looks_like_secret
from llmdeps.sources.testpaths import is_test_path

NAME = "python"

# --- names -----------------------------------------------------------------------------------

_MODEL_WORD = re.compile(r"model|llm|embed|engine|checkpoint|deployment", re.IGNORECASE)
# Names that mention a model but hold something else: where it lives, how it is called.
_NOT_A_MODEL_SUFFIX = (
    "dir",
    "dirs",
    "path",
    "paths",
    "file",
    "files",
    "folder",
    "url",
    "uri",
    "host",
    "port",
    "endpoint",
    "provider",
    "providers",
    "type",
    "types",
    "cache",
    "prompt",
    "template",
    "format",
    "version",
    "size",
    "dim",
    "dims",
    "temperature",
    "timeout",
    "kwargs",
    "params",
    "family",
    "device",
    "dtype",
    "class",
    "cls",
    "prefix",
    "prefixes",
    "suffix",
    "suffixes",
    "marker",
    "markers",
    "pattern",
    "patterns",
    "families",
    "config",
    "cfg",
    "args",
    "image",
    "backend",
    "enabled",
    "count",
    "label",
    "title",
    "description",
    "display",
    "display_name",
)
# Words that make a model-ish name mean something else (`MODEL_ARCH_NAMES`, `model_types`).
_NOT_A_MODEL_WORDS = frozenset(
    {"arch", "archs", "architecture", "architectures", "type", "types", "mime", "mimetypes"}
    | {"kind", "kinds", "field", "fields", "class", "classes", "attr", "attrs", "schema"}
)
_WORDS = re.compile(r"[^a-z0-9]+")
_REVISION = re.compile(r"^[\w.\-/]{1,100}$")
_GROUP = re.compile(r"^[\w.:/@+*-]{1,200}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UPPER_ENV = re.compile(r"^[A-Z][A-Z0-9_]*$")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=4096)
def name_says_model(name: str) -> bool:
    """A variable, key or option name that says it holds a model (and not a secret or a path)."""
    low = name.lower().strip("-_ ")
    if not _MODEL_WORD.search(low) or is_secret_name(low):
        return False
    if any(word in _NOT_A_MODEL_WORDS for word in _WORDS.split(name.strip("-_ ").lower())):
        return False
    return not low.endswith(_NOT_A_MODEL_SUFFIX)




def _strong_ok(value: str) -> bool:
    """Acceptable in a model-bearing argument of a known SDK call."""
    if not plausible(value) or looks_like_secret(value):
        return False
    return value.lower().split(":", 1)[0] not in CONTAINER_IMAGES


def _weak_ok(value: str) -> bool:
    """Acceptable where only a name says model."""
    return model_like(value) and not looks_like_secret(value)


def _group_ok(value: str) -> bool:
    """A LiteLLM model group name (any alias, `*` for every group); never a secret."""
    return bool(_GROUP.match(value)) and not looks_like_secret(value)


def _family_like(value: str) -> bool:
    """Model-shaped and naming a known family with a size, version or tag: `llama3.1:8b`."""
    if not _weak_ok(value) or not any(c in value for c in "0123456789:-/."):
        return False
    low = value.lower()
    tail = low.split(":", 1)[0].rsplit("/", 1)[-1]
    return low.startswith(FAMILY_PREFIXES) or tail.startswith(FAMILY_PREFIXES)


def module_path(path: str) -> str:
    """`service/summaries.py` -> `service.summaries`; `pkg/__init__.py` -> `pkg`."""
    stem = path.rsplit(".", 1)[0] if path.endswith((".py", ".pyi")) else path
    parts = [p for p in stem.replace("\\", "/").split("/") if p and p != "."]
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


# --- SDK knowledge ---------------------------------------------------------------------------

_SDK_MODULES: dict[str, Runtime] = {
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
        "LM",
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
_MODEL_KWARGS = (
    "model",
    "model_name",
    "model_id",
    "model_name_or_path",
    "pretrained_model_name_or_path",
    "repo_id",
    "azure_deployment",
    "deployment_name",
    "deployment_id",
    "engine",
    "modelId",
)
# boto3 bedrock-runtime: `client.converse(modelId=...)`
_BEDROCK_METHODS = frozenset(
    {"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"}
)
_URL_KWARGS = ("base_url", "api_base", "host", "azure_endpoint", "endpoint", "url", "base_uri")
# Class-name fragments -> runtime, most specific first (`AzureChatOpenAI`, `AnthropicBedrock`).
# LLM constructor names distinctive enough to count without an import (snippets, star imports).
_LLM_CLASS = re.compile(
    r"^(?:Chat(?:OpenAI|Anthropic|Ollama|GoogleGenerativeAI|VertexAI|MistralAI|Groq|Bedrock"
    r"|BedrockConverse|Cohere|LiteLLM|DeepSeek|XAI|Together|Fireworks|HuggingFace|Perplexity"
    r"|NVIDIA|OpenRouter)|AzureChatOpenAI|OllamaLLM|OllamaEmbeddings?|OpenAIEmbeddings?"
    r"|AzureOpenAIEmbeddings|GoogleGenerativeAIEmbeddings|VertexAIEmbeddings|MistralAIEmbeddings"
    r"|BedrockEmbeddings|BedrockLLM|CohereEmbeddings|HuggingFaceEmbeddings?|HuggingFaceEndpoint"
    r"|HuggingFaceLLM|SentenceTransformer|CrossEncoder|\w+(?:Generator|Embedder))$"
)
_PROVIDER_PREFIXED = frozenset({"init_chat_model", "Agent"})
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
_ENV_FUNCS = frozenset({"getenv", "get", "setdefault", "config", "env", "str"})
_FIELD_FUNCS = frozenset({"Field", "field", "Option", "Argument", "PrivateAttr", "attrib", "ib"})
_FALLBACK_KWARGS = (
    ("fallbacks", FallbackStyle.LITELLM_ROUTER),
    ("context_window_fallbacks", FallbackStyle.LITELLM_ROUTER),
    ("content_policy_fallbacks", FallbackStyle.LITELLM_ROUTER),
)
_MAX_DEPTH = 6


_POSITIONAL_METHODS = (
    _OLLAMA_METHODS | _LITELLM_FUNCS | _FIRST_ARG_NAMES | {"LLM", "pipeline", "Router"}
)
_CARRY_KWARGS = frozenset({*_MODEL_KWARGS, "fallbacks", "model_list"})


def _may_carry(call: ast.Call, method: str) -> bool:
    """Cheap test: can this call hold a model in a known slot (keyword or first argument)?"""
    if call.args and method in _POSITIONAL_METHODS:
        return True
    return any(kw.arg in _CARRY_KWARGS for kw in call.keywords)


_STR_HOLDERS = (
    ast.Constant,
    ast.Name,
    ast.Attribute,
    ast.IfExp,
    ast.BoolOp,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
)


def _may_hold_str(expr: ast.expr) -> bool:
    """Can this assigned value evaluate to a string literal we track?"""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, _STR_HOLDERS):
        return True
    if isinstance(expr, ast.Call):
        func = expr.func
        method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return method in _ENV_FUNCS or method in _FIELD_FUNCS
    return False




def _top_module(canonical: str) -> str:
    if canonical.startswith(("google.genai", "google.generativeai")):
        return ".".join(canonical.split(".", 2)[:2])
    return canonical.split(".", 1)[0]


def _str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _kw(call: ast.Call, *names: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


# --- collected facts -------------------------------------------------------------------------


@dataclass(slots=True)
class _Client:
    runtime: Runtime
    sdk: str
    base_url: str | None = None


@dataclass(slots=True)
class _Use:
    """A model-bearing position: the argument of a call, a Router deployment, a fallback target."""

    runtime: Runtime
    context: str
    strong: bool
    kind: RefKind = RefKind.CALL
    base_url: str | None = None
    revision: ast.expr | None = None
    group: str | None = None
    provider_prefixed: bool = False


@dataclass(slots=True)
class _Lit:
    value: str
    node: ast.Constant
    context: str
    kind: RefKind
    env_var: str | None = None
    weak_ok: bool = False
    strict: bool = False
    """Only a value that names a model family counts (asserts, unnamed lists)."""
    use: _Use | None = None
    runtime: Runtime = Runtime.UNKNOWN


@dataclass(frozen=True, slots=True)
class _Where:
    chain: tuple[str, ...]
    """Scopes searched for a bare name: enclosing functions innermost first, then the module."""
    cls: str | None
    """The enclosing class (for `self.x`)."""
    scope: str
    qual: str = ""
    """Dotted scope inside the module (`Cls.method`), the key of definitions made here."""


@dataclass(slots=True)
class _Def:
    expr: ast.expr
    where: _Where
    context: str
    name: str
    env_var: str | None = None
    kind: RefKind = RefKind.CONSTANT


@dataclass(slots=True)
class _PendingFallback:
    node: ast.AST
    context: str
    style: FallbackStyle
    primary: ast.expr | str | None
    targets: list[ast.expr | str]
    where: _Where


@dataclass(slots=True)
class _Scanner(ast.NodeVisitor):
    path: str
    module: str
    is_test: bool
    lines: list[str] | None
    aliases: dict[str, str] = field(default_factory=dict)
    sdks: set[Runtime] = field(default_factory=set)
    scopes: list[tuple[str, bool]] = field(default_factory=list)
    classes: dict[str, str] = field(default_factory=dict)
    settings_classes: dict[str, str] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)
    namespaces: set[str] = field(default_factory=set)
    clients: dict[str, _Client] = field(default_factory=dict)
    llm_vars: dict[str, tuple[ast.expr, _Where]] = field(default_factory=dict)
    defs: dict[tuple[str, str], list[_Def]] = field(default_factory=dict)
    uses: list[tuple[ast.expr, _Where, _Use]] = field(default_factory=list)
    lits: dict[int, _Lit] = field(default_factory=dict)
    seeds: list[tuple[ast.expr, _Where, str, bool, RefKind]] = field(default_factory=list)
    fallbacks: list[_PendingFallback] = field(default_factory=list)
    out: list[Detection] = field(default_factory=list)
    in_fixture: int = 0
    cached: _Where | None = None
    memo: dict[int, list[_Lit]] = field(default_factory=dict)

    # --- traversal: a lean dispatcher (NodeVisitor's per-node getattr dominates otherwise) -----

    def visit(self, node: ast.AST) -> None:
        kind = type(node)
        if kind in _LEAVES:
            return
        method = _DISPATCH.get(kind)
        if method is not None:
            method(self, node)
        else:
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    # --- scopes ------------------------------------------------------------------------------

    def _push(self, name: str, is_class: bool) -> None:
        self.scopes.append((name, is_class))
        self.cached = None

    def _pop(self) -> None:
        self.scopes.pop()
        self.cached = None

    def _scope(self) -> str:
        return self._where().scope

    def _where(self) -> _Where:
        if self.cached is None:
            self.cached = self._compute_where()
        return self.cached

    def _compute_where(self) -> _Where:
        names = [s for s, _ in self.scopes]
        scope = ".".join([self.module, *names]) if self.module else ".".join(names)
        chain: list[str] = []
        cls: str | None = None
        for i in range(len(self.scopes), 0, -1):
            qual = ".".join(s for s, _ in self.scopes[:i])
            if self.scopes[i - 1][1]:
                cls = cls or qual
                continue
            chain.append(qual)
        chain.append("")
        return _Where(tuple(chain), cls, scope, ".".join(names))

    def _qual(self) -> str:
        return self._where().qual

    def _ctx(self, name: str) -> str:
        return f"{self._scope() or self.module}:{name}"

    def _hint(self) -> Runtime:
        return next(iter(self.sdks)) if len(self.sdks) == 1 else Runtime.UNKNOWN

    # --- imports -----------------------------------------------------------------------------

    def _note_module(self, canonical: str) -> None:
        runtime = _SDK_MODULES.get(_top_module(canonical))
        if runtime is not None:
            self.sdks.add(runtime)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                top = alias.name.split(".", 1)[0]
                self.aliases[top] = top
            self._note_module(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = ("." * node.level) + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                continue
            full = f"{base}.{alias.name}" if base else alias.name
            self.aliases[alias.asname or alias.name] = full
        if node.module and not node.level:
            self._note_module(node.module)
            for alias in node.names:
                self._note_module(f"{node.module}.{alias.name}")

    # --- callee resolution -------------------------------------------------------------------

    def _canon(self, expr: ast.expr) -> str | None:
        if isinstance(expr, ast.Name):
            return self.aliases.get(expr.id, expr.id)
        if isinstance(expr, ast.Attribute):
            base = self._canon(expr.value)
            return f"{base}.{expr.attr}" if base else None
        return None

    def _client_of(self, call: ast.Call) -> _Client | None:
        canonical = self._canon(call.func)
        if not canonical:
            return None
        sdk = _top_module(canonical)
        cls = canonical.rsplit(".", 1)[-1]
        runtime = _CLIENTS.get((sdk, cls))
        if runtime is None:
            return None
        if sdk == "google.genai" and isinstance(_kw(call, "vertexai"), ast.Constant):
            vertex = _kw(call, "vertexai")
            if isinstance(vertex, ast.Constant) and vertex.value is True:
                runtime = Runtime.VERTEX
        url_expr = _kw(call, *_URL_KWARGS)
        if url_expr is None and sdk == "ollama" and call.args:
            url_expr = call.args[0]
        return _Client(runtime, sdk, self._url(url_expr))

    def _url(self, expr: ast.expr | None) -> str | None:
        if expr is None:
            return None
        if isinstance(expr, ast.Name):
            for d in reversed(self.defs.get(("", expr.id), [])):
                return self._url(d.expr)
            return None
        text = _str(expr)
        if text is None and isinstance(expr, ast.Call):
            env = self._env_call(expr)
            if env is not None and env[1] is not None:
                text = _str(env[1])
        if text is None and isinstance(expr, ast.BoolOp):
            for value in expr.values:
                found = self._url(value)
                if found:
                    return found
        return clean_url(text) if text else None

    def _receiver_client(self, func: ast.expr) -> tuple[_Client | None, list[str]]:
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
            client = self.clients.get(key)
            if client is not None:
                return client, attrs
        elif isinstance(node, ast.Call):
            client = self._client_of(node)
            if client is not None:
                return client, attrs
        return None, attrs

    def _classify(self, call: ast.Call) -> _Target:
        func = call.func
        method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        client: _Client | None = None
        attrs: list[str] = []
        if isinstance(func, ast.Attribute):
            client, attrs = self._receiver_client(func)
        pos: int | None = None
        if client is not None:
            if (client.sdk == "ollama" and method in _OLLAMA_METHODS) or (
                client.sdk == "litellm" and method in _LITELLM_FUNCS
            ):
                pos = 0
            return _Target(client.runtime, method, True, pos, client.base_url, client.sdk)
        own = self._client_of(call)
        if own is not None:
            return _Target(own.runtime, method, True, None, own.base_url, own.sdk, ctor=True)
        canonical = self._canon(func) or ""
        top = _top_module(canonical) if canonical else ""
        runtime = _SDK_MODULES.get(top)
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
            return _Target(runtime, method, True, pos, None, top)
        if top.startswith("langchain") or top in _FRAMEWORK_MODULES:
            pos = 0 if method in _FIRST_ARG_NAMES else None
            return _Target(runtime_in_name(method), method, True, pos, None, top)
        if method == "from_pretrained":
            return _Target(Runtime.HUGGINGFACE, method, True, 0, None, "")
        if method in _BEDROCK_METHODS and _kw(call, "modelId") is not None:
            return _Target(Runtime.BEDROCK, method, True, None, None, "boto3")
        if method == "init_chat_model" or (method and _LLM_CLASS.match(method)):
            pos = 0 if method in _FIRST_ARG_NAMES else None
            return _Target(runtime_in_name(method), method, True, pos, None, "")
        if isinstance(func, ast.Attribute):
            for shape in _SDK_SHAPES:
                n = len(shape)
                if any(tuple(attrs[i : i + n]) == shape for i in range(len(attrs))):
                    return _Target(self._hint(), method, True, None, None, "")
        return _Target(self._hint(), method, False, None, None, "")

    # --- definitions -------------------------------------------------------------------------

    def _define(
        self, name: str, expr: ast.expr, *, scope: str | None = None, env_var: str | None = None
    ) -> None:
        key = (self._qual() if scope is None else scope, name)
        d = _Def(expr, self._where(), self._ctx(name), name, env_var)
        self.defs.setdefault(key, []).append(d)

    def _target_names(self, target: ast.expr) -> Iterator[tuple[str, str | None]]:
        """(name, scope override) for each assignment target we track."""
        if isinstance(target, ast.Name):
            yield target.id, None
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls")
        ):
            cls = self._where().cls
            if cls is not None:
                yield target.attr, cls
        elif isinstance(target, ast.Subscript):
            key = _str(target.slice)
            if key and _ENV_NAME.match(key):
                yield key, None

    def _assign(self, targets: list[ast.expr], value: ast.expr | None) -> None:
        if value is None:
            return
        in_class = bool(self.scopes) and self.scopes[-1][1]
        if not _may_hold_str(value):
            if isinstance(value, ast.Call):
                for target in targets:
                    for name, _ in self._target_names(target):
                        self._bind_call(target, name, value)
            self._note_namespace(targets, value)
            return
        for target in targets:
            for name, scope in self._target_names(target):
                env_var = None
                if in_class and scope is None and self.scopes:
                    env_var = self._settings_env(name, value)
                self._define(name, value, scope=scope, env_var=env_var)
                if isinstance(value, ast.Call):
                    self._bind_call(target, name, value)
        self._note_namespace(targets, value)

    def _note_namespace(self, targets: list[ast.expr], value: ast.expr) -> None:
        func = value.func if isinstance(value, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in ("parse_args", "parse_known_args"):
            for target in targets:
                if isinstance(target, ast.Name):
                    self.namespaces.add(target.id)
                elif isinstance(target, ast.Tuple) and target.elts:
                    first = target.elts[0]
                    if isinstance(first, ast.Name):
                        self.namespaces.add(first.id)

    def _bind_call(self, target: ast.expr, name: str, call: ast.Call) -> None:
        key = name if isinstance(target, ast.Name) else f"self.{name}"
        client = self._client_of(call)
        if client is not None:
            self.clients[key] = client
        func = call.func
        cls_name = func.id if isinstance(func, ast.Name) else None
        if cls_name and cls_name in self.classes:
            self.instances[key] = self.classes[cls_name]
        if not _may_carry(call, str(getattr(func, "attr", None) or getattr(func, "id", ""))):
            return
        target_info = self._classify(call)
        if target_info.strong and not target_info.ctor:
            model = self._model_arg(call, target_info)
            if model is not None:
                self.llm_vars[key] = (model, self._where())

    def _settings_env(self, name: str, value: ast.expr) -> str | None:
        cls_qual = self._qual()
        prefix = self.settings_classes.get(cls_qual)
        if prefix is None:
            return None
        if isinstance(value, ast.Call):
            for kw in ("validation_alias", "alias", "env"):
                alias = _str(_kw(value, kw))
                if alias and _ENV_NAME.match(alias):
                    return alias.upper()
        return f"{prefix}{name}".upper()

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assign(node.targets, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign([node.target], node.value)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        # `for model in CANDIDATES: ollama.pull(model)`: the loop variable ranges over the list
        if isinstance(node.target, ast.Name) and isinstance(
            node.iter, ast.Name | ast.List | ast.Tuple | ast.Set
        ):
            self._define(node.target.id, node.iter)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if isinstance(item.context_expr, ast.Call) and isinstance(item.optional_vars, ast.Name):
                client = self._client_of(item.context_expr)
                if client is not None:
                    self.clients[item.optional_vars.id] = client
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qual = ".".join([self._qual(), node.name]) if self.scopes else node.name
        self.classes[node.name] = qual
        for base in node.bases:
            base_name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
            if base_name == "BaseSettings" or base_name in self.settings_classes_by_name():
                self.settings_classes[qual] = self._env_prefix(node)
        for deco in node.decorator_list:
            self.visit(deco)
        for base in node.bases:
            self.visit(base)
        self._push(node.name, True)
        for stmt in node.body:
            self.visit(stmt)
        self._pop()

    def settings_classes_by_name(self) -> set[str]:
        return {q.rsplit(".", 1)[-1] for q in self.settings_classes}

    def _env_prefix(self, node: ast.ClassDef) -> str:
        for stmt in node.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
                value = stmt.value
                if isinstance(target, ast.Name) and target.id == "model_config":
                    if isinstance(value, ast.Call):
                        prefix = _str(_kw(value, "env_prefix"))
                        if prefix is not None:
                            return prefix
                    if isinstance(value, ast.Dict):
                        for k, v in zip(value.keys, value.values, strict=False):
                            if _str(k) == "env_prefix" and _str(v) is not None:
                                return _str(v) or ""
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for inner in stmt.body:
                    if (
                        isinstance(inner, ast.Assign)
                        and isinstance(inner.targets[0], ast.Name)
                        and inner.targets[0].id == "env_prefix"
                        and _str(inner.value) is not None
                    ):
                        return _str(inner.value) or ""
        return ""

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        fixture = False
        for deco in node.decorator_list:
            self.visit(deco)
            target = deco.func if isinstance(deco, ast.Call) else deco
            if (self._canon(target) or "").endswith("fixture"):
                fixture = True
        args = node.args
        for default in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
            self.visit(default)
        if node.returns is not None:
            self.visit(node.returns)
        self._push(node.name, False)
        positional = [*args.posonlyargs, *args.args]
        first = len(positional) - len(args.defaults)
        pairs = list(zip(positional[first:], args.defaults, strict=True))
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if d is not None:
                pairs.append((a, d))
        for arg, default in pairs:
            self._define(arg.arg, default)
        self.in_fixture += fixture
        for stmt in node.body:
            self.visit(stmt)
        self.in_fixture -= fixture
        self._pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if self.in_fixture and node.value is not None:
            says = bool(self.scopes) and name_says_model(self.scopes[-1][0])
            self.seeds.append((node.value, self._where(), self._ctx("return"), says, RefKind.TEST))
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        strings: list[ast.Constant] = []
        says = False
        for sub in ast.walk(node.test):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                strings.append(sub)
            elif isinstance(sub, ast.Name):
                says = says or name_says_model(sub.id)
            elif isinstance(sub, ast.Attribute):
                says = says or name_says_model(sub.attr)
            elif isinstance(sub, ast.Subscript):
                key = _str(sub.slice)
                says = says or (key is not None and name_says_model(key))
        where = self._where()
        for sub in strings:
            self.seeds.append((sub, where, self._ctx("assert"), says, RefKind.TEST))
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        keys = [_str(k) for k in node.keys]
        deployment = "litellm_params" in keys  # model_name there is a group, not a model
        for name, value in zip(keys, node.values, strict=False):
            if deployment and name == "model_name":
                continue
            if name and value is not None and name_says_model(name):
                self.seeds.append((value, self._where(), self._ctx(name), True, RefKind.CONSTANT))
        self.generic_visit(node)

    # --- calls -------------------------------------------------------------------------------

    def _model_arg(self, call: ast.Call, target: _Target) -> ast.expr | None:
        expr = _kw(call, *_MODEL_KWARGS)
        if expr is None and target.positional is not None:
            args = [a for a in call.args if not isinstance(a, ast.Starred)]
            if len(args) > target.positional:
                expr = args[target.positional]
        return expr

    def visit_Call(self, node: ast.Call) -> None:
        if node.args or node.keywords:
            self._call(node)
        self.generic_visit(node)

    def _call(self, node: ast.Call) -> None:
        func = node.func
        method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if method in ("add_argument", "option", "Option", "argument"):
            self._option(node, method)
            return
        env = self._env_call(node)
        if env is not None:
            env_name, default = env
            if default is not None and name_says_model(env_name):
                seed = (node, self._where(), self._ctx(env_name), True, RefKind.CONSTANT)
                self.seeds.append(seed)
            return
        if method == "parametrize" and len(node.args) >= 2:
            where = self._where()
            says = name_says_model(_str(node.args[0]) or "")
            self.seeds.append((node.args[1], where, self._ctx("parametrize"), says, RefKind.TEST))
            return
        if method == "with_fallbacks":
            self._with_fallbacks(node)
            return
        if not _may_carry(node, method):
            # no model-bearing slot: only model-named keywords of an unknown call can matter
            weak = None
            for kw in node.keywords:
                if kw.arg and name_says_model(kw.arg):
                    weak = weak or _Use(self._hint(), self._ctx(method or "call"), False)
                    self.uses.append((kw.value, self._where(), weak))
            return
        target = self._classify(node)
        where = self._where()
        context = self._ctx(method or "call")
        if target.sdk == "huggingface_hub":
            repo_type = _str(_kw(node, "repo_type"))
            if repo_type and repo_type != "model":
                return
        revision = _kw(node, "revision")
        base_url = target.base_url or self._url(_kw(node, *_URL_KWARGS))
        model = self._model_arg(node, target)
        use = _Use(
            target.runtime,
            context,
            target.strong,
            base_url=base_url,
            revision=revision,
            provider_prefixed=method in _PROVIDER_PREFIXED,
        )
        if method == "init_chat_model":
            provider = _str(_kw(node, "model_provider"))
            if provider:
                use.runtime = runtime_for_provider(provider)
        if model is not None:
            self.uses.append((model, where, use))
            base = _kw(node, "from_") if target.sdk == "ollama" and method == "create" else None
            if base is not None:  # ollama.create(model="mine", from_="llama3.1:8b")
                self.uses.append((base, where, use))
        elif not target.strong:
            for kw in node.keywords:
                if kw.arg and kw.arg not in _MODEL_KWARGS and name_says_model(kw.arg):
                    self.uses.append((kw.value, where, use))
        if not target.strong:
            return
        if method == "Router" and target.sdk == "litellm":
            self._router(node, where, context)
        fallbacks = _kw(node, "fallbacks")
        if fallbacks is not None and target.runtime is Runtime.LITELLM:
            self._call_fallbacks(node, model, fallbacks, where, context)

    def _option(self, node: ast.Call, method: str) -> None:
        flags = [s for s in (_str(a) for a in node.args) if s]
        dest = _str(_kw(node, "dest"))
        longs = [f for f in flags if f.startswith("--")]
        name = dest or (longs[0] if longs else (flags[0] if flags else ""))
        default = _kw(node, "default")
        if default is None and method == "Option" and flags and not flags[0].startswith("-"):
            default = node.args[0] if _str(node.args[0]) else None
        if not name or default is None:
            return
        bare = name.lstrip("-").replace("-", "_")
        if not name_says_model(bare):
            return
        self._define(bare, default, scope="#argparse", env_var=longs[0] if longs else name)
        where = self._where()
        self.seeds.append((default, where, self._ctx(bare), True, RefKind.CONSTANT))

    def _env_call(self, node: ast.Call) -> tuple[str, ast.expr | None] | None:
        """`os.getenv("X", "d")`, `os.environ.get("X", "d")`, decouple `config("X", default=)`."""
        func = node.func
        method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if method not in _ENV_FUNCS or not node.args:
            return None
        name = _str(node.args[0])
        if name is None or not _ENV_NAME.match(name):
            return None
        if method in ("get", "setdefault"):
            base = func.value if isinstance(func, ast.Attribute) else None
            base_name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
            if base_name != "environ":
                return None
        elif method in ("config", "env", "str"):
            if not _UPPER_ENV.match(name):
                return None
            if method == "str" and not (
                isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "env"
            ):
                return None
        default = node.args[1] if len(node.args) > 1 else _kw(node, "default")
        return name, default

    # --- fallbacks ---------------------------------------------------------------------------

    def _resolve_node(self, expr: ast.expr | None) -> ast.expr | None:
        """A module-level name bound to a literal: `Router(model_list=MODEL_LIST)`."""
        depth = 0
        while isinstance(expr, ast.Name) and depth < _MAX_DEPTH:
            defs = self.defs.get(("", expr.id)) or self.defs.get((self._qual(), expr.id))
            if not defs:
                return expr
            expr = defs[-1].expr
            depth += 1
        return expr

    def _router(self, node: ast.Call, where: _Where, context: str) -> None:
        model_list = self._resolve_node(_kw(node, "model_list"))
        if isinstance(model_list, ast.List | ast.Tuple):
            for item in model_list.elts:
                self._deployment(self._resolve_node(item), where, context)
        for kwarg, style in _FALLBACK_KWARGS:
            value = self._resolve_node(_kw(node, kwarg))
            if isinstance(value, ast.List | ast.Tuple):
                for item in value.elts:
                    entry = self._resolve_node(item)
                    if isinstance(entry, ast.Dict):
                        for k, raw in zip(entry.keys, entry.values, strict=False):
                            primary = _str(k)
                            v = self._resolve_node(raw)
                            if primary and isinstance(v, ast.List | ast.Tuple):
                                targets: list[ast.expr | str] = list(v.elts)
                                pending = _PendingFallback(
                                    k or entry, context, style, primary, targets, where
                                )
                                self.fallbacks.append(pending)
        default = self._resolve_node(_kw(node, "default_fallbacks"))
        if isinstance(default, ast.List | ast.Tuple) and default.elts:
            self.fallbacks.append(
                _PendingFallback(
                    default, context, FallbackStyle.DEFAULT, "*", list(default.elts), where
                )
            )

    def _deployment(self, item: ast.expr | None, where: _Where, context: str) -> None:
        group: str | None = None
        params: ast.expr | None = None
        if isinstance(item, ast.Dict):
            for k, v in zip(item.keys, item.values, strict=False):
                key = _str(k)
                if key == "model_name":
                    group = _str(v)
                elif key == "litellm_params":
                    params = self._resolve_node(v)
        model: ast.expr | None = None
        api_base: ast.expr | None = None
        if isinstance(params, ast.Dict):
            for k, v in zip(params.keys, params.values, strict=False):
                if _str(k) == "model":
                    model = v
                elif _str(k) in ("api_base", "base_url"):
                    api_base = v
        elif isinstance(params, ast.Call) and getattr(params.func, "id", "") == "dict":
            model = _kw(params, "model")
            api_base = _kw(params, "api_base", "base_url")
        if model is not None:
            use = _Use(Runtime.LITELLM, context, True, base_url=self._url(api_base))
            use.group = group if group and _group_ok(group) else None
            self.uses.append((model, where, use))

    def _call_fallbacks(
        self,
        node: ast.Call,
        model: ast.expr | None,
        fallbacks: ast.expr,
        where: _Where,
        context: str,
    ) -> None:
        fallbacks = self._resolve_node(fallbacks) or fallbacks
        if not isinstance(fallbacks, ast.List | ast.Tuple):
            return
        targets: list[ast.expr | str] = []
        for entry in fallbacks.elts:
            if isinstance(entry, ast.Dict):
                for k, v in zip(entry.keys, entry.values, strict=False):
                    if _str(k) == "model" and v is not None:
                        targets.append(v)
            else:
                targets.append(entry)
        for t in targets:
            if isinstance(t, ast.expr):
                self.uses.append(
                    (t, where, _Use(Runtime.LITELLM, context, True, kind=RefKind.FALLBACK))
                )
        if targets:
            self.fallbacks.append(
                _PendingFallback(node, context, FallbackStyle.LITELLM_CALL, model, targets, where)
            )

    def _llm_expr(self, expr: ast.expr) -> ast.expr | None:
        if isinstance(expr, ast.Call):
            target = self._classify(expr)
            return self._model_arg(expr, target) if target.strong else None
        if isinstance(expr, ast.Name):
            found = self.llm_vars.get(expr.id)
            return found[0] if found else None
        if isinstance(expr, ast.Attribute) and getattr(expr.value, "id", "") == "self":
            found = self.llm_vars.get(f"self.{expr.attr}")
            return found[0] if found else None
        return None

    def _with_fallbacks(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Attribute):
            return
        primary = self._llm_expr(func.value)
        listed = node.args[0] if node.args else _kw(node, "fallbacks")
        listed = self._resolve_node(listed)
        if primary is None or not isinstance(listed, ast.List | ast.Tuple):
            return
        targets: list[ast.expr | str] = []
        for elt in listed.elts:
            model = self._llm_expr(elt)
            if model is not None:
                targets.append(model)
        if targets:
            self.fallbacks.append(
                _PendingFallback(
                    node,
                    self._ctx("with_fallbacks"),
                    FallbackStyle.LANGCHAIN,
                    primary,
                    targets,
                    self._where(),
                )
            )

    # --- resolution --------------------------------------------------------------------------

    def _lit(self, node: ast.Constant, context: str, kind: RefKind, env_var: str | None) -> _Lit:
        found = self.lits.get(id(node))
        if found is None:
            found = _Lit(str(node.value), node, context, kind, env_var)
            self.lits[id(node)] = found
        elif env_var and not found.env_var:
            found.env_var = env_var
        return found

    def _values(
        self,
        expr: ast.expr | None,
        where: _Where,
        context: str,
        env_var: str | None = None,
        depth: int = 0,
    ) -> list[_Lit]:
        """Every string literal an expression can evaluate to, through names in this module."""
        if expr is None or depth > _MAX_DEPTH:
            return []
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                kind = RefKind.ENV_DEFAULT if env_var else RefKind.CONSTANT
                return [self._lit(expr, context, kind, env_var)]
            return []
        if isinstance(expr, ast.Call):
            env = self._env_call(expr)
            if env is not None:
                if is_secret_name(env[0]):
                    return []
                return self._values(env[1], where, context, env[0], depth + 1)
            func = expr.func
            method = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if method in _FIELD_FUNCS:
                default = _kw(expr, "default")
                if default is None and expr.args:
                    default = expr.args[0]
                return self._values(default, where, context, env_var, depth + 1)
            return []
        if isinstance(expr, ast.IfExp):
            return [
                *self._values(expr.body, where, context, env_var, depth + 1),
                *self._values(expr.orelse, where, context, env_var, depth + 1),
            ]
        if isinstance(expr, ast.BoolOp):
            out: list[_Lit] = []
            for value in expr.values:
                env = self._env_call(value) if isinstance(value, ast.Call) else None
                if env is not None and isinstance(expr.op, ast.Or):
                    # `os.getenv("X") or "default"`: the default is X's
                    env_var = env_var or env[0]
                out += self._values(value, where, context, env_var, depth + 1)
            return out
        if isinstance(expr, ast.Name):
            for scope in where.chain:
                defs = self.defs.get((scope, expr.id))
                if defs:
                    return self._def_values(defs, depth)
            return []
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name | ast.Call):
            return self._def_values(self._attr_defs(expr, where), depth)
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            return self._subscript_values(expr.value.id, expr.slice, where, depth)
        return []

    def _subscript_values(
        self, name: str, key: ast.expr, where: _Where, depth: int
    ) -> list[_Lit]:
        """`MODELS["fast"]` / `CANDIDATES[0]`: the one entry of a dict or list bound to a name."""
        for scope in where.chain:
            defs = self.defs.get((scope, name))
            if not defs:
                continue
            value = defs[-1].expr
            lits = self._def_lits(defs[-1], depth + 1)
            if isinstance(value, ast.Dict) and _str(key) is not None:
                for k, v in zip(value.keys, value.values, strict=False):
                    if _str(k) == _str(key) and isinstance(v, ast.Constant):
                        return [lit for lit in lits if lit.node is v] or self._values(
                            v, where, defs[-1].context, None, depth + 1
                        )
            elif isinstance(value, ast.List | ast.Tuple) and isinstance(key, ast.Constant):
                index = key.value
                if isinstance(index, int) and -len(value.elts) <= index < len(value.elts):
                    elt = value.elts[index]
                    return [lit for lit in lits if lit.node is elt]
            return []
        return []

    def _attr_defs(self, expr: ast.Attribute, where: _Where) -> list[_Def]:
        base = expr.value
        cls: str | None = None
        if isinstance(base, ast.Name):
            if base.id in ("self", "cls"):
                cls = where.cls
            elif base.id in self.classes:
                cls = self.classes[base.id]
            elif base.id in self.instances:
                cls = self.instances[base.id]
            elif base.id in self.namespaces:
                return self.defs.get(("#argparse", expr.attr), [])
        elif isinstance(base, ast.Call) and isinstance(base.func, ast.Name):
            cls = self.classes.get(base.func.id)
        if cls is None:
            return []
        return self.defs.get((cls, expr.attr), [])

    def _def_values(self, defs: Iterable[_Def], depth: int) -> list[_Lit]:
        out: list[_Lit] = []
        for d in defs:
            out += self._def_lits(d, depth + 1)
        return out

    def _def_lits(self, d: _Def, depth: int = 0) -> list[_Lit]:
        key = id(d)
        found = self.memo.get(key)
        if found is None:
            self.memo[key] = []  # a cycle (`a = b; b = a`) resolves to nothing
            found = self.memo[key] = self._def_lits_uncached(d, depth)
        return found

    def _def_lits_uncached(self, d: _Def, depth: int) -> list[_Lit]:
        expr = d.expr
        if isinstance(expr, ast.List | ast.Tuple | ast.Set):
            lits = []
            for elt in expr.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    lit = self._lit(elt, d.context, RefKind.CATALOG, d.env_var)
                    lit.kind = RefKind.CATALOG
                    lits.append(lit)
            return lits
        if isinstance(expr, ast.Dict):
            return []
        lits = self._values(expr, d.where, d.context, None, depth)
        for lit in lits:
            if d.env_var and not lit.env_var:
                # `add_argument("--model", default=DEFAULT)`: the constant is configurable too
                lit.env_var = d.env_var
        return lits

    def finish(self) -> list[Detection]:
        # Definitions: constants whose name says model are references on their own.
        for (scope, _), defs in self.defs.items():
            for d in defs:
                lits = self._def_lits(d)
                says = name_says_model(d.name)
                if isinstance(d.expr, ast.List | ast.Tuple | ast.Set):
                    catalog = says or (
                        len(lits) >= 2
                        and len(lits) == len(d.expr.elts)
                        and all(_family_like(x.value) for x in lits)
                        and not is_secret_name(d.name)
                    )
                    if catalog and scope != "#argparse":
                        for lit in lits:
                            lit.weak_ok = True
                    continue
                if isinstance(d.expr, ast.Dict):
                    if says:
                        for v in d.expr.values:
                            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                                lit = self._lit(v, d.context, RefKind.CATALOG, d.env_var)
                                lit.kind = RefKind.CATALOG
                                lit.weak_ok = True
                    continue
                for lit in lits:
                    if lit.context != d.context:
                        continue
                    env_says = lit.env_var is not None and name_says_model(lit.env_var)
                    if says or env_says:
                        lit.weak_ok = True
        # Uses: a literal reached from an SDK call takes the call's runtime.
        for expr, where, use in sorted(self.uses, key=lambda u: not u[2].strong):
            for lit in self._values(expr, where, use.context):
                if lit.use is None or (use.strong and not lit.use.strong):
                    lit.use = use
        for expr, where, ctx, says, kind in self.seeds:
            found = self._values(expr, where, ctx)
            if kind is not RefKind.TEST:
                for lit in found:
                    if not lit.weak_ok and lit.context == ctx:
                        lit.weak_ok = says
                continue
            if isinstance(expr, ast.List | ast.Tuple):
                for elt in expr.elts:
                    for sub in ast.walk(elt):
                        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                            found.append(self._lit(sub, ctx, RefKind.TEST, None))
            for lit in found:
                if lit.weak_ok or lit.use is not None:
                    continue  # a reference on its own already
                # a string in an assert is a model only if it looks like one by family or
                # the assert talks about a model (`assert cfg.llm_model == "x"`)
                lit.weak_ok, lit.kind, lit.strict = True, RefKind.TEST, not says
        self._emit_references()
        self._emit_fallbacks()
        return self.out

    def _first(self, expr: ast.expr | str | None, where: _Where, groups: bool) -> str | None:
        ok = _group_ok if groups else _strong_ok
        if isinstance(expr, str):
            return expr if ok(expr) else None
        for lit in self._values(expr, where, where.scope):
            if ok(lit.value):
                return self._split_provider(lit.value, lit.use)[0]
        return None

    def _split_provider(self, value: str, use: _Use | None) -> tuple[str, Runtime | None]:
        if use is None or not use.provider_prefixed or ":" not in value:
            return value, None
        prefix, rest = value.split(":", 1)
        runtime = colon_prefix_runtime(prefix, pydantic_ai=True)
        if runtime is not None and rest:
            return rest, runtime
        return value, None

    def _column(self, node: ast.expr) -> int:
        col = node.col_offset
        if self.lines is None:
            return col + 1
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        if line.isascii():
            return col + 1
        raw = line.encode("utf-8", "surrogatepass")[:col]
        return len(raw.decode("utf-8", "replace")) + 1

    def _loc(self, node: ast.AST, context: str) -> Location:
        line = getattr(node, "lineno", 1)
        if isinstance(node, ast.expr):
            return Location(self.path, line, self._column(node), context)
        return Location(self.path, line, getattr(node, "col_offset", 0) + 1, context)

    def _emit_references(self) -> None:
        refs: list[Reference] = []
        for lit in list(self.lits.values()):
            use = lit.use
            value = lit.value
            if use is not None and use.strong:
                if not _strong_ok(value):
                    continue
            elif use is not None or lit.weak_ok:
                if not (_family_like(value) if lit.strict else _weak_ok(value)):
                    continue
            else:
                continue
            kind = lit.kind
            runtime = lit.runtime if lit.runtime is not Runtime.UNKNOWN else self._hint()
            revision = base_url = group = None
            if use is not None:
                if kind is not RefKind.CATALOG and kind is not RefKind.TEST:
                    kind = RefKind.ENV_DEFAULT if lit.kind is RefKind.ENV_DEFAULT else use.kind
                runtime = use.runtime
                value, split = self._split_provider(value, use)
                runtime = split or runtime
                base_url, group = use.base_url, use.group
                if use.revision is not None:
                    where = _Where(("",), None, use.context)
                    rev = next(iter(self._values(use.revision, where, use.context)), None)
                    if rev and _REVISION.match(rev.value) and not looks_like_secret(rev.value):
                        revision = rev.value
            if self.is_test:
                kind = RefKind.TEST
            env_var = lit.env_var
            if env_var and is_secret_name(env_var):
                env_var = None
            refs.append(
                Reference(
                    model=value,
                    location=self._loc(lit.node, lit.context),
                    kind=kind,
                    runtime=runtime,
                    detector=NAME,
                    revision=revision,
                    env_var=env_var,
                    group=group,
                    base_url=base_url,
                )
            )
        refs.sort(key=lambda r: (r.location.line, r.location.column, r.model))
        self.out.extend(refs)

    def _emit_fallbacks(self) -> None:
        for fb in self.fallbacks:
            groups = fb.style is not FallbackStyle.LANGCHAIN
            primary = self._first(fb.primary, fb.where, groups)
            if primary is None:
                continue
            found = (self._first(x, fb.where, groups) for x in fb.targets)
            targets = tuple(t for t in found if t)
            if not targets:
                continue
            self.out.append(Fallback(self._loc(fb.node, fb.context), primary, targets, fb.style))


_LEAVES = frozenset(
    {ast.Constant, ast.Name, ast.Load, ast.Store, ast.Del, ast.Pass, ast.Break, ast.Continue}
    | {type(op) for op in (ast.Add(), ast.Sub(), ast.Mult(), ast.Div(), ast.Mod(), ast.Pow())}
    | {ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn}
    | {ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, ast.Invert, ast.FloorDiv, ast.MatMult}
    | {ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift}
)
_DISPATCH = {
    getattr(ast, name[len("visit_") :]): method
    for name, method in vars(_Scanner).items()
    if name.startswith("visit_") and hasattr(ast, name[len("visit_") :])
}


@dataclass(slots=True)
class _Target:
    runtime: Runtime
    method: str
    strong: bool
    positional: int | None
    base_url: str | None
    sdk: str
    ctor: bool = False


# --- lexical fallback ------------------------------------------------------------------------

_LEX_ENV = re.compile(
    r"""(?:getenv|environ\.get|setdefault)\(\s*(['"])([A-Za-z_]\w{0,80})\1\s*,\s*"""
    r"""(?:default\s*=\s*)?(['"])([^'"\\\r\n]{1,200})\3"""
)
_LEX_KEY = re.compile(
    r"""(?<![\w.'"])(?:(['"])([A-Za-z_][\w.-]{0,80})\1\s*:|([A-Za-z_]\w{0,80})\s*"""
    r"""(?::\s*[A-Za-z_][\w\[\]., |]{0,80})?=)\s*(['"])([^'"\\\r\n]{1,200})\4"""
)
_LEX_CALL = re.compile(
    r"""(?:from_pretrained|SentenceTransformer|CrossEncoder|init_chat_model|GenerativeModel|"""
    r"""snapshot_download|hf_hub_download|ollama\.(?:chat|generate|embed|embeddings|pull|show|"""
    r"""create|copy|push)|completion|acompletion)\(\s*(['"])([^'"\\\r\n]{1,200})\1"""
)
_LEX_IMPORT = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_][\w.]*)", re.MULTILINE)


def _in_comment(line: str, pos: int) -> bool:
    hash_at = line.find("#")
    while 0 <= hash_at < pos:
        before = line[:hash_at]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return True
        hash_at = line.find("#", hash_at + 1)
    return False


def _lexical(path: str, module: str, text: str, is_test: bool) -> Iterator[Reference]:
    """Find references in Python that does not parse: quoted values next to model names."""
    sdks = {
        _SDK_MODULES[_top_module(m)]
        for m in _LEX_IMPORT.findall(text)
        if _top_module(m) in _SDK_MODULES
    }
    hint = next(iter(sdks)) if len(sdks) == 1 else Runtime.UNKNOWN
    seen: set[tuple[int, int]] = set()
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        if '"' not in line and "'" not in line:
            continue
        found: list[tuple[int, str, str, RefKind, str | None, bool]] = []
        for m in _LEX_ENV.finditer(line):
            if name_says_model(m.group(2)) or name_says_model(line[: m.start()]):
                env = m.group(2)
                found.append((m.start(3), m.group(4), env, RefKind.ENV_DEFAULT, env, False))
        for m in _LEX_KEY.finditer(line):
            key = m.group(2) or m.group(3) or ""
            if not name_says_model(key):
                continue
            before = line[: m.start()].rstrip()
            kind = RefKind.CALL if before.endswith(("(", ",")) else RefKind.CONSTANT
            found.append((m.start(4), m.group(5), key, kind, None, False))
        for m in _LEX_CALL.finditer(line):
            callee = m.group(0).split("(", 1)[0].rsplit(".", 1)[-1]
            found.append((m.start(1), m.group(2), callee, RefKind.CALL, None, True))
        for col, value, name, kind, env_var, strong in found:
            if (number, col) in seen or _in_comment(line, col):
                continue
            ok = _strong_ok(value) if strong else _weak_ok(value)
            if not ok:
                continue
            seen.add((number, col))
            yield Reference(
                model=value,
                location=Location(path, number, col + 1, f"{module}:{name}"),
                kind=RefKind.TEST if is_test else kind,
                runtime=Runtime.HUGGINGFACE if name == "from_pretrained" else hint,
                detector=NAME,
                env_var=env_var,
            )


# --- the detector ----------------------------------------------------------------------------


class PythonDetector:
    """Model references in Python source (`.py`, `.pyi`)."""

    name = NAME
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """Python source files, by extension."""
        return name.endswith((".py", ".pyi"))

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield references, fallbacks and a warning when the file only scanned lexically."""
        yield from scan_source(file.path, file.text)


# Every reference starts at a string literal. A literal that is not model-shaped on its own (the
# proxy group "triage") only counts in a known slot: a model keyword or the first argument of a
# known call. So a file with neither a slot nor a model-shaped literal holds no reference, and
# is not parsed: most Python in a large tree is skipped this way, before `ast.parse`.
# RE2: CPython `re` scans this alternation about 20x slower (0.42 s vs 0.02 s on 2000 modules).
_SLOT = re2.compile(
    r"\b(?:"
    + "|".join(sorted(map(re.escape, _CARRY_KWARGS)))
    + r")\s*=|\b(?:"
    + "|".join(sorted(map(re.escape, _POSITIONAL_METHODS)))
    + r")\s*\("
)
_LITERAL = re.compile(r"""["']([^"'\\\s]{2,200})["']""")


def may_reference(text: str) -> bool:
    """Cheap pre-check before `ast.parse`: a known slot, or a model-shaped string literal."""
    if _SLOT.search(text):
        return True
    return any(model_like(value) for value in set(_LITERAL.findall(text)))


def scan_source(path: str, text: str, module: str | None = None) -> list[Detection]:
    """Scan Python text; `module` overrides the dotted module name taken from `path`."""
    if not may_reference(text):
        return []
    mod = module_path(path) if module is None else module
    is_test = is_test_path(path)
    try:
        with warnings.catch_warnings():
            # invalid escapes ("\d") are warnings, not errors: the file still runs
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        reason = f"Python syntax error at line {exc.lineno or 1}; scanned lexically"
        out: list[Detection] = [ScanWarning(path, reason)]
        out.extend(_lexical(path, mod, text, is_test))
        return out
    except (ValueError, UnicodeError, RecursionError, MemoryError):
        out = [ScanWarning(path, "Python source could not be parsed; scanned lexically")]
        out.extend(_lexical(path, mod, text, is_test))
        return out
    lines = None if text.isascii() else _NEWLINE.split(text)
    scanner = _Scanner(path=path, module=mod, is_test=is_test, lines=lines)
    try:
        scanner.visit(tree)
        return scanner.finish()
    except RecursionError:
        # a 20 000-term expression parses but is too deep to walk: the literals are still found
        out = [ScanWarning(path, "Python nesting too deep to analyse; scanned lexically")]
        out.extend(_lexical(path, mod, text, is_test))
        return out
