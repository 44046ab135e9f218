#!/usr/bin/env python3
"""Write the demo's Hugging Face cache and LM Studio models folder (reproducible, byte for byte).

    python examples/make_model_folders.py                     # rewrite examples/hf-cache and
                                                              # examples/lmstudio-models
    python examples/make_model_folders.py --out /tmp/m --synthetic 50   # plus 50 cached models

`examples/hf-cache/` has the layout `huggingface_hub` writes (REFERENCE.md section 4):
`models--<org>--<name>/refs/main` holding the commit without a newline, `snapshots/<commit>/<file>`
as relative symlinks into `blobs/`, and blobs named by their ETag: the git blob SHA-1 for small
files, the SHA-256 of the content for LFS files (the weights). The weights here are tiny fake
safetensors files (a header and no tensors), so the blob names are real SHA-256 digests of what is
on disk. A dataset repo sits beside the model to show that datasets are not models.

    sentence-transformers/all-MiniLM-L6-v2   snapshot c9745ed1 (refs/main), Apache-2.0, BERT
    datasets--org--reviews                   a dataset: skipped by the reader

`examples/lmstudio-models/` has LM Studio's `<publisher>/<repo>/<file>.gguf` layout with a real
GGUF header (written with the `gguf` package by examples/make_ollama_store.py's writer, zero
tensors) carrying the real model's `general.*` keys.

    lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_ollama_store import gguf_blob  # noqa: E402

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
MINILM_COMMIT = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"

MINILM_CARD = """---
language: en
license: apache-2.0
library_name: sentence-transformers
tags:
- sentence-transformers
- feature-extraction
- sentence-similarity
pipeline_tag: sentence-similarity
---

# all-MiniLM-L6-v2

[Front matter as on the Hub; the card body is left out of the llmdeps demo cache.]
"""

MINILM_CONFIG = {
    "_name_or_path": "nreimers/MiniLM-L6-H384-uncased",
    "architectures": ["BertModel"],
    "hidden_size": 384,
    "model_type": "bert",
    "num_attention_heads": 12,
    "num_hidden_layers": 6,
}


def git_sha1(data: bytes) -> str:
    """The ETag the Hub gives a small (non-LFS) file: its git blob id."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fake_safetensors(label: str) -> bytes:
    """A safetensors file with an empty tensor table: 8-byte header length, then the header."""
    header = json.dumps({"__metadata__": {"format": "pt", "llmdeps-demo": label}}).encode()
    header += b" " * (-len(header) % 8)
    return len(header).to_bytes(8, "little") + header


def cache_file(repo: Path, commit: str, name: str, data: bytes, *, lfs: bool = False) -> None:
    etag = hashlib.sha256(data).hexdigest() if lfs else git_sha1(data)
    blob = repo / "blobs" / etag
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(data)
    link = repo / "snapshots" / commit / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(blob, link.parent))


def cached_model(
    root: Path,
    repo_id: str,
    commit: str,
    *,
    card: str,
    config: dict[str, object],
    kind: str = "models",
) -> None:
    repo = root / f"{kind}--{repo_id.replace('/', '--')}"
    cache_file(repo, commit, "README.md", card.encode())
    cache_file(repo, commit, "config.json", (json.dumps(config, indent=2) + "\n").encode())
    if kind == "models":
        cache_file(repo, commit, "model.safetensors", fake_safetensors(repo_id), lfs=True)
    refs = repo / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    (refs / "main").write_text(commit)  # no newline, as huggingface_hub writes it


def write_hf_cache(root: Path, synthetic: int = 0) -> None:
    cached_model(root, MINILM, MINILM_COMMIT, card=MINILM_CARD, config=MINILM_CONFIG)
    cached_model(
        root,
        "org/reviews",
        "5" * 40,
        card="---\nlicense: cc-by-4.0\n---\n",
        config={},
        kind="datasets",
    )
    (root / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    for i in range(synthetic):
        commit = hashlib.sha1(f"synthetic-{i}".encode()).hexdigest()
        cached_model(
            root,
            f"synthetic/model-{i:03d}",
            commit,
            card="---\nlicense: mit\nbase_model: sentence-transformers/all-MiniLM-L6-v2\n---\n",
            config={"architectures": ["BertModel"], "model_type": "bert"},
        )


def write_lmstudio(root: Path) -> None:
    folder = root / "lmstudio-community" / "Meta-Llama-3.1-8B-Instruct-GGUF"
    folder.mkdir(parents=True, exist_ok=True)
    header = gguf_blob(
        "llama",
        {
            "name": "Meta Llama 3.1 8B Instruct",
            "organization": "Meta Llama",
            "basename": "Meta-Llama-3.1",
            "finetune": "Instruct",
            "size_label": "8B",
            "license": "llama3.1",
            "file_type": 15,
        },
        base_models=[
            {
                "name": "Meta Llama 3.1 8B",
                "organization": "Meta Llama",
                "repo_url": "https://huggingface.co/meta-llama/Meta-Llama-3.1-8B",
            }
        ],
    )
    (folder / "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf").write_bytes(header)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--out", type=Path, default=here, help="parent of the two folders")
    parser.add_argument("--synthetic", type=int, default=0, help="extra cached models")
    args = parser.parse_args()
    for name in ("hf-cache", "lmstudio-models"):
        target = args.out / name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        if name == "hf-cache":
            write_hf_cache(target, args.synthetic)
        else:
            write_lmstudio(target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
