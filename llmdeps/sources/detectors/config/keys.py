"""What config keys mean (model, catalog, environment section, provider and URL hints, subtrees
to skip) and what a value under a model key names. Secret-named keys never have a role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from urllib.parse import urlsplit

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.idshape import model_like, plausible
from llmdeps.sources.localpath import WEIGHTS
from llmdeps.sources.names import MODEL_KEYS, name_says_model
from llmdeps.sources.providers import is_ollama_url, runtime_for_provider
from llmdeps.sources.secrets import is_secret_name

CATALOG_KEYS = frozenset({"models", "model_list", "model_ids", "model_names"})
ENV_PARENTS = frozenset(
    {"environment", "env", "variables", "environment_variables", "env_vars", "literals"}
)  # `literals`: a kustomize configMapGenerator's `KEY=value` entries
_ENV_NOT_MODEL = lazy_compile(
    r"(_PATH|_DIR|_DIRS|_FILE|_URL|_URI|_HOST|_CACHE|_HOME|_PORT|_ENDPOINT|_TIMEOUT|_SIZE|_COUNT"
    r"|_TEMPERATURE|_KEEP_ALIVE)$|^OLLAMA_MODELS$|^OLLAMA_MAX_LOADED_MODELS$"
)
# Subtrees that name things that are not model dependencies: package versions, prose, data sets,
# request examples, our own configuration.
SKIP_SUBTREES = frozenset(
    {
        "dependencies",
        "devdependencies",
        "dev_dependencies",
        "peerdependencies",
        "peer_dependencies",
        "optionaldependencies",
        "optional_dependencies",
        "bundledependencies",
        "bundleddependencies",
        "dependency_groups",
        "resolutions",
        "overrides",
        "engines",
        "description",
        "descriptions",
        "summary",
        "help",
        "example",
        "examples",
        "dataset",
        "datasets",
        "dataset_name",
        "dataset_id",
        "model_index",
        "widget",
        "license",
        "keywords",
        "tags",
        # Kubernetes object metadata: labels and selectors name things, they load nothing
        "labels",
        "annotations",
        "selector",
        "match_labels",
        "node_selector",
        # HTTP headers (`X-App-UA: App-Agent/1.0`) and price / limit tables keyed by id (used to
        # look ids up, never to call them)
        "headers",
        "default_headers",
        "extra_headers",
        "http_headers",
        "pricing",
        "prices",
        "model_prices",
        "model_pricing",
        "costs",
        "model_costs",
        "token_costs",
        "rate_limits",
        "[tool.llmdeps]",
        "[tool.poetry.dependencies]",
        "[tool.poetry.dev_dependencies]",
        "[project.optional_dependencies]",
    }
)
PROVIDER_KEYS = frozenset(
    {"provider", "llm_provider", "custom_llm_provider", "api_type", "type", "backend", "engine"}
)
URL_KEYS = frozenset(
    {
        "api_base",
        "base_url",
        "baseurl",
        "host",
        "url",
        "endpoint",
        "api_url",
        "ollama_host",
        "ollama_base_url",
        "openai_api_base",
        "openai_base_url",
    }
)
_ENV_REF = lazy_compile(
    r"\$\{(?:env://)?(?P<var>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|:=|-|=|:(?![?]))(?P<default>[^}]*))?\}"
)
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=8192)
def snake(key: str) -> str:
    """`modelName`, `model-name` -> `model_name`: how keys are compared."""
    return _CAMEL.sub("_", key).lower().replace("-", "_")


_TOKENIZER = lazy_compile("tokenizer", re.IGNORECASE)


def secret_key(key: str) -> bool:
    """`is_secret_name`, except that a tokenizer is no token (`tokenizer: org/name` is a repo)."""
    return is_secret_name(_TOKENIZER.sub("tknzr", key) if "okenizer" in key.lower() else key)


# `*_model`, and a role's model named by its kind (R2R `fast_llm`, `quality_llm`, `vlm`, `audio_lm`)
_MODEL_KEY_ENDS = ("_model", "_model_name", "_model_id", "_repo_id", "_llm", "_lm", "_vlm")


@lru_cache(maxsize=8192)
def is_model_key(key: str) -> bool:
    """A key whose value names a model: `model`, `llm`, `*_model`, `modelName`, `continue.model`."""
    if secret_key(key):
        return False
    head, dot, last = key.rpartition(".")
    s = snake(last)  # VS Code style `continue.model`
    if s.startswith(("dataset", "space_")):
        return False  # `dataset_repo_id`: a data set or a Space, not a model
    if dot and s in ("id", "name") and is_model_key(head.rsplit(".", 1)[-1]):
        return True  # MicroProfile `chat.model.id`, `embedding.model.name`
    return s in MODEL_KEYS or s.endswith(_MODEL_KEY_ENDS)


_NOT_CATALOG = (
    "no_",
    "non_",
    "not_",
    "unsupported",
    "blocked",
    "blacklist",
    "deny",
    "denied",
    "excluded",
    "exclude",
    "disabled",
    "deprecated",
    "ignored",
    "ignore",
    "skip",
    "banned",
)


@lru_cache(maxsize=8192)
def is_catalog_key(key: str) -> bool:
    """A key whose value lists models: `models`, `model_list`, `*_models`."""
    if is_secret_name(key):
        return False
    s = snake(key)
    if snake(key.rsplit(".", 1)[-1]).startswith(_NOT_CATALOG):
        return False  # `blocked_models`, `no_temperature_models`: matched against, never called
    return s in CATALOG_KEYS or s.endswith("_models")


_LLM_WORD = lazy_compile(r"(?:^|_)LLM(?:_|$)")
_REPO_ENV = lazy_compile(r"(?:^|_)(?:REPO_ID|HF_REPO|TOKENIZER|TOKENIZER_NAME|TOKENIZER_ID)$")


@lru_cache(maxsize=8192)
def is_env_model_key(key: str) -> bool:
    """An environment variable whose name says it holds a model (`LLM_MODEL`, `OLLAMA_MODEL`)."""
    upper = key.upper()
    if _REPO_ENV.search(upper) and not upper.startswith(("DATASET", "SPACE")):
        return not secret_key(key)  # `EMBEDDING_REPO_ID`, `HF_REPO`, `TOKENIZER`
    if is_secret_name(key) or _ENV_NOT_MODEL.search(upper):
        return False
    if "MODEL" not in upper:
        # `LLM=llama2`, `LOCAL_LLM=qwen_qwq-32b`; not `LLM_PROVIDER`, `LLM_BASE_URL`
        return _LLM_WORD.search(upper) is not None and name_says_model(key)
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", key) is not None


_DEPLOYMENT_KEY = lazy_compile(r"(?:^|_)deployment(?:_name|_id)?$")


def is_deployment_key(key: str, path: tuple[object, ...]) -> bool:
    """An Azure OpenAI deployment, which names the model the code calls: `deployment-name` under
    `spring.ai.azure.openai`, Semantic Kernel's `AzureOpenAI: {ChatDeploymentName: gpt-4o}`.
    Outside an Azure or OpenAI path a `deployment` is a Kubernetes object, not a model."""
    if secret_key(key) or not _DEPLOYMENT_KEY.search(snake(key.rsplit(".", 1)[-1])):
        return False
    # an OpenAI deployment is Azure's (OpenAI itself has none): `openAiDeploymentName`
    return any(isinstance(p, str) and _AZURE_WORD.search(p) for p in (*path, key))


_AZURE_WORD = lazy_compile(r"azure|open_?ai", re.IGNORECASE)


class Role(IntEnum):
    """What the walker does with a key."""

    PLAIN = 0
    """Descend into its value."""
    SKIP = 1
    """Skip its subtree: a secret, or something that names no model dependency."""
    MODEL = 2
    """Its value names a model."""
    CATALOG = 3
    """Its value lists models (or maps model names to settings)."""
    ENV_SECTION = 4
    """Its value holds environment variables (compose `environment:`, CI `variables:`)."""


# `pvcMatchLabels: {model: llama3-pv}`, `podSelector`, `extraLabels`: Kubernetes labels and
# selectors under any prefix name things; they load nothing. Nor do references to other objects by
# name: llmaz `modelClaim: {modelName: qwen2-0--5b}` names an OpenModel object, `modelRef` likewise.
_LABEL_SUFFIXES = ("_labels", "_selector", "_annotations", "_claim", "_claims", "_ref", "_refs")
_MAYBE_ROLE = lazy_compile(
    r"model|llm|lm$|env|variables|literals|repo|tokenizer|\[tool\.", re.IGNORECASE
)


@lru_cache(maxsize=65536)
def key_role(key: str) -> Role:
    """What the walker does with a key: descend, skip its subtree, read a model, a catalog, or
    an environment section. One cached call per distinct key."""
    if secret_key(key):
        return Role.SKIP
    if _MAYBE_ROLE.search(key) is None:
        lowered = key.lower().replace("-", "_")
        if lowered in SKIP_SUBTREES or snake(key).endswith(_LABEL_SUFFIXES):
            return Role.SKIP
        return Role.PLAIN
    snaked = snake(key)
    if snaked in SKIP_SUBTREES or snaked.endswith(_LABEL_SUFFIXES):
        return Role.SKIP
    if is_model_key(key):
        return Role.MODEL
    if is_catalog_key(key):
        return Role.CATALOG
    return Role.ENV_SECTION if snaked in ENV_PARENTS else Role.PLAIN


@dataclass(frozen=True, slots=True)
class Value:
    """The model a value names, and the variable whose default it is (`${VAR:-model}`)."""

    model: str
    env_var: str | None


def expand(raw: str) -> Value | None:
    """A config value with its `${VAR:-default}` replaced by the default; None when a variable
    has no default or the value is a template. When a model-named variable sits inside a longer
    value (`/models/${MODEL_NAME:-llama-2-7b-chat.bin}`), its default alone is the model."""
    text = raw.strip()
    if text.startswith("os.environ/") or "{{" in text or "{%" in text:
        return None
    env_var = None
    match = _ENV_REF.search(text)
    if match:
        if match.group("op") is None:
            return None
        env_var = match.group("var")
        default = match.group("default")
        if match.group(0) != text and default and is_env_model_key(env_var):
            return Value(default.strip(), env_var)
        text = text[: match.start()] + default + text[match.end() :]
    return None if "$" in text else Value(text, env_var)


def candidate(raw: str, *, strong: bool) -> Value | None:
    """The model a config value names, if any: `${VAR:-default}` yields its default. Weights
    files are left to `localpath` (a `local-file` reference where a model goes)."""
    found = expand(raw)
    if found is None:
        return None
    text = found.model
    if text == "*" or text.endswith("/*") or WEIGHTS.search(text):
        return None
    ok = plausible(text) if strong else model_like(text)
    return found if ok else None


def runtime_of_value(model: str) -> Runtime:
    """The runtime a `provider/model` value names (`ollama/llama3`), else UNKNOWN."""
    head = re.split(r"[/]", model, maxsplit=1)
    if len(head) == 2:
        return runtime_for_provider(head[0])
    return Runtime.UNKNOWN


def ollama_base_url(raw: str) -> str | None:
    """Scheme, host and port of an Ollama-looking URL; never userinfo, path or query."""
    if not is_ollama_url(raw) or raw.startswith("os.environ/"):
        return None
    try:
        parts = urlsplit(raw if "://" in raw else f"http://{raw}")
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or not re.fullmatch(r"[A-Za-z0-9.-]+", host):
        return None
    scheme = parts.scheme if parts.scheme in ("http", "https") else "http"
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"
