"""Model folders and weights files on disk named where a model goes (issue 9, precision).

`./models/qwen2.5-7b-instruct`, `models/bge-m3`, `/srv/weights/llama-3-8b.gguf` in a model slot
are local paths: a `local-file` reference, never a Hugging Face id (no hub org is called
`models`). Shared by the config and shell detectors.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.idshape import FAMILY_PREFIXES, model_like

LOCAL_DIRS = frozenset({"models", "model", "weights", "checkpoints", "ckpt", "local_models"})
"""First folders of a relative path that hold models on disk (`models/bge-m3`)."""
# A Hugging Face cache folder, named for the repository it holds: `models--org--name`
_HF_CACHE_FOLDER = lazy_compile(r"models--[\w.-]+--[\w.-]+$")
WEIGHTS = lazy_compile(r"\.(gguf|ggml|bin|safetensors|pt|pth|onnx)$", re.IGNORECASE)


def local_path(text: str) -> tuple[bool, bool]:
    """(is the value a path on disk, does it name a model folder or weights file)."""
    value = text.strip()
    if not value or len(value) > 300 or "$" in value or "{{" in value or "://" in value:
        return False, False
    if any(ch.isspace() for ch in value):
        return False, False
    parts = value.replace("\\", "/").rstrip("/").split("/")
    rooted = value.startswith(("./", "../", "~/", "/"))
    if not rooted and len(parts) == 1 and WEIGHTS.search(value):
        return True, True  # `llama-2-7b-chat.bin`: a weights file beside whatever loads it
    if not rooted and (len(parts) < 2 or parts[0].lower() not in LOCAL_DIRS):
        return False, False
    leaf = WEIGHTS.sub("", parts[-1])
    if _HF_CACHE_FOLDER.match(leaf):  # `models--meta-llama--Meta-Llama-3.1-8B-Instruct`
        return True, True
    return True, bool(WEIGHTS.search(parts[-1]) or (leaf and (model_like(leaf) or _sized(leaf))))


_SIZED = lazy_compile(r"(?:^|[-_.])\d+(?:\.\d+)?[bm](?:$|[-_.])", re.IGNORECASE)


def _sized(leaf: str) -> bool:
    """`dse-qwen2-2b-mrl-v1`: a folder named for a fine-tune, with a known family and a size
    somewhere in its name."""
    words = re.split(r"[-_.]", leaf.lower())
    return bool(_SIZED.search(leaf)) and any(w.startswith(FAMILY_PREFIXES) for w in words[1:])
