"""Documented response shapes of OpenAI-compatible servers, replayed by a loopback HTTP server.

Each shape is written after the server's own source or docs (as summarised, with paths, in
shared/REFERENCE.md sections 13 and 14), never invented:

* vLLM `GET /v1/models`: vllm-project/vllm `vllm/entrypoints/openai/protocol.py` (`ModelCard`,
  `ModelPermission`) and `serving_models.py` (`show_available_models`: one card for each served
  name with `root` = the `--model` value, one per LoRA adapter with `parent` = the base).
* llama.cpp `llama-server` `GET /v1/models` and `GET /props`: ggml-org/llama.cpp
  `tools/server/server-context.cpp` (`get_models`: Ollama-style `models` plus OpenAI `data` with
  `meta`; `handle_props`), `tools/server/README.md`.
* LM Studio `GET /v1/models` (`owned_by: "organization_owner"`) and `GET /api/v0/models`:
  lmstudio-ai/docs `1_developer/2_rest/endpoints.md` and `3_openai-compat/models.md`.
* LocalAI `GET /v1/models`: mudler/LocalAI `core/http/endpoints/openai/list.go`
  (`schema.OpenAIModel{ID, Object}`: no `owned_by`); a real reply of that shape is recorded in
  hairongchen/k8s-llm `docs/local_ai_test.md` (`{"id": "gpt4all-j", "object": "model"}`, ...).
* SGLang `GET /v1/models` and `GET /get_model_info`: sgl-project/sglang
  `python/sglang/srt/entrypoints/openai/protocol.py` (`ModelCard`), `.../http_server.py`
  (`get_model_info`: `model_path`, `tokenizer_path`, `is_generation`, later `weight_version`).
* TGI `GET /v1/models` and `GET /info`: huggingface/text-generation-inference `router/src/lib.rs`
  (`Info`), `router/src/server.rs`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

from tests.ollama_fixtures import FakeOllama, Handler, Reply
from tests.ollama_fixtures import _Server as _ProxyServer

VLLM_MODELS = {
    "object": "list",
    "data": [
        {
            "id": "meta-llama/Llama-3.1-8B-Instruct",
            "object": "model",
            "created": 1733000000,
            "owned_by": "vllm",
            "root": "meta-llama/Llama-3.1-8B-Instruct",
            "parent": None,
            "max_model_len": 131072,
            "permission": [
                {
                    "id": "modelperm-0f3c",
                    "object": "model_permission",
                    "created": 1733000000,
                    "allow_create_engine": False,
                    "allow_sampling": True,
                    "allow_logprobs": True,
                    "allow_search_indices": False,
                    "allow_view": True,
                    "allow_fine_tuning": False,
                    "organization": "*",
                    "group": None,
                    "is_blocking": False,
                }
            ],
        },
        {
            "id": "grant-lora",
            "object": "model",
            "created": 1733000000,
            "owned_by": "vllm",
            "root": "/srv/adapters/grant-lora",
            "parent": "meta-llama/Llama-3.1-8B-Instruct",
            "max_model_len": None,
            "permission": [],
        },
    ],
}

LLAMACPP_MODELS = {
    "models": [
        {
            "name": "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf",
            "model": "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf",
            "modified_at": "",
            "size": "",
            "digest": "",
            "type": "model",
            "description": "",
            "tags": [""],
            "capabilities": ["completion"],
            "parameters": "",
            "details": {
                "parent_model": "",
                "format": "gguf",
                "family": "",
                "families": [""],
                "parameter_size": "",
                "quantization_level": "",
            },
        }
    ],
    "object": "list",
    "data": [
        {
            "id": "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf",
            "aliases": [],
            "tags": [],
            "object": "model",
            "created": 1733000000,
            "owned_by": "llamacpp",
            "meta": {
                "vocab_type": 2,
                "n_vocab": 151936,
                "n_ctx": 4096,
                "n_ctx_train": 32768,
                "n_embd": 896,
                "n_params": 494032768,
                "size": 397808192,
                "ftype": "Q4_K - Medium",
            },
        }
    ],
}

LLAMACPP_PROPS = {
    "default_generation_settings": {"id": 0, "n_ctx": 4096, "speculative": False},
    "total_slots": 1,
    "model_alias": "",
    "model_path": "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf",
    "modalities": {"vision": False, "audio": False},
    "chat_template": "{% for message in messages %}...",
    "bos_token": "",
    "eos_token": "<|im_end|>",
    "build_info": "b5000-abcdef0",
}

LMSTUDIO_MODELS = {
    "data": [
        {"id": "meta-llama-3.1-8b-instruct", "object": "model", "owned_by": "organization_owner"},
        {
            "id": "text-embedding-nomic-embed-text-v1.5",
            "object": "model",
            "owned_by": "organization_owner",
        },
    ],
    "object": "list",
}

LMSTUDIO_V0 = {
    "object": "list",
    "data": [
        {
            "id": "meta-llama-3.1-8b-instruct",
            "object": "model",
            "type": "llm",
            "publisher": "lmstudio-community",
            "arch": "llama",
            "compatibility_type": "gguf",
            "quantization": "Q4_K_M",
            "state": "loaded",
            "max_context_length": 131072,
        },
        {
            "id": "text-embedding-nomic-embed-text-v1.5",
            "object": "model",
            "type": "embeddings",
            "publisher": "nomic-ai",
            "arch": "nomic-bert",
            "compatibility_type": "gguf",
            "quantization": "Q4_0",
            "state": "not-loaded",
            "max_context_length": 2048,
        },
    ],
}

LOCALAI_MODELS = {
    "object": "list",
    "data": [
        {"id": "gpt-4", "object": "model"},
        {"id": "whisper-1", "object": "model"},
        {"id": "phi-2", "object": "model"},
    ],
}

SGLANG_MODELS = {
    "object": "list",
    "data": [
        {
            "id": "qwen/qwen2.5-0.5b-instruct",
            "object": "model",
            "created": 1733000000,
            "owned_by": "sglang",
            "root": "qwen/qwen2.5-0.5b-instruct",
            "max_model_len": 32768,
        }
    ],
}

SGLANG_INFO = {
    "model_path": "qwen/qwen2.5-0.5b-instruct",
    "tokenizer_path": "qwen/qwen2.5-0.5b-instruct",
    "is_generation": True,
    "preferred_sampling_params": None,
    "weight_version": "default",
}

TGI_COMMIT = "0e9e39f249a16976918f6564b8830bc894c89659"
TGI_MODELS = {
    "object": "list",
    "data": [
        {
            "id": "HuggingFaceH4/zephyr-7b-beta",
            "object": "model",
            "created": 0,
            "owned_by": "HuggingFaceH4/zephyr-7b-beta",
        }
    ],
}

TGI_INFO = {
    "model_id": "HuggingFaceH4/zephyr-7b-beta",
    "model_sha": TGI_COMMIT,
    "model_pipeline_tag": "text-generation",
    "max_concurrent_requests": 128,
    "max_best_of": 2,
    "max_stop_sequences": 4,
    "max_input_tokens": 1024,
    "max_total_tokens": 2048,
    "validation_workers": 2,
    "max_client_batch_size": 4,
    "router": "text-generation-router",
    "version": "3.0.0",
    "sha": None,
    "docker_label": None,
}


def _json(body: object) -> tuple[int, bytes]:
    return (200, json.dumps(body).encode())


SERVERS: dict[str, dict[str, Reply]] = {
    "vllm": {"GET /v1/models": _json(VLLM_MODELS)},
    "llama.cpp": {"GET /v1/models": _json(LLAMACPP_MODELS), "GET /props": _json(LLAMACPP_PROPS)},
    "lmstudio": {
        "GET /v1/models": _json(LMSTUDIO_MODELS),
        "GET /api/v0/models": _json(LMSTUDIO_V0),
    },
    "localai": {"GET /v1/models": _json(LOCALAI_MODELS)},
    "sglang": {"GET /v1/models": _json(SGLANG_MODELS), "GET /get_model_info": _json(SGLANG_INFO)},
    "tgi": {"GET /v1/models": _json(TGI_MODELS), "GET /info": _json(TGI_INFO)},
}
"""Route -> reply of each known server, as FakeOllama overrides (anything else is a 404)."""


def fake_server(kind: str, **changes: Reply) -> FakeOllama:
    """A fake of one known server; `changes` replace or add routes ("GET /props": (500, b""))."""
    return FakeOllama(override={**SERVERS[kind], **changes})


def trickle(h: Handler) -> None:
    """Headers one byte every 0.2 s: each byte is in time for a read timeout, the whole never."""
    try:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"x" * 200:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass
    h.close_connection = True


@contextmanager
def raw_server(script: bytes, *, pause: float = 0.0) -> Iterator[str]:
    """A socket server that sends `script` to every client byte by byte (`pause` apart) and
    then closes: replies no HTTP library would send (cut headers, lies about lengths)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.settimeout(1.0)
                    conn.recv(65536)
                    for byte in script:
                        if stop.is_set():
                            break
                        conn.sendall(bytes([byte]))
                        if pause:
                            time.sleep(pause)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        sock.close()


class _ProxyHandler(Handler):
    """A forward proxy that answers for every host itself: an absolute-form request line
    (`GET http://vllm:8000/v1/models`) is served from the fake's routes by its path."""

    def _handle(self, method: str) -> None:
        if "://" in self.path:
            split = urllib.parse.urlsplit(self.path)
            self.path = split.path + (f"?{split.query}" if split.query else "")
        super()._handle(method)


@contextmanager
def proxy(fake: FakeOllama) -> Iterator[str]:
    """Serve `fake` as an HTTP proxy on 127.0.0.1:<free port>: with HTTP_PROXY set to the URL it
    yields, a reader asking `http://vllm:8000` (a compose service name) gets the fake's replies,
    and the lock names the server as the code would reach it."""
    server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
    server.fake = fake
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


DEMO_VLLM = "http://vllm:8000"
"""The address the demo's drafting service reaches its vLLM at (a compose service name)."""


@contextmanager
def demo_vllm() -> Iterator[str]:
    """The recorded vLLM replies served as DEMO_VLLM through a proxy; yields the proxy URL for
    HTTP_PROXY. `examples/make_demo_lock.py` and the demo tests use it."""
    with proxy(fake_server("vllm")) as url:
        yield url
