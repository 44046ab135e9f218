#!/usr/bin/env python3
"""Write the small demo Ollama store in examples/ollama-store/ (reproducible, byte for byte).

    python examples/make_ollama_store.py                      # rewrite examples/ollama-store
    python examples/make_ollama_store.py --out /tmp/s --synthetic 50   # plus 50 extra models

The layout is what `ollama pull` / `ollama create` write (REFERENCE.md section 2): manifests at
manifests/<host>/<namespace>/<model>/<tag> in Go's compact JSON with a trailing newline, blobs at
blobs/sha256-<hex of content>. The weights blobs are real GGUF files written with the `gguf`
package, with the header keys of the real models (general.organization, basename, finetune, license,
base_model.N.*) and zero tensors, so each is a few KB. Licence layers carry the real opening lines
of each licence and a pointer to the full text.

    llama3.1:8b              Meta, Llama 3.1 Community License
    nomic-embed-text:latest  Nomic AI, Apache-2.0
    mistral:7b               Mistral AI, Apache-2.0
    grant-writer:latest      `ollama create` FROM llama3.1:8b (examples/demo/ollama/Modelfile):
                             same weights and template blobs, its own system and params layers
    qwen2.5:72b              Alibaba (Qwen), Qwen License; installed but referenced by no code
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import gguf

MEDIA = "application/vnd.ollama.image."

LICENSES = {
    "llama3.1": (
        "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n"
        "Llama 3.1 Version Release Date: July 23, 2024\n\n"
        "\u201cAgreement\u201d means the terms and conditions for use, reproduction, distribution "
        "and modification of the Llama Materials set forth herein.\n\n"
        "[Opening lines only, for the llmdeps demo store. Full text: "
        "https://www.llama.com/llama3_1/license/]\n"
    ),
    "apache-2.0": (
        "\n                                 Apache License\n"
        "                           Version 2.0, January 2004\n"
        "                        http://www.apache.org/licenses/\n\n"
        "   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n\n"
        "   [Opening lines only, for the llmdeps demo store. Full text: "
        "https://www.apache.org/licenses/LICENSE-2.0.txt]\n"
    ),
    "qwen": (
        "Qwen LICENSE AGREEMENT\n\n"
        "Qwen LICENSE AGREEMENT Release Date: September 19, 2024\n\n"
        "By clicking to agree or by using or distributing any portion or element of the Qwen "
        "Materials, you will be deemed to have recognized and accepted the content of this "
        "Agreement, which is effective immediately.\n\n"
        "[Opening lines only, for the llmdeps demo store. Full text: "
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE]\n"
    ),
}

LLAMA3_TEMPLATE = (
    "{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}"
    "{{ if .Prompt }}<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>{{ end }}"
    "<|start_header_id|>assistant<|end_header_id|>\n\n{{ .Response }}<|eot_id|>"
)
MISTRAL_TEMPLATE = "[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]"
CHATML_TEMPLATE = (
    "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
    "{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}"
    "<|im_start|>assistant\n{{ .Response }}<|im_end|>\n"
)


def go_json(obj: object) -> bytes:
    """Go's json.Encoder output: compact, HTML characters escaped, trailing newline."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.encode("utf-8") + b"\n"


def gguf_blob(
    arch: str,
    meta: Mapping[str, str | int],
    base_models: Sequence[Mapping[str, str]] = (),
    tokens: int = 32,
) -> bytes:
    """A tensor-less GGUF file with these general.* keys and a tiny vocabulary."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.gguf"
        w = gguf.GGUFWriter(str(path), arch)
        w.add_type("model")
        for key, value in meta.items():
            if isinstance(value, int):
                w.add_uint32(f"general.{key}", value)
            else:
                w.add_string(f"general.{key}", value)
        if base_models:
            w.add_base_model_count(len(base_models))
            for i, base in enumerate(base_models):
                for sub, value in base.items():
                    w.add_string(f"general.base_model.{i}.{sub}", value)
        w.add_quantization_version(2)
        w.add_uint32(f"{arch}.context_length", 8192)
        w.add_string("tokenizer.ggml.model", "gpt2")
        w.add_array("tokenizer.ggml.tokens", [f"<tok{i}>" for i in range(tokens)])
        w.add_array("tokenizer.ggml.token_type", [1] * tokens)
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()
        return path.read_bytes()


class Store:
    """Writes blobs and manifests under one models directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "manifests").mkdir(parents=True, exist_ok=True)
        (root / "blobs").mkdir(parents=True, exist_ok=True)

    def blob(self, data: bytes, media: str) -> dict[str, object]:
        digest = hashlib.sha256(data).hexdigest()
        (self.root / "blobs" / f"sha256-{digest}").write_bytes(data)
        return {"mediaType": media, "digest": f"sha256:{digest}", "size": len(data)}

    def manifest(
        self, name: str, config: Mapping[str, object], layers: list[dict[str, object]]
    ) -> None:
        model, _, tag = name.partition(":")
        cfg = dict(config)
        cfg.setdefault("model_format", "gguf")
        cfg.update(architecture="amd64", os="linux")
        body = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": self.blob(go_json(cfg), "application/vnd.docker.container.image.v1+json"),
            "layers": layers,
        }
        path = (
            self.root / "manifests" / "registry.ollama.ai" / "library" / model / (tag or "latest")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(go_json(body))


def pulled(
    store: Store,
    name: str,
    *,
    weights: bytes,
    config: Mapping[str, object],
    license_id: str,
    template: str | None,
    params: Mapping[str, object],
) -> dict[str, dict[str, object]]:
    layers = {"model": store.blob(weights, MEDIA + "model")}
    if template:
        layers["template"] = store.blob(template.encode(), MEDIA + "template")
    layers["license"] = store.blob(LICENSES[license_id].encode(), MEDIA + "license")
    layers["params"] = store.blob(go_json(params), MEDIA + "params")
    # Registry config blobs still list the layers in rootfs.diff_ids (REFERENCE 2.6).
    diff_ids = [layer["digest"] for layer in layers.values()]
    store.manifest(
        name, {**config, "rootfs": {"type": "layers", "diff_ids": diff_ids}}, list(layers.values())
    )
    return layers


def demo(store: Store) -> None:
    llama = pulled(
        store,
        "llama3.1:8b",
        weights=gguf_blob(
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
            [
                {
                    "name": "Meta Llama 3.1 8B",
                    "organization": "Meta Llama",
                    "repo_url": "https://huggingface.co/meta-llama/Meta-Llama-3.1-8B",
                }
            ],
        ),
        config={
            "model_family": "llama",
            "model_families": ["llama"],
            "model_type": "8.0B",
            "file_type": "Q4_K_M",
        },
        license_id="llama3.1",
        template=LLAMA3_TEMPLATE,
        params={"stop": ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]},
    )
    pulled(
        store,
        "nomic-embed-text:latest",
        weights=gguf_blob(
            "nomic-bert",
            {
                "name": "nomic-embed-text-v1.5",
                "organization": "Nomic AI",
                "size_label": "137M",
                "license": "apache-2.0",
                "file_type": 1,
            },
        ),
        config={
            "model_family": "nomic-bert",
            "model_families": ["nomic-bert"],
            "model_type": "137M",
            "file_type": "F16",
        },
        license_id="apache-2.0",
        template=None,
        params={"num_ctx": 8192},
    )
    pulled(
        store,
        "mistral:7b",
        weights=gguf_blob(
            "llama",
            {
                "name": "Mistral 7B Instruct v0.3",
                "organization": "Mistralai",
                "basename": "Mistral",
                "finetune": "Instruct",
                "version": "v0.3",
                "size_label": "7B",
                "license": "apache-2.0",
                "file_type": 2,
            },
            [
                {
                    "name": "Mistral 7B v0.3",
                    "organization": "Mistralai",
                    "repo_url": "https://huggingface.co/mistralai/Mistral-7B-v0.3",
                }
            ],
        ),
        config={
            "model_family": "llama",
            "model_families": ["llama"],
            "model_type": "7.2B",
            "file_type": "Q4_0",
        },
        license_id="apache-2.0",
        template=MISTRAL_TEMPLATE,
        params={"stop": ["[INST]", "[/INST]"]},
    )
    pulled(
        store,
        "qwen2.5:72b",
        weights=gguf_blob(
            "qwen2",
            {
                "name": "Qwen2.5 72B Instruct",
                "organization": "Qwen",
                "basename": "Qwen2.5",
                "finetune": "Instruct",
                "size_label": "72B",
                "license": "other",
                "file_type": 15,
            },
            [
                {
                    "name": "Qwen2.5 72B",
                    "organization": "Qwen",
                    "repo_url": "https://huggingface.co/Qwen/Qwen2.5-72B",
                }
            ],
        ),
        config={
            "model_family": "qwen2",
            "model_families": ["qwen2"],
            "model_type": "72.7B",
            "file_type": "Q4_K_M",
        },
        license_id="qwen",
        template=CHATML_TEMPLATE,
        params={"stop": ["<|im_start|>", "<|im_end|>"]},
    )
    # `ollama create grant-writer -f examples/demo/ollama/Modelfile`: the model, template and
    # licence layers are the base model's blobs; SYSTEM and PARAMETER make new ones. Since v0.32.7
    # a locally created config has no rootfs.diff_ids.
    model = {**llama["model"], "from": "llama3.1:8b"}
    system = "You summarise grant applications for a humanitarian NGO. Be factual and brief."
    store.manifest(
        "grant-writer:latest",
        {
            "model_family": "llama",
            "model_families": ["llama"],
            "model_type": "8.0B",
            "file_type": "Q4_K_M",
        },
        [
            model,
            llama["template"],
            llama["license"],
            store.blob(system.encode(), MEDIA + "system"),
            store.blob(
                go_json(
                    {
                        "num_ctx": 8192,
                        "stop": ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"],
                        "temperature": 0.3,
                    }
                ),
                MEDIA + "params",
            ),
        ],
    )


def synthetic(store: Store, count: int) -> None:
    """`count` more distinct models (for timing a larger store)."""
    for i in range(count):
        pulled(
            store,
            f"synthetic-{i:03d}:7b",
            weights=gguf_blob(
                "llama",
                {
                    "name": f"Synthetic {i}",
                    "organization": "Meta Llama",
                    "license": "llama3.1",
                    "file_type": 15,
                },
                [{"name": "Meta Llama 3.1 8B", "organization": "Meta Llama"}],
                tokens=256,
            ),
            config={
                "model_family": "llama",
                "model_families": ["llama"],
                "model_type": "7B",
                "file_type": "Q4_K_M",
            },
            license_id="llama3.1",
            template=LLAMA3_TEMPLATE,
            params={"seed": i},
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "ollama-store")
    parser.add_argument("--synthetic", type=int, default=0, help="add this many extra models")
    args = parser.parse_args(argv)
    out: Path = args.out
    # Rewrite from scratch so stale blobs never linger; only our two directories are removed.
    for sub in ("manifests", "blobs"):
        shutil.rmtree(out / sub, ignore_errors=True)
    store = Store(out)
    demo(store)
    synthetic(store, args.synthetic)
    manifests = sorted(p for p in (out / "manifests").rglob("*") if p.is_file())
    blobs = sorted((out / "blobs").iterdir())
    total = sum(p.stat().st_size for p in blobs)
    print(f"{out}: {len(manifests)} manifests, {len(blobs)} blobs, {total} bytes")


if __name__ == "__main__":
    main()
