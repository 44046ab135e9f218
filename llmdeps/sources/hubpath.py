"""A hub id under a key named for a path (issue 9): RouteLLM's `checkpoint_path:
routellm/mf_gpt4_augmented`. `from_pretrained` takes a folder or a Hugging Face id alike, so a
`checkpoint_path` whose value is exactly `org/name` (no folder word first, no
file, not rooted) names the model it downloads. Every other `*_path` key stays a path.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.idshape import local_model_dir, model_like
from llmdeps.sources.localpath import local_path
from llmdeps.sources.secrets import looks_like_secret

__all__ = ["hub_id_under_path_key", "hub_path_key"]

_KEYS = frozenset(
    {"checkpoint_path", "ckpt_path", "checkpoint", "model_checkpoint", "pretrained_checkpoint"}
)
"""Checkpoint keys only: `model_path` is a folder by this tool's rules (a hard negative)."""
_HUB_ID = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
_FOLDERS = frozenset(
    {"runs", "run", "outputs", "output", "out", "logs", "log", "data", "dataset", "datasets"}
    | {"checkpoints", "checkpoint", "ckpt", "ckpts", "models", "model", "weights", "tmp"}
    | {"temp", "exp", "exps", "experiments", "results", "saved", "saved_models", "artifacts"}
    | {"cache", "build", "dist", "src", "lib", "assets", "resources", "local", "home", "mnt"}
)
_FILE = lazy_compile(r"\.(?:[A-Za-z]{1,10})$")
"""`org/model.ckpt`, `dir/file.pt`: a file, not a repository (`v1.5` tails end in a digit)."""


def hub_path_key(key: str) -> bool:
    """The key names a checkpoint or model path that may hold a hub id instead."""
    return key.strip().lower().replace("-", "_") in _KEYS


def hub_id_under_path_key(value: str) -> bool:
    """The value is a bare `org/name` hub id, not a folder, a file or a secret."""
    text = value.strip()
    if text != value or not _HUB_ID.match(text) or looks_like_secret(text):
        return False
    head = text.split("/", 1)[0].lower()
    if head in _FOLDERS or head.startswith(".") or _FILE.search(text):
        return False
    if local_path(text)[0] or local_model_dir(text):
        return False
    return model_like(text)
