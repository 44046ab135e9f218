"""What a name in code or config says about the value it holds, and whether a value fits a model
slot: shared by every code detector (Python, JS/TS, the polyglot tree-sitter one).

`name_says_model("EMBED_MODEL")` (a variable, key or option that holds a model and not a secret
or a path), `says_trait("NO_SUPPORT_TEMPERATURE_MODELS")` (a list of models sharing a trait,
matched against, not used), `strong_ok` / `weak_ok` (a value in a known SDK slot / under a model
name), `module_path` (the dotted module of a path, the start of a reference's context).
"""

from __future__ import annotations

import functools
import re

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.idshape import (
    CONTAINER_IMAGES,
    FAMILY_PREFIXES,
    model_like,
    slot_plausible,
    without_namespace,
)
from llmdeps.sources.secrets import is_secret_name, looks_like_secret

_MODEL_WORD = lazy_compile(
    r"model|llm|embed|engine|checkpoint|deployment|encoder|reranker|(?:^|_)v?lm(?:_|$)",
    re.IGNORECASE,
)  # `lm` only as a word: DSPy's `student_lm_name`, R2R's `audio_lm`
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
MODEL_KEYS = frozenset(
    {
        "model",
        "model_name",
        "model_id",
        "modelname",
        "modelid",
        "llm_model",
        "embedding_model",
        "chat_model",
        "default_model",
        "base_model",
        "model_tag",
        "llm",
        "vlm",
        # Hugging Face training / adapter configs (axolotl, PEFT adapter_config.json)
        "model_name_or_path",
        "model_id_or_path",  # KServe's Hugging Face server
        "base_model_name_or_path",
        "pretrained_model_name_or_path",
        # keys that carry a Hugging Face repo id (issue 9, class 2)
        "repo_id",
        "hf_repo",
        "hf_repo_id",
        "hf_model",
        "hf_model_id",
        "model_repo",
        "model_repo_id",
        "tokenizer",
        "tokenizer_name",
        "tokenizer_id",
        "model_url",  # vLLM production-stack `modelURL: org/name`
    }
)
"""Names (keys, variables, fields) that are a model slot themselves, compared in snake case."""
ENTRY_ID_KEYS = frozenset({"id", "value", "key", "slug", "model", "modelId", "model_id"})
"""Keys that name a catalogue entry's id: beside one, the entry's other keys describe it
(`{"id": "claude-3-haiku-20240307", "name": "claude-3-haiku"}`, `{ value: 'x', replaces: 'y' }`)."""
_WORDS = lazy_compile(r"[^a-z0-9]+")
_REVISION = lazy_compile(r"^[\w.\-/]{1,100}$")
_GROUP = lazy_compile(r"^[\w.:/@+*-]{1,200}$")


@functools.lru_cache(maxsize=4096)
def name_says_model(name: str) -> bool:
    """A variable, key or option name that says it holds a model (and not a secret or a path)."""
    low = name.lower().strip("-_ ")
    if not _MODEL_WORD.search(low) or is_secret_name(low):
        return False
    if any(word in _NOT_A_MODEL_WORDS for word in _WORDS.split(name.strip("-_ ").lower())):
        return False
    return not low.endswith(_NOT_A_MODEL_SUFFIX)


def mentions_model(name: str) -> bool:
    """A name with a model word anywhere (`MODEL_DOWNLOAD_URL`), secrets never: where a value
    that names a model by itself (a Hub download URL) counts."""
    return bool(_MODEL_WORD.search(name)) and not is_secret_name(name)


def names_the_slot(name: str) -> bool:
    """`MODEL_ID`, `modelName`, `model`: a name that is a model slot, not one that mentions one."""
    return _snake(name).strip("_") in MODEL_KEYS


def sized_id(value: str) -> bool:
    """An id of a family the catalog need not know, with a size or version (`jais-30b-chat`,
    `bu-2-0-mini-preview`): enough where the name is the slot itself."""
    return slot_plausible(value) and not looks_like_secret(value) and bool(_SIZE.search(value))


_SIZE = lazy_compile(r"(?:^|[-_.:])(?:\d+(?:\.\d+)?[bmk]|v?\d+(?:[.-]\d+)+)(?:$|[-_.:])", re.I)


def strong_ok(value: str) -> bool:
    """Acceptable in a model-bearing argument of a known SDK call."""
    if not slot_plausible(value) or looks_like_secret(value):
        return False
    return value.lower().split(":", 1)[0] not in CONTAINER_IMAGES


def weak_ok(value: str) -> bool:
    """Acceptable where only a name says model."""
    return model_like(value) and not looks_like_secret(value)


def group_ok(value: str) -> bool:
    """A LiteLLM model group name (any alias, `*` for every group); never a secret."""
    return bool(_GROUP.match(value)) and not looks_like_secret(value)


@functools.lru_cache(maxsize=8192)
def family_like(value: str) -> bool:
    """Model-shaped and naming a known family with a size, version or tag: `llama3.1:8b`."""
    if not weak_ok(value) or not any(c in value for c in "0123456789:-/."):
        return False
    low = without_namespace(value.lower())
    tail = low.split(":", 1)[0].rsplit("/", 1)[-1]
    return low.startswith(FAMILY_PREFIXES) or tail.startswith(FAMILY_PREFIXES)


def revision_ok(value: str) -> bool:
    """A Hugging Face revision (branch, tag or commit) worth keeping; never a secret."""
    return bool(_REVISION.match(value)) and not looks_like_secret(value)


def module_path(path: str) -> str:
    """`service/summaries.py` -> `service.summaries`; `pkg/__init__.py` -> `pkg`."""
    stem = path.rsplit(".", 1)[0] if path.endswith((".py", ".pyi")) else path
    parts = [p for p in stem.replace("\\", "/").split("/") if p and p != "."]
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


_TRAIT_WORDS = frozenset(
    {"no", "not", "non", "unsupported", "without", "support", "supports", "compatible"}
    | {"incompatible", "deprecated", "excluded", "exclude", "excludes", "blocked", "blocklist"}
    | {"denied", "skip", "skipped", "needs", "require", "requires", "requiring", "only"}
    | {"prefix", "prefixes", "pattern", "patterns"}
)


_MODEL_BUILDERS = frozenset({"agent", "extractor"})
"""Builders that take the model first (rig's `client.agent("qwen2.5:14b")`)."""
_CALL_WORD = lazy_compile(r"model|llm|chat|complet|embed|generat", re.IGNORECASE)
# Methods that test or take apart a name rather than use a model: `name.starts_with("gpt-")`,
# `strings.HasPrefix(m, "claude")`, `isChatModel("gpt-4o")` (by their first word).
_ASKING = frozenset(
    {"is", "has", "can", "should", "support", "supports", "contains", "starts", "ends"}
    | {"startswith", "endswith", "matches", "equals", "includes", "find", "split", "strip"}
    | {"replace", "parse", "format", "trim", "compare", "index", "count"}
)


@functools.lru_cache(maxsize=4096)
def callee_says_model(name: str, owner: str | None) -> bool:
    """A call that takes a model positionally: its method says model, chat, completion, embedding
    or generation (`exec_chat`, `embed`, `GenerateContent`), or it builds or converts to a type
    that does (`ModelIden::new`, `ModelSpec::from_static_name`). Tests of a name never do."""
    first = next((w for w in _WORDS.split(_snake(name)) if w), "")
    if first in _ASKING or says_trait(name):
        return False
    if _CALL_WORD.search(name) or _snake(name).strip("_") in _MODEL_BUILDERS:
        return True
    if not owner:
        return False
    tail = re.split(r"::|->|\.", owner)[-1].strip("&*() ")
    return tail[:1].isupper() and bool(_CALL_WORD.search(tail)) and not says_trait(tail)


# The last word of a class that stands for a model (Agno `OpenAIChat`, `OllamaEmbedder`,
# `HuggingFaceLLM`): its `id=` is the model's id.
_MODEL_CLASS_END = lazy_compile(
    r"(?:Chat|ChatModel|LLM|Llm|Model|Embedder|Embedding|Embeddings|Reranker|Responses)$"
)


def model_class(name: str) -> bool:
    """A class name (CapWords) that says it is a model client: `OpenAIChat`, `GroqLLM`."""
    return name[:1].isupper() and bool(_MODEL_CLASS_END.search(name)) and not says_trait(name)


def _snake(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def says_trait(name: str) -> bool:
    """`NO_SUPPORT_TEMPERATURE_MODELS`, `compatibleModels`, `get_thinking_supported_models`: a
    list of models sharing a trait (`SUPPORTED_EMBEDDING_MODELS` is every model supported, a
    catalogue: `supported` names a trait only after the trait it qualifies)."""
    words = [w for w in _WORDS.split(_snake(name)) if w and w not in _VERBS]
    if any(word in _TRAIT_WORDS for word in words):
        return True
    return any(w in _QUALIFIED_TRAITS and i > 0 for i, w in enumerate(words))


_VERBS = frozenset({"get", "list", "all", "load", "fetch", "default"})
_QUALIFIED_TRAITS = frozenset({"supported", "capable", "enabled"})
