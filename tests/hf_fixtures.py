"""Hugging Face caches and LM Studio folders built in tmp_path, in the layouts the tools write."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

COMMIT_A = "a" * 40
COMMIT_B = "b" * 40

CARD = """---
license: apache-2.0
base_model:
- meta-llama/Llama-3.1-8B
tags: [text-generation]
---
# A model
"""

CONFIG = '{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}'


def git_sha1(data: bytes) -> str:
    """A git blob id: the etag the Hub gives a small (non-LFS) file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class CacheBuilder:
    """`<root>/models--org--name/{refs,snapshots,blobs}` as huggingface_hub writes them."""

    root: Path

    def repo_dir(self, repo_id: str, kind: str = "models") -> Path:
        return self.root / f"{kind}--{repo_id.replace('/', '--')}"

    def file(
        self,
        repo_id: str,
        commit: str,
        name: str,
        data: bytes,
        *,
        lfs: bool = False,
        kind: str = "models",
    ) -> Path:
        """One snapshot file, a relative symlink to its blob (named by SHA-256 if LFS)."""
        repo = self.repo_dir(repo_id, kind)
        etag = hashlib.sha256(data).hexdigest() if lfs else git_sha1(data)
        blob = repo / "blobs" / etag
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        link = repo / "snapshots" / commit / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
        return link

    def ref(self, repo_id: str, name: str, commit: str, kind: str = "models") -> None:
        path = self.repo_dir(repo_id, kind) / "refs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(commit)  # no newline, as huggingface_hub writes it

    def model(self, repo_id: str, commit: str = COMMIT_A, ref: str | None = "main") -> bytes:
        """A small complete model: config, card, one safetensors file; returns the weights."""
        weights = b"\x08\x00\x00\x00\x00\x00\x00\x00{}      " + repo_id.encode()
        self.file(repo_id, commit, "config.json", CONFIG.encode())
        self.file(repo_id, commit, "README.md", CARD.encode())
        self.file(repo_id, commit, "model.safetensors", weights, lfs=True)
        if ref:
            self.ref(repo_id, ref, commit)
        return weights


def standard_cache(root: Path) -> CacheBuilder:
    """Two models (one with two snapshots and a PR ref), a dataset and a space."""
    b = CacheBuilder(root)
    b.model("org/alpha")
    b.model("org/alpha", COMMIT_B, ref="refs/pr/1")
    b.model("gpt2")
    b.file("org/data", COMMIT_A, "train.csv", b"a,b\n", kind="datasets")
    b.ref("org/data", "main", COMMIT_A, kind="datasets")
    b.file("org/app", COMMIT_A, "app.py", b"print()\n", kind="spaces")
    b.ref("org/app", "main", COMMIT_A, kind="spaces")
    return b
