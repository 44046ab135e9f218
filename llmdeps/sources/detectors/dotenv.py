"""`.env` files: `LLM_MODEL=llama3.1:8b` names a model the app is configured with.

These are the files that hold the secrets. The detector reads a line's *key* first and looks at the
value only when the key names a model and names no secret (`MODEL_API_KEY` is a secret). No other
value is ever stored, logged or quoted in a warning; this detector emits no warnings at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.filenames import without_template_suffix
from llmdeps.sources.idshape import model_like
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.providers import runtime_for_env_words
from llmdeps.sources.secrets import is_secret_name, looks_like_secret

# `export KEY=`, `KEY = `; the key only, the value is not matched here.
_KEY = lazy_compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*")
# A word after MODEL that makes the key an attribute of a model, not its name.
_ATTRIBUTE_WORDS = frozenset(
    {
        "DIR", "DIRS", "PATH", "PATHS", "CACHE", "HOME", "ROOT", "FILE", "FILES", "FOLDER",
        "URL", "URI", "HOST", "BASE", "ENDPOINT", "PORT", "SERVER", "PROVIDER", "PROVIDERS",
        "BACKEND", "RUNTIME", "TEMPERATURE", "TEMP", "TIMEOUT", "TOP", "SEED", "MAX", "MIN",
        "TOKENS", "CONTEXT", "CTX", "SIZE", "TYPE", "FORMAT", "DTYPE", "DEVICE", "GPU", "GPUS",
        "THREADS", "BATCH", "KEEP", "ALIVE", "RETRIES", "RETRY", "LIMIT", "RATE", "ENABLED",
        "ENABLE", "DISABLE", "DISABLED", "REGION", "LOCATION", "PROJECT", "ORG", "ORGANIZATION",
        "STORE", "STORAGE", "CONFIG", "KWARGS", "ARGS", "PARAMS", "OPTIONS", "REVISION",
        "VERSION", "QUANTIZATION", "LOAD", "PRELOAD", "DOWNLOAD", "TRUST", "LOCAL", "OFFLINE",
    }
)  # fmt: skip
_MODEL_WORDS = frozenset({"MODEL", "MODELS", "DEPLOYMENT", "DEPLOYMENTS", "LLM"})
_NOT_MODEL_KEYS = frozenset({"OLLAMA_MODELS", "HF_HUB_CACHE", "TRANSFORMERS_CACHE"})
_DEFAULT = lazy_compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]")
# Ollama library names that are also provider words: models when the key says Ollama.
_OLLAMA_ONLY = frozenset({"mistral"})
_REVISION = lazy_compile(r"[A-Za-z0-9][\w.-]{0,99}")


_REPO_KEY = lazy_compile(r"(?:^|_)(?:REPO_ID|HF_REPO|TOKENIZER|TOKENIZER_NAME|TOKENIZER_ID)$")
"""Keys that carry a Hugging Face repo id (`EMBEDDING_REPO_ID`, `HF_REPO`, `TOKENIZER`)."""


def repo_key(key: str) -> bool:
    """A key that carries a Hugging Face model repo id; a tokenizer is no token."""
    upper = key.upper()
    if _REPO_KEY.search(upper) is None or upper.startswith(("DATASET", "SPACE")):
        return False
    return not is_secret_name(upper.replace("TOKENIZER", "TKNZR"))


def model_key(key: str) -> bool:
    """Does this key name a model (and no secret)? Decided on the key alone."""
    if repo_key(key):
        return True
    upper = key.upper()
    if upper in _NOT_MODEL_KEYS or is_secret_name(upper):
        return False
    words = [w for w in re.split(r"[_.-]+", upper) if w]
    for i, word in enumerate(words):
        if word in _MODEL_WORDS or (word.endswith("MODEL") and len(word) > 5):
            rest = words[i + 1 :]
            if word.startswith("DEPLOYMENT") and "AZURE" not in words and "OPENAI" not in words:
                return False
            return not any(w in _ATTRIBUTE_WORDS for w in rest)
    return False


def _unquote(raw: str) -> tuple[str, int]:
    """The value of a (model) key and its offset in `raw`; quotes and inline comments removed."""
    if raw[:1] in ("'", '"'):
        end = raw.find(raw[0], 1)
        return (raw[1:end], 1) if end > 0 else ("", 0)
    hash_at = re.search(r"(?:^|[ \t])#", raw)
    value = raw[: hash_at.start()] if hash_at else raw
    return value.rstrip(), 0


def _values(value: str, start: int) -> Iterator[tuple[str, int]]:
    """Model candidates in a value: itself, a `${OTHER:-default}` default, or a comma list."""
    match = _DEFAULT.match(value)
    if match and value.endswith("}"):
        inner = value[match.end() : -1]
        if not any(c in inner for c in "${}"):
            yield inner.strip("'\""), start + match.end() + (1 if inner[:1] in ("'", '"') else 0)
        return
    offset = 0
    for part in value.split(","):
        stripped = part.strip()
        if stripped:
            yield stripped, start + offset + part.index(stripped)
        offset += len(part) + 1


class DotenvDetector:
    """`KEY=value` lines whose key names a model."""

    name = "dotenv"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """`.env`, `.env.*`, `*.env`, `*.env.example`, `env.example` (not code files)."""
        low = name.lower()
        if low.endswith((".py", ".js", ".ts", ".json", ".yaml", ".yml", ".toml", ".sh", ".md")):
            return False
        base = without_template_suffix(low)
        if low.startswith(".env.") or base.endswith(".env"):
            return True
        return base == "env" != low  # `env.example`

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """ENV references; a value is looked at only after its key matched."""
        try:
            found = self._scan(file)
        except Exception:  # never let an exception text (which may quote a value) escape
            yield ScanWarning(file.path, "dotenv: could not be read")
            return
        yield from found

    def _scan(self, file: SourceFile) -> list[Reference]:
        text = file.text[1:] if file.text.startswith("\ufeff") else file.text
        found: list[Reference] = []
        revisions: dict[str, str] = {}
        for number, raw in enumerate(text.split("\n"), start=1):
            match = _KEY.match(raw)
            if match is None:
                continue
            key = match.group(1)
            upper = key.upper()
            if upper.endswith("_REVISION") and model_key(key[: -len("_REVISION")]):
                value, _ = _unquote(raw.rstrip("\r")[match.end() :])
                if _REVISION.fullmatch(value):
                    revisions[upper[: -len("_REVISION")]] = value
                continue
            line = raw.rstrip("\r")
            if not model_key(key):
                # the value of this line is never looked at, unless it is JSON whose own keys
                # name a model: `OAI_CONFIG_LIST='[{"model": "gpt-4", "api_key": "..."}]'`
                found.extend(self._json_value(file.path, number, key, line, match.end()))
                continue
            value, shift = _unquote(line[match.end() :])
            runtime = runtime_for_env_words(key)
            for model, start in _values(value, match.end() + shift):
                if model_like(model) or (runtime is Runtime.OLLAMA and model in _OLLAMA_ONLY):
                    location = Location(file.path, number, start + 1, key)
                    found.append(
                        Reference(model, location, RefKind.ENV, runtime, self.name, env_var=key)
                    )
        return [
            replace(ref, revision=revisions[ref.location.context.upper()])
            if ref.location.context.upper() in revisions
            else ref
            for ref in found
        ]

    def _json_value(
        self, path: str, number: int, key: str, line: str, start: int
    ) -> Iterator[Reference]:
        """The models under model-named keys of a JSON value; no other value is kept."""
        value, shift = _unquote(line[start:])
        if not value.startswith(("[{", "{")) or len(value) > _MAX_JSON or is_secret_name(key):
            return
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            return
        at = start + shift
        for name, model in _model_pairs(data, 0):
            pair = rf'"{re.escape(name)}"\s*:\s*"({re.escape(model)})"'
            found = re.search(pair, value)
            if found is None:
                continue
            location = Location(path, number, at + found.start(1) + 1, f"{key}.{name}")
            yield Reference(model, location, RefKind.ENV, runtime_for_env_words(key), self.name)


_MAX_JSON = 64 * 1024


def _model_pairs(data: object, depth: int) -> Iterator[tuple[str, str]]:
    """(key, value) of every model-named key holding a model-shaped string, nested."""
    if depth > 8:
        return
    pairs = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data if isinstance(data, list) else ())
    )
    for name, value in pairs:
        if isinstance(value, dict | list):
            yield from _model_pairs(value, depth + 1)
        elif isinstance(name, str) and isinstance(value, str) and _model_pair(name, value):
            yield name, value


def _model_pair(name: str, value: str) -> bool:
    return model_key(name) and model_like(value) and not looks_like_secret(value)
