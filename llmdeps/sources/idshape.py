"""Is a string shaped like a model id? Shared by every detector.

Two strengths: `plausible` for strong contexts (the `model=` argument of a known SDK call),
where any id-shaped string counts; `model_like` for weak contexts (a constant or config key whose
*name* says model), where the value must also look like a model: a known family, a provider
prefix, an `org/name` Hugging Face id or an Ollama `name:tag`.
"""

from __future__ import annotations

import functools
import re

from llmdeps.lazyre import lazy_compile

# Provider and runtime words that are not models on their own ("bare provider prefixes").
PROVIDER_WORDS = frozenset(
    [
        "openai",
        "anthropic",
        "ollama",
        "google",
        "gemini_api",
        "vertex",
        "vertex_ai",
        "vertexai",
        "azure",
        "azure_openai",
        "bedrock",
        "groq",
        "mistral",
        "mistralai",
        "cohere",
        "xai",
        "deepseek",
        "huggingface",
        "hf",
        "together",
        "together_ai",
        "openrouter",
        "litellm",
        "vllm",
        "tgi",  # TGI's Messages API takes any model name; its docs send `model="tgi"`
        "local",
        "auto",
        "default",
        "none",
        "null",
        "n/a",  # a placeholder where the model is picked elsewhere (LM Studio's UI)
        "true",
        "false",
        "custom",
        "openai_like",
        "fireworks",
        "fireworks_ai",
        "perplexity",
        "replicate",
        "sagemaker",
        "watsonx",
        "ai21",
        "anyscale",
        "deepinfra",
        "cerebras",
        "nvidia",
        "nim",
        "lmstudio",
        "lm_studio",
        "llamacpp",
        "llama_cpp",
        "llama.cpp",
        "gpt4all",
        "transformers",
        "sentence-transformers",
        "sentence_transformers",
        "langchain",
        "llamaindex",
        "llama_index",
        "haystack",
        "chat",
        "completion",
        "completions",
        "embedding",
        "embeddings",
        "text",
        "image",
        "audio",
        "vision",
        "tools",
        "json",
        "model",
        "models",
        "llm",
        "llms",
    ]
)

FAMILY_PREFIXES = (
    "gpt",
    "o1",
    "o3",
    "o4",
    "chatgpt",
    "text-embedding",
    "text-davinci",
    "davinci",
    "babbage",
    "whisper",
    "tts-",
    "dall-e",
    "omni-moderation",
    "text-moderation",
    "computer-use",
    "claude",
    "gemini",
    "gemma",
    "palm",
    "text-bison",
    "chat-bison",
    "textembedding-gecko",
    "text-multilingual-embedding",
    "llama",
    "codellama",
    "code-llama",
    "llava",
    "bakllava",
    "mistral",
    "mixtral",
    "codestral",
    "ministral",
    "pixtral",
    "magistral",
    "devstral",
    "open-mistral",
    "open-mixtral",
    "voxtral",
    "qwen",
    "qwq",
    "codeqwen",
    "deepseek",
    "phi",
    "command",
    "c4ai-",
    "embed-english",
    "embed-multilingual",
    "embed-v",
    "rerank",
    "grok",
    "nomic-embed",
    "mxbai-embed",
    "all-minilm",
    "all-mpnet",
    "snowflake-arctic",
    "bge",
    "e5-",
    "multilingual-e5",
    "gte-",
    "starcoder",
    "granite",
    "olmo",
    "falcon",
    "vicuna",
    "zephyr",
    "hermes",
    "nous-hermes",
    "openhermes",
    "dolphin",
    "orca",
    "tinyllama",
    "smollm",
    "yi-",
    "yi:",
    "internlm",
    "glm",
    "chatglm",
    "baichuan",
    "solar",
    "jamba",
    "titan",
    "amazon.",
    "nova-",
    "sonar",
    "kimi",
    "moonshot",
    "minimax",
    "abab",
    "wizardlm",
    "wizardcoder",
    "stablelm",
    "starling",
    "neural-chat",
    "openchat",
    "nemotron",
    "aya",
    "cogito",
    "exaone",
    "athene",
    "smollm",
    "moondream",
    "minicpm",
    "paraphrase-",
    "distilbert",
    "bert-",
    "roberta",
    "t5-",
    "flan-",
    "bart-",
    "sentence-t5",
    "jina-",
    "voyage",
    "text-embedding",
    "nomic-",
    "dbrx",
    "arctic",
    "reka",
    "ernie",
    "hunyuan",
    "ollama/",
    "ollama_chat/",
    "meta.",
    "meta-llama",
    "anthropic.",
    "cohere.",
    "mistral.",
    "ai21.",
    "us.",
    "eu.",
    "apac.",
    "global.",
    "jp.",
    "deepseek-r1",
    "gpt-oss",
    "qwen2",
    "qwen3",
    "llama3",
    "phi3",
    "phi4",
    "gemma2",
    "gemma3",
    "flux",  # Black Forest Labs' image models (FLUX.1 [schnell], [dev])
    # OpenAI's retired GPT-3 era ids, Sora video, Google's Imagen, Veo and Deep Research agent
    "text-ada-",
    "text-curie-",
    "text-babbage-",
    "text-similarity-",
    "text-search-",
    "code-search-",
    "code-davinci",
    "sora-",
    "imagen-",
    "veo-",
    "nano-banana",
    "deep-research-",
)

MODEL_NAMED_PROVIDERS = frozenset(w for w in PROVIDER_WORDS if w in FAMILY_PREFIXES)
"""Provider words that are also a model's name (`mistral`): a model in a model slot."""

# Container images that share a name with a runtime: never model references.
CONTAINER_IMAGES = frozenset(
    {
        "ollama/ollama",
        "vllm/vllm-openai",
        "ghcr.io/open-webui/open-webui",
        "ghcr.io/berriai/litellm",
        "litellm/litellm",
        "ghcr.io/ggerganov/llama.cpp",
        "ghcr.io/ggml-org/llama.cpp",
    }
)

_HF_ID = lazy_compile(r"^[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}$")
_OLLAMA_TAG = lazy_compile(r"^(?:[\w.-]+/){0,2}[a-z0-9][\w.-]{0,80}:[\w.-]{1,80}$")
_PROVIDER_PREFIXED = lazy_compile(r"^[a-z][a-z0-9_-]{1,30}[/:][\w.:@/-]{2,}$")
_ID_CHARS = lazy_compile(r"^[\w.:/@+-]+$")
_FILE_SUFFIX = lazy_compile(
    r"\.(py|js|ts|tsx|jsx|json|ya?ml|toml|txt|md|csv|html?|png|jpe?g|svg|sh|pkl|pt|bin|onnx|"
    r"safetensors|ckpt|h5|zip|gz|tar|log|cfg|ini|env|lock)$",
    re.IGNORECASE,
)
_VERSION_ONLY = lazy_compile(r"^v?\d+(\.\d+)*([a-z]\w*)?$", re.IGNORECASE)


def plausible(value: str) -> bool:
    """Id-shaped: no spaces, URL or template; not a bare provider word or a version."""
    return _plausible(value, in_slot=False)


def slot_plausible(value: str) -> bool:
    """`plausible` for a model slot of a known SDK call: there a provider word that is also a
    model's name (`ollama('mistral')`, `ollama.pull("mistral")`) is the model, since the slot,
    not a list of provider words, decides."""
    return _plausible(value, in_slot=True)


# `image/png`, `audio/wav`, `application/json`: a media type has an org/name shape, never a model
_MIME_TYPE = lazy_compile(r"(?:image|audio|video|text|application|font|multipart)/[\w.+-]+$")


def _plausible(value: str, *, in_slot: bool) -> bool:
    s = value.strip()
    if len(s) < 2 or len(s) > 200 or s != value:
        return False  # `model="X"`: a one-letter placeholder
    if not _ID_CHARS.match(s):
        return False
    low = s.lower()
    provider_word = low in PROVIDER_WORDS or low.rstrip("/:") in PROVIDER_WORDS
    if provider_word and not (in_slot and low in MODEL_NAMED_PROVIDERS):
        return False
    if s.endswith(("/", ":", "-", ".")) or s.startswith(("/", ".", "-", ":")):
        return False
    if "://" in s or s.startswith(("~", "$")):
        return False
    if _VERSION_ONLY.match(s) or s.isdigit() or _MIME_TYPE.match(low):
        return False
    return _FILE_SUFFIX.search(s) is None


# `ollama_cloud::gemma3:4b`, `bedrock_api::us.anthropic.claude-...`: a client library's adapter
# namespace before the id (rust-genai and its kin route on it); the id after it decides.
_NAMESPACED = lazy_compile(r"^[A-Za-z][\w-]{0,39}::(?=[^:])")


def without_namespace(value: str) -> str:
    """The id after an adapter namespace `ns::` (one level); the value itself when it has none."""
    match = _NAMESPACED.match(value)
    return value[match.end() :] if match else value


def _has_family(value: str) -> bool:
    """The id (after any adapter namespace, org, path or Bedrock vendor) starts with a known
    family's prefix."""
    low = without_namespace(value.lower())
    tail = low.rsplit("/", 1)[-1]
    if low.startswith(FAMILY_PREFIXES) or tail.startswith(FAMILY_PREFIXES):
        return True
    vendor, dot, rest = low.partition(".")  # Bedrock `openai.gpt-oss-120b`, `qwen.qwen3-32b-v1:0`
    return bool(dot) and vendor in BEDROCK_VENDORS and rest.startswith(FAMILY_PREFIXES)


BEDROCK_VENDORS = frozenset(
    {"amazon", "openai", "deepseek", "qwen", "writer", "moonshot", "minimax", "google", "nvidia"}
    | {"stability", "twelvelabs", "luma", "meta", "anthropic", "cohere", "mistral", "ai21"}
)
"""The vendor segment of a Bedrock model id (`<vendor>.<model>`)."""


@functools.lru_cache(maxsize=16384)  # a pure function of the text; tests repeat their strings
def model_like(value: str) -> bool:
    """A string that looks like a model even without an SDK call around it."""
    if not plausible(value):
        return False
    low = value.lower()
    if low.split(":", 1)[0] in CONTAINER_IMAGES:
        return False
    if _has_family(low):
        return True
    bare = without_namespace(value)
    if bare != value:
        return "::" not in bare and model_like(bare)
    if _OLLAMA_TAG.match(value) and not value.startswith(("sha256:", "http")):
        return True
    if _PROVIDER_PREFIXED.match(low):
        prefix = re.split(r"[/:]", low, maxsplit=1)[0]
        if prefix in PROVIDER_WORDS:
            return True
    return bool(_HF_ID.match(value)) and not value[0].isdigit()


_LOCAL_DIR_WORDS = frozenset(
    {"models", "model", "local_models", "local-models", "saved_models", "checkpoints"}
    | {"checkpoint", "weights", "ckpt", "ckpts", "pretrained", "artifacts", "outputs", "output"}
)
_DRIVE = lazy_compile(r"^[A-Za-z]:[\\/]")


@functools.lru_cache(maxsize=16384)
def local_model_dir(value: str) -> bool:
    """A model folder or file on disk, not a hub id: `./models/qwen2.5-7b-instruct`,
    `/mnt/weights/llama`, `models/bge-m3` (a first segment that names a folder of models; no
    Hugging Face organisation is called `models`). Google's `models/gemini-pro` is an API name:
    callers ask only in slots that load from disk."""
    s = value.strip()
    if not s or s != value or "://" in s or len(s) > 400 or "\n" in s:
        return False
    if s.startswith(("./", "../", "/", "~/", ".\\", "..\\")) or _DRIVE.match(s):
        return len(s) > 2
    head, sep, rest = s.partition("/")
    return bool(sep and rest) and head.lower() in _LOCAL_DIR_WORDS
