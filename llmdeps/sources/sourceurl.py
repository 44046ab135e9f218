"""A model named by its source URL: `hf://org/name`, `huggingface://org/repo/file.gguf`,
`ollama://gemma2:2b` (KubeAI `url:`, llmaz `uri:`), a file of a Hub repository
(`https://huggingface.co/org/repo/resolve/main/x.gguf`), or weights the team stores itself:
`s3://bucket/models/Qwen2-7B`, `oss://…`, `tos://…` (Volcengine), `pvc://claim/llama-3-8b`,
`host:///workspace/x.gguf`.
Shared by the config detector, which finds them, and the catalog, which identifies the hub id
after the scheme. A storage URL names no hub model: it is a local model, kept as written, and
only when its last segment names a model (a placeholder bucket `s3://<YOUR_BUCKET>/x` never)."""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.idshape import model_like
from llmdeps.sources.localpath import WEIGHTS

_SOURCE_URL = lazy_compile(r"(hf|huggingface|ollama)://([A-Za-z0-9][\w.:/@+-]{0,200})", re.I)
# A file downloaded from a Hugging Face model repository (never a data set's or a Space's):
# `https://huggingface.co/TheBloke/CodeLlama-7B-Instruct-GGUF/resolve/main/x.Q4_K_M.gguf`
_HUB_FILE_URL = lazy_compile(
    r"https?://(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/)([\w.-]+/[\w.-]+)/resolve/[\w.%/@+-]{1,300}"
    r"(?:\?download=true)?",
    re.I,
)
_STORAGE_URL = lazy_compile(
    r"(?:s3|gs|oss|tos|obs|cos|pvc|host|file|az|abfss?)://[\w.:/@+-]{1,300}", re.I
)


def model_source(text: str) -> tuple[Runtime, str] | None:
    """(runtime, hub id) of a model source URL, (LOCAL, the URL) of stored weights; None for any
    other text. A Hugging Face URL to a file names its repository (the first two segments)."""
    m = _SOURCE_URL.fullmatch(text)
    if m is None:
        if hub_file := _HUB_FILE_URL.fullmatch(text):
            return Runtime.HUGGINGFACE, hub_file.group(1)
        return (Runtime.LOCAL, text) if stored_weights(text) else None
    rest = m.group(2).rstrip("/")
    if m.group(1).lower() == "ollama":
        return Runtime.OLLAMA, rest
    return Runtime.HUGGINGFACE, "/".join(rest.split("/")[:2])


def stored_weights(text: str) -> bool:
    """`oss://bucket.endpoint/models/Qwen2-7B`, `host:///workspace/llama.gguf`: a storage URL whose
    last segment is a model folder or a weights file."""
    if _STORAGE_URL.fullmatch(text) is None:
        return False
    leaf = text.rstrip("/").rsplit("/", 1)[-1]
    return bool(WEIGHTS.search(leaf)) or (model_like(leaf) and any(c.isdigit() for c in leaf))
