"""Ollama test helpers: tiny GGUF files, an on-disk store builder, and a fake Ollama server.

A helper module rather than conftest fixtures so that other test packages can import it without
fixture-name clashes. The store builder writes what `ollama pull` / `ollama create` write (Go's
compact JSON with a trailing newline, `sha256-<hex>` blobs); the fake server replays the shapes of
REFERENCE.md section 1 and can misbehave per route.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import gguf

MEDIA = "application/vnd.ollama.image."
CONFIG_MEDIA = "application/vnd.docker.container.image.v1+json"
MANIFEST_MEDIA = "application/vnd.docker.distribution.manifest.v2+json"

LLAMA31_LICENSE = (
    "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n"
    "Llama 3.1 Version Release Date: July 23, 2024\n\n"
    '"Agreement" means the terms and conditions for use, reproduction, distribution and '
    "modification of the Llama Materials set forth herein.\n"
)
APACHE_LICENSE = (
    "                                 Apache License\n"
    "                           Version 2.0, January 2004\n"
    "                        http://www.apache.org/licenses/\n\n"
    "   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n"
)
QWEN_LICENSE = (
    "Qwen LICENSE AGREEMENT\n\n"
    "Qwen LICENSE AGREEMENT Release Date: September 19, 2024\n\n"
    "By clicking to agree or by using or distributing any portion or element of the Qwen Materials, "
    "you will be deemed to have recognized and accepted the content of this Agreement.\n"
)


def go_json(obj: object) -> bytes:
    """Bytes as Go's json.Encoder writes them: compact, trailing newline."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def write_gguf(
    path: Path,
    arch: str = "llama",
    meta: Mapping[str, str | int] | None = None,
    *,
    base_models: Sequence[Mapping[str, str]] = (),
    tokens: int = 8,
    endian: gguf.GGUFEndian = gguf.GGUFEndian.LITTLE,
) -> Path:
    """A tensor-less GGUF file with the given general.* keys, written by the real gguf package."""
    w = gguf.GGUFWriter(str(path), arch, endianess=endian)
    for key, value in (meta or {}).items():
        if isinstance(value, int):
            w.add_uint32(f"general.{key}", value)
        else:
            w.add_string(f"general.{key}", value)
    if base_models:
        w.add_base_model_count(len(base_models))
        for i, base in enumerate(base_models):
            for sub, value in base.items():
                w.add_string(f"general.base_model.{i}.{sub}", value)
    w.add_uint32(f"{arch}.context_length", 8192)
    w.add_string("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}")
    if tokens:
        w.add_array("tokenizer.ggml.tokens", [f"<t{i}>" for i in range(tokens)])
        w.add_array("tokenizer.ggml.scores", [float(i) for i in range(tokens)])
        w.add_array("tokenizer.ggml.token_type", [1] * tokens)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def gguf_bytes(tmp: Path, *args: Any, **kwargs: Any) -> bytes:
    """The bytes write_gguf would write (through a scratch file)."""
    return write_gguf(tmp, *args, **kwargs).read_bytes()


@dataclass
class StoreBuilder:
    """Writes an Ollama models directory: manifests/<host>/<ns>/<model>/<tag> and blobs/."""

    root: Path

    def __post_init__(self) -> None:
        (self.root / "manifests").mkdir(parents=True, exist_ok=True)
        (self.root / "blobs").mkdir(parents=True, exist_ok=True)

    def blob(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        (self.root / "blobs" / f"sha256-{digest}").write_bytes(data)
        return digest

    def manifest_path(self, name: str) -> Path:
        return manifest_path(self.root, name)

    def model(
        self,
        name: str,
        *,
        weights: bytes | None = None,
        weights_digest: str | None = None,
        config: Mapping[str, object] | None = None,
        license_text: str | Sequence[str] | None = None,
        template: str | None = "{{ .Prompt }}",
        system: str | None = None,
        params: Mapping[str, object] | None = None,
        parent: str | None = None,
    ) -> Path:
        """Write one model's blobs and manifest; returns the manifest path."""
        layers: list[dict[str, object]] = []
        if weights is not None or weights_digest is not None:
            digest = weights_digest or self.blob(weights or b"")
            blob = self.root / "blobs" / f"sha256-{digest}"
            size = blob.stat().st_size if blob.exists() else 0
            layer: dict[str, object] = {
                "mediaType": MEDIA + "model",
                "digest": f"sha256:{digest}",
                "size": size,
            }
            if parent:
                layer["from"] = parent
            layers.append(layer)
        texts: list[str] = []
        if isinstance(license_text, str):
            texts = [license_text]
        elif license_text is not None:
            texts = list(license_text)
        for kind, data in (
            ("template", template.encode() if template else None),
            ("system", system.encode() if system else None),
            *(("license", t.encode()) for t in texts),
            ("params", go_json(params) if params else None),
        ):
            if data is not None:
                layers.append(
                    {
                        "mediaType": MEDIA + kind,
                        "digest": f"sha256:{self.blob(data)}",
                        "size": len(data),
                    }
                )
        cfg = go_json(
            {
                "model_format": "gguf",
                "model_family": "llama",
                "model_families": ["llama"],
                "model_type": "8.0B",
                "file_type": "Q4_K_M",
                "architecture": "amd64",
                "os": "linux",
                **(config or {}),
            }
        )
        manifest = {
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA,
            "config": {
                "mediaType": CONFIG_MEDIA,
                "digest": f"sha256:{self.blob(cfg)}",
                "size": len(cfg),
            },
            "layers": layers,
        }
        path = self.manifest_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(go_json(manifest))
        return path


def manifest_path(root: Path, name: str) -> Path:
    """Where `name` lives under root/manifests (REFERENCE 2.3), without llmdeps code."""
    rest, _, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] else (name, "", "")
    parts = rest.split("/")
    if len(parts) == 1:
        parts = ["registry.ollama.ai", "library", *parts]
    elif len(parts) == 2:
        parts = ["registry.ollama.ai", *parts]
    return root.joinpath("manifests", *parts, tag or "latest")


def manifest_digest(path: Path) -> str:
    """What /api/tags reports: SHA-256 of the manifest file (computed here independently)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tags_from_store(root: Path) -> dict[str, object]:
    """An /api/tags body for a store, built without llmdeps code."""
    models = []
    for path in sorted((root / "manifests").glob("*/*/*/*")):
        host, ns, model, tag = path.relative_to(root / "manifests").parts
        if host == "registry.ollama.ai" and ns == "library":
            name = f"{model}:{tag}"
        elif host == "registry.ollama.ai":
            name = f"{ns}/{model}:{tag}"
        else:
            name = f"{host}/{ns}/{model}:{tag}"
        manifest = json.loads(path.read_bytes())
        config = json.loads(
            (root / "blobs" / manifest["config"]["digest"].replace(":", "-")).read_bytes()
        )
        parent = next(
            (la.get("from", "") for la in manifest["layers"] if la["mediaType"] == MEDIA + "model"),
            "",
        )
        models.append(
            {
                "name": name,
                "model": name,
                "modified_at": "2025-05-04T17:37:44.706015396-07:00",
                "size": manifest["config"]["size"] + sum(la["size"] for la in manifest["layers"]),
                "digest": manifest_digest(path),
                "details": {
                    "parent_model": parent,
                    "format": config["model_format"],
                    "family": config["model_family"],
                    "families": config["model_families"],
                    "parameter_size": config["model_type"],
                    "quantization_level": config["file_type"],
                },
            }
        )
    return {"models": models}


def go_quote(s: str) -> str:
    """An argument as Ollama's parser.Command.String quotes it (TEMPLATE, SYSTEM, LICENSE, ...)."""
    if "\n" in s or s.startswith(" ") or s.endswith(" "):
        return f'"""{s}"""' if '"' in s else f'"{s}"'
    return s


def blob_path(models_dir: str, digest: str) -> str:
    """A blob's path as the server prints it: OLLAMA_MODELS joined with blobs/sha256-<hex>."""
    sep = "\\" if "\\" in models_dir else "/"
    return f"{models_dir.rstrip(sep)}{sep}blobs{sep}sha256-{digest}"


def modelfile_from_store(root: Path, name: str, models_dir: str) -> str:
    """What `ollama show --modelfile` prints for one model of a store (GetModelInfo, Model.String).

    The header's `# FROM name` is a comment; `FROM` is the model blob's path under `models_dir` (the
    server's OLLAMA_MODELS, POSIX or Windows); the last model layer wins, as in GetModel. A model
    without a model layer gets an empty `FROM`, as a cloud model does.
    """
    manifest = json.loads(manifest_path(root, name).read_bytes())
    model_path = ""
    commands: list[str] = []
    licences: list[str] = []
    for layer in manifest["layers"]:
        digest = layer["digest"].removeprefix("sha256:")
        media = layer["mediaType"].removeprefix(MEDIA)
        blob = root / "blobs" / f"sha256-{digest}"
        if media == "model":
            model_path = blob_path(models_dir, digest)
        elif media in ("template", "system"):
            commands.append(f"{media.upper()} {go_quote(blob.read_text())}")
        elif media == "params":
            for key, value in json.loads(blob.read_bytes()).items():
                for v in value if isinstance(value, list) else [value]:
                    commands.append(f"PARAMETER {key} {go_quote(str(v))}")
        elif media == "license":
            licences.append(f"LICENSE {go_quote(blob.read_text())}")
    return (
        '# Modelfile generated by "ollama show"\n'
        "# To build a new Modelfile based on this, replace FROM with:\n"
        f"# FROM {name}\n\n" + "\n".join([f"FROM {model_path}", *commands, *licences]) + "\n"
    )


def show_from_store(root: Path, name: str, *, models_dir: str | None = None) -> dict[str, object]:
    """An /api/show body for one model of a store, using gguf.GGUFReader for model_info.

    With `models_dir` the `modelfile` is the one a server with that OLLAMA_MODELS prints (FROM the
    model blob's path); without it, a minimal `FROM <name>` text that names no blob.
    """
    tags = tags_from_store(root)["models"]
    assert isinstance(tags, list)
    entry = next(m for m in tags if m["name"] == name)
    manifest = json.loads(manifest_path(root, name).read_bytes())
    licences = []
    info: dict[str, object] = {}
    for layer in manifest["layers"]:
        blob = root / "blobs" / layer["digest"].replace(":", "-")
        if layer["mediaType"] == MEDIA + "license":
            licences.append(blob.read_text())
        if layer["mediaType"] == MEDIA + "model":
            reader = gguf.GGUFReader(str(blob))
            for key, fld in reader.fields.items():
                if key.startswith("GGUF.") or key in ("general.name", "tokenizer.chat_template"):
                    continue
                value = fld.contents()
                info[key] = [] if isinstance(value, list) and len(value) > 5 else value
    modelfile = (
        modelfile_from_store(root, name, models_dir)
        if models_dir is not None
        else f'# Modelfile generated by "ollama show"\nFROM {name}\n'
    )
    body: dict[str, object] = {
        "modelfile": modelfile,
        "details": entry["details"],
        "model_info": info,
        "capabilities": ["completion"],
        "modified_at": entry["modified_at"],
    }
    if licences:
        body["license"] = "\n".join(licences)
    return body


# --- fake server --------------------------------------------------------------------------------

Reply = tuple[int, bytes] | Callable[["Handler"], None]


@dataclass
class FakeOllama:
    """Routes and replies of a fake Ollama server, plus what it saw."""

    version: object = field(default_factory=lambda: {"version": "0.5.1"})
    tags: object = field(default_factory=lambda: {"models": []})
    shows: dict[str, object] = field(default_factory=dict)
    override: dict[str, Reply] = field(default_factory=dict)
    """`"GET /api/tags"` or `"POST /api/show llama3:latest"` -> (status, raw body) or a callable."""
    delay: dict[str, float] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    """(method, path, Host header) of every request."""
    bodies: list[object] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    """Serves a FakeOllama (set as the server's `fake` attribute)."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base class name
        """Quiet."""

    def send_json(self, status: int, body: bytes) -> None:
        self._done()  # the client may send its next request once this answer reaches it
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        with fake.lock:
            fake.requests.append((method, self.path, self.headers.get("Host", "")))
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        self._counted = True
        try:
            self._route(method, fake)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._done()

    def _done(self) -> None:
        """This request no longer counts as in flight (once, before its answer is written)."""
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.fake.lock:
                self.server.fake.in_flight -= 1

    def _route(self, method: str, fake: FakeOllama) -> None:
        key = f"{method} {self.path}"
        body: object = None
        if method == "POST":
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.loads(raw) if raw else None
            with fake.lock:
                fake.bodies.append(body)
            if isinstance(body, dict) and isinstance(body.get("model"), str):
                key = f"{key} {body['model']}"
        for k in (key, f"{method} {self.path}"):
            if k in fake.delay:
                time.sleep(fake.delay[k])
                break
        for k in (key, f"{method} {self.path}"):
            if k in fake.override:
                reply = fake.override[k]
                if callable(reply):
                    reply(self)
                else:
                    self.send_json(*reply)
                return
        if key == "GET /api/version":
            self.send_json(200, json.dumps(fake.version).encode())
        elif key == "GET /api/tags":
            self.send_json(200, json.dumps(fake.tags).encode())
        elif method == "POST" and self.path == "/api/show":
            name = body.get("model") if isinstance(body, dict) else None
            if isinstance(name, str) and name in fake.shows:
                self.send_json(200, json.dumps(fake.shows[name]).encode())
            else:
                self.send_json(404, json.dumps({"error": f"model '{name}' not found"}).encode())
        else:
            self.send_json(404, b"404 page not found")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs when 8 clients connect at once
    fake: FakeOllama

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-reply are part of the tests."""


@contextmanager
def serve(fake: FakeOllama) -> Iterator[str]:
    """Run the fake on 127.0.0.1:<free port> in a thread; yields its base URL."""
    server = _Server(("127.0.0.1", 0), Handler)
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


def refused_url() -> str:
    """A loopback URL whose port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def stream_garbage(total: int) -> Callable[[Handler], None]:
    """A reply that streams `total` bytes without a Content-Length (read until close)."""

    def reply(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b" " * 65536
        sent = 0
        h.wfile.write(b'{"models": [')
        while sent < total:
            h.wfile.write(chunk)
            sent += len(chunk)
        h.wfile.write(b"]}")
        h.close_connection = True

    return reply


def standard_store(root: Path) -> dict[str, Path]:
    """Three pulled models and one created FROM llama3.1:8b sharing its weights blob."""
    scratch = root.parent / f"{root.name}-scratch.gguf"
    b = StoreBuilder(root)
    llama = gguf_bytes(
        scratch,
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
                "repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B",
            }
        ],
    )
    nomic = gguf_bytes(
        scratch,
        "nomic-bert",
        {
            "name": "nomic-embed-text-v1.5",
            "organization": "Nomic AI",
            "license": "apache-2.0",
            "file_type": 1,
        },
    )
    hermes = gguf_bytes(
        scratch,
        "llama",
        {
            "organization": "NousResearch",
            "basename": "Hermes-3-Llama-3.1",
            "finetune": "",
            "license": "llama3",
            "version": "v1.0",
        },
        base_models=[{"name": "Llama 3.1 8B", "organization": "Meta Llama"}],
    )
    scratch.unlink()
    paths = {
        "llama3.1:8b": b.model(
            "llama3.1:8b",
            weights=llama,
            license_text=LLAMA31_LICENSE,
            params={"stop": ["<|eot_id|>"]},
        ),
        "nomic-embed-text:latest": b.model(
            "nomic-embed-text",
            weights=nomic,
            license_text=APACHE_LICENSE,
            config={
                "model_family": "nomic-bert",
                "model_families": ["nomic-bert"],
                "model_type": "137M",
                "file_type": "F16",
            },
            template=None,
        ),
        "hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M": b.model(
            "hf.co/NousResearch/Hermes-3-Llama-3.1-8B-GGUF:Q4_K_M", weights=hermes
        ),
    }
    llama_digest = hashlib.sha256(llama).hexdigest()
    paths["grant-writer:latest"] = b.model(
        "grant-writer",
        weights_digest=llama_digest,
        parent="llama3.1:8b",
        license_text=LLAMA31_LICENSE,
        template="{{ .System }} {{ .Prompt }}",
        system="You draft grant applications for a small NGO.",
    )
    return paths
