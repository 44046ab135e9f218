"""Words the detectors name as their prefilter `keywords` (trufflehog's `Keywords()`).

A file is decoded for a detector only when one of the detector's keywords occurs in it
(case-insensitive, one RE2 pass over the raw bytes). `MODEL_WORDS` is what every reference the
code and config detectors find carries somewhere in its file: an SDK or model word, or a model
family name. A detector may declare sharper words of its own; `()` means "read every file I want".
"""

from __future__ import annotations

from llmdeps.sources.idshape import FAMILY_PREFIXES

_SDK_WORDS = (
    "model",
    "ollama",
    "llm",
    "engine",
    "deploy",
    "checkpoint",
    "pretrained",
    "pipeline",
    "sentence",
    "embed",
    "repo_id",
    "snapshot_download",
    "lm(",
    "agent(",
    "vllm",
    "huggingface",
    "litellm",
    "fallback",
    "gpt",
    "openai",
    "groq",
    "phi",
    "glm",
    "aya",
    "bge",
    "e5-",
    "o1",
    "o3",
    "o4",
    "yi-",
    "yi:",
    "-hf",  # llama.cpp `-hf org/name` in a container's args
    "hf-repo",
)
MODEL_WORDS: tuple[str, ...] = tuple(
    sorted(set(_SDK_WORDS) | {p.rstrip(".:/-") for p in FAMILY_PREFIXES if len(p) > 3})
)
