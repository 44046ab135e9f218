"""A model named by its source URL: `hf://org/name`, `huggingface://org/repo/file.gguf`,
`ollama://gemma2:2b` (KubeAI `url:`, llmaz `uri:`). Shared by the config detector, which finds
them, and the catalog, which identifies the hub id after the scheme. Storage schemes (`s3://`,
`pvc://`, `oss://`) name no hub model."""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime

_SOURCE_URL = lazy_compile(r"(hf|huggingface|ollama)://([A-Za-z0-9][\w.:/@+-]{0,200})", re.I)


def model_source(text: str) -> tuple[Runtime, str] | None:
    """(runtime, hub id) of a model source URL; None for any other text. A Hugging Face URL to a
    file names its repository (the first two segments)."""
    m = _SOURCE_URL.fullmatch(text)
    if m is None:
        return None
    rest = m.group(2).rstrip("/")
    if m.group(1).lower() == "ollama":
        return Runtime.OLLAMA, rest
    return Runtime.HUGGINGFACE, "/".join(rest.split("/")[:2])
