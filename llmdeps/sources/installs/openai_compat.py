"""Models served by OpenAI-compatible servers: vLLM, llama.cpp, LM Studio, LocalAI, SGLang, TGI.

Per server `GET /v1/models` (every one of them wraps its items in `{"object": "list", "data":
[...]}`, REFERENCE 14), then at most one request for what that server adds, chosen by the
fingerprint of the listing (`owned_by` is the server's self-label, never the model's vendor):

* vLLM (`owned_by: "vllm"`): nothing more; `root` (the `--model` it loaded), `parent` (LoRA base)
  and `max_model_len` are in the listing.
* SGLang (`owned_by: "sglang"`): `GET /get_model_info` (on 404 `/model_info`) for `model_path`.
* llama.cpp (`owned_by: "llamacpp"`, or Ollama-style `models` next to `data`): `GET /props` for
  `model_path` and `n_ctx`.
* LM Studio (`owned_by: "organization_owner"`): `GET /api/v0/models` for publisher, arch, format,
  quantisation and context length.
* TGI (one item whose `owned_by` is its `id`, `created: 0`): `GET /info` for `model_id` and
  `model_sha` (a hub commit: a real pin).
* LocalAI (items without `owned_by`): nothing more; its ids are config names.

So a server costs 1 or 2 requests (3 for an SGLang without `/get_model_info`). No endpoint reports a
weights hash: the install's digest is the SHA-256 of what the server says it serves (name, server,
what it loaded, revision, quantisation), so "the server now serves another model under the same
name" is drift. A model path a server reports is recorded by its base name only: the lock never
holds a server's absolute path. Every field is optional and type-checked; the shared bounded
client (`http.py`) gives each request one total deadline, headers included.

An API key comes only from the environment variable the user names (`--openai-api-key-env
NAME`); it is sent as `Authorization: Bearer` and never printed, logged or stored.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llmdeps.errors import UsageError
from llmdeps.lazyre import lazy_compile
from llmdeps.model import Install, InstallLocation, LocationKind, Runtime, ScanWarning
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs import http
from llmdeps.sources.installs.hosts import normalize_server_url
from llmdeps.sources.secrets import looks_like_secret

if TYPE_CHECKING:  # the client is built by http.make_client, which imports it on first use
    import httpx

ENV_HOSTS = "LLMDEPS_OPENAI_HOSTS"
"""Comma-separated servers to read, added to each `--openai-host`."""
KEY_ENV_OPTION = "openai-api-key-env"
"""The `InstallOptions.locations` key that carries the name given to `--openai-api-key-env`."""
MAX_LIST_BYTES = 8 * 1024 * 1024
MAX_EXTRA_BYTES = 4 * 1024 * 1024
MAX_MODELS = 10_000
MAX_TEXT = 512
"""Characters kept of any string a server sends (ids, paths, labels)."""
TOTAL_TIMEOUT = 30.0
"""Per server: after this no further request is started."""

_HEX40 = lazy_compile(r"[0-9a-f]{40}")
_V1_SUFFIX = lazy_compile(r"/v1\Z")
_ENV_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")


# --- addresses --------------------------------------------------------------------------------


def parse_host(value: str) -> str | None:
    """One `--openai-host` value -> `scheme://host:port[/path]`, None if unusable.

    No scheme means http; no port means the scheme's (80, 443); a trailing `/` or `/v1` (the
    base URL an OpenAI client is given) is dropped; `0.0.0.0` and `::` become loopback. A value
    with credentials (`user:pw@`) or control characters is refused: it is never dialled.
    """
    value = value.strip().strip("\"'").strip()
    if not value:
        return None
    url = normalize_server_url(value, bare_port=80, empty_host=None)
    # the base URL an OpenAI client is given ends in /v1: the server is the part before it
    return None if url is None else _V1_SUFFIX.sub("", url)


def hosts_from(named: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """Each `--openai-host`, then each entry of LLMDEPS_OPENAI_HOSTS, as given (stripped)."""
    env = [h.strip() for h in environ.get(ENV_HOSTS, "").split(",") if h.strip()]
    out: list[str] = []
    for value in [*named, *env]:
        if value.strip() not in out:
            out.append(value.strip())
    return out


# --- one server -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Server:
    url: str
    client: httpx.Client
    deadline: float
    stop_at: float
    warnings: list[ScanWarning] = field(default_factory=list)
    requests: int = 0

    secret: str | None = None
    """The API key sent: a server that echoes it in an error never gets it into a warning."""

    def warn(self, reason: str) -> None:
        if self.secret:
            reason = reason.replace(self.secret, "***")
        # any other credential-shaped word a server sends back is masked too
        reason = " ".join("***" if looks_like_secret(w) else w for w in reason.split(" "))
        self.warnings.append(ScanWarning(self.url, reason))

    @property
    def location(self) -> InstallLocation:
        return InstallLocation(LocationKind.SERVER, self.url)

    def get(self, path: str, cap: int) -> object:
        if time.monotonic() > self.stop_at:
            raise http.Failed(f"GET {path}: skipped, the server took too long in total")
        self.requests += 1
        return http.request_json(self.client, "GET", path, cap, self.deadline)


@dataclass(slots=True)
class _Served:
    """One listed model and what the server's own routes add to it."""

    id: str
    server: str
    served_from: str | None = None
    parent: str | None = None
    revision: str | None = None
    context_length: int | None = None
    format: str | None = None
    quantization: str | None = None
    family: str | None = None
    publisher: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _text(value: object) -> str | None:
    """A string field, printable and cut to MAX_TEXT; None for anything else or empty."""
    if not isinstance(value, str) or not value.strip():
        return None
    return http.printable(value.strip()[:MAX_TEXT])


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**40:
        return None
    return value


def _file_name(path: str | None) -> str | None:
    """A model path as the lock may hold it: a hub id stays, a filesystem path is cut to its
    base name (no server's directories, no user names)."""
    if path is None:
        return None
    if path.startswith(("/", "./", "../", "~")) or "\\" in path or re.match(r"[A-Za-z]:", path):
        name = re.split(r"[\\/]", path.rstrip("/\\"))[-1]
        return name or None
    return path


def _fingerprint(data: Mapping[str, object], items: Sequence[Mapping[str, object]]) -> str:
    # a non-string label (a lying server) is no server's fingerprint
    owners = {
        o if o is None or isinstance(o, str) else "?" for o in (i.get("owned_by") for i in items)
    }
    if owners == {"vllm"}:
        return "vllm"
    if owners == {"sglang"}:
        return "sglang"
    if owners == {"llamacpp"} or isinstance(data.get("models"), list):
        return "llama.cpp"
    if owners == {"organization_owner"}:
        return "lmstudio"
    model_id = items[0].get("id") if len(items) == 1 else None
    if isinstance(model_id, str) and items[0].get("created") == 0 and owners == {model_id}:
        return "tgi"
    if owners == {None}:
        return "localai"
    if owners and all(isinstance(o, str) and o in ("library", "ollama") for o in owners):
        return "ollama"
    return "openai-compatible"


def _listing(server: _Server, data: object) -> list[_Served]:
    if not isinstance(data, dict):
        raise http.Failed("GET /v1/models: not a JSON object")
    raw = data.get("data")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise http.Failed("GET /v1/models: data is not a list")
    if len(raw) > MAX_MODELS:
        server.warn(f"GET /v1/models: more than {MAX_MODELS} models, the rest skipped")
        raw = raw[:MAX_MODELS]
    items = [i for i in raw if isinstance(i, dict)]
    if len(items) < len(raw):
        server.warn(f"GET /v1/models: {len(raw) - len(items)} entries are not objects, skipped")
    kind = _fingerprint(data, items)
    out: list[_Served] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        model_id = _text(item.get("id"))
        if model_id is None:
            server.warn(f"GET /v1/models data[{i}]: no model id, skipped")
            continue
        if model_id in seen:
            continue
        seen.add(model_id)
        served = _Served(model_id, kind)
        if kind in ("vllm", "sglang"):
            served.served_from = _file_name(_text(item.get("root")))
            parent = _text(item.get("parent"))
            served.parent = _file_name(parent)
            served.context_length = _count(item.get("max_model_len"))
        if kind == "llama.cpp":
            meta = item.get("meta")
            if isinstance(meta, dict):
                served.context_length = _count(meta.get("n_ctx_train"))
        out.append(served)
    return out


def _props(server: _Server, served: list[_Served]) -> None:
    """llama.cpp: `/props` names the model file and the alias it is served as."""
    data = server.get("/props", MAX_EXTRA_BYTES)
    if not isinstance(data, dict):
        raise http.Failed("GET /props: not a JSON object")
    path = _file_name(_text(data.get("model_path")))
    settings = data.get("default_generation_settings")
    n_ctx = _count(settings.get("n_ctx")) if isinstance(settings, dict) else None
    for s in served:
        if len(served) == 1 or s.id in (path, _text(data.get("model_alias"))):
            s.served_from = s.served_from or path
            s.context_length = n_ctx or s.context_length
            if path and path.lower().endswith(".gguf"):
                s.format = "gguf"


def _sglang(server: _Server, served: list[_Served]) -> None:
    """SGLang: `/get_model_info` (renamed `/model_info` later; the old one may be gone)."""
    try:
        data = server.get("/get_model_info", MAX_EXTRA_BYTES)
    except http.Failed as e:
        if "HTTP 404" not in str(e):
            raise
        data = server.get("/model_info", MAX_EXTRA_BYTES)
    if not isinstance(data, dict):
        raise http.Failed("GET /get_model_info: not a JSON object")
    path = _file_name(_text(data.get("model_path")))
    weight_version = _text(data.get("weight_version"))
    for s in served:
        s.served_from = s.served_from or path
        if weight_version:
            s.extra["weight_version"] = weight_version


def _lmstudio(server: _Server, served: list[_Served]) -> None:
    """LM Studio: `/api/v0/models` gives publisher, architecture, format and quantisation."""
    data = server.get("/api/v0/models", MAX_EXTRA_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise http.Failed("GET /api/v0/models: not a model list")
    by_id = {s.id: s for s in served}
    for item in data["data"]:
        if not isinstance(item, dict):
            continue
        s = by_id.get(_text(item.get("id")) or "")
        if s is None:
            continue
        s.publisher = _text(item.get("publisher"))
        s.family = _text(item.get("arch"))
        s.format = _text(item.get("compatibility_type"))
        s.quantization = _text(item.get("quantization"))
        s.context_length = _count(item.get("max_context_length"))
        if s.publisher:
            s.served_from = f"{s.publisher}/{s.id}"


def _tgi(server: _Server, served: list[_Served]) -> None:
    """TGI: `/info` names the hub model and the commit it serves (a real pin)."""
    data = server.get("/info", MAX_EXTRA_BYTES)
    if not isinstance(data, dict):
        raise http.Failed("GET /info: not a JSON object")
    sha = _text(data.get("model_sha"))
    for s in served:
        s.served_from = _file_name(_text(data.get("model_id"))) or s.served_from
        s.revision = sha.lower() if sha and _HEX40.fullmatch(sha.lower()) else None
        s.context_length = _count(data.get("max_total_tokens"))


_EXTRA = {"llama.cpp": _props, "sglang": _sglang, "lmstudio": _lmstudio, "tgi": _tgi}


def served_digest(s: _Served) -> str:
    """The SHA-256 of what the server says it serves under this name: the install's identity."""
    lines = [
        f"{key}\t{value}"
        for key, value in (
            ("id", s.id),
            ("server", s.server),
            ("served_from", s.served_from),
            ("parent", s.parent),
            ("revision", s.revision),
            ("format", s.format),
            ("quantization", s.quantization),
            *sorted(s.extra.items()),
        )
        if value
    ]
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def _install(server: _Server, s: _Served) -> Install:
    return Install(
        name=s.id,
        runtime=Runtime.OPENAI_COMPATIBLE,
        location=server.location,
        digest=served_digest(s),
        format=s.format,
        family=s.family,
        quantization=s.quantization,
        parent_model=s.parent,
        revision=s.revision,
        server=s.server,
        served_from=s.served_from,
        context_length=s.context_length,
    )


def _read(server: _Server) -> list[Install] | None | http.Failed:
    """The server's installs; None when it does not answer at all; the failure otherwise."""
    try:
        served = _listing(server, server.get("/v1/models", MAX_LIST_BYTES))
    except http.Unreachable:
        return None
    except http.Failed as e:
        return e
    extra = _EXTRA.get(served[0].server) if served else None
    if extra is not None:
        try:
            extra(server, served)
        except http.Unreachable:
            server.warn(f"{served[0].server} details: no answer (timeout or connection lost)")
        except http.Failed as e:
            server.warn(str(e))
    return [_install(server, s) for s in served]


def collect_servers(
    hosts: Sequence[str],
    *,
    api_key: str | None = None,
    connect_timeout: float = http.CONNECT_TIMEOUT,
    read_timeout: float = http.READ_TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> InstallScan:
    """Ask each server what it serves (1 or 2 requests per server)."""
    warnings: list[ScanWarning] = []
    servers: list[_Server] = []
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else None
    for host in hosts:
        url = parse_host(host)
        if url is None:
            warnings.append(
                ScanWarning(http.printable(_redact(host)), "not a usable server address, skipped")
            )
            continue
        if any(s.url == url for s in servers):
            continue
        client = http.make_client(
            url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_in_flight=2,
            transport=transport,
            headers=headers,
        )
        servers.append(
            _Server(
                url,
                client,
                max(read_timeout * 2, 1.0),
                time.monotonic() + total_timeout,
                secret=api_key,
            )
        )
    installs: list[Install] = []
    read: list[InstallLocation] = []
    unreachable: list[InstallLocation] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(http.MAX_IN_FLIGHT, len(servers)))) as pool:
            results = list(pool.map(_read, servers))
    finally:
        for server in servers:
            server.client.close()
    for server, result in zip(servers, results, strict=True):
        if result is None:
            unreachable.append(server.location)
        elif isinstance(result, http.Failed):
            server.warn(str(result))
        else:
            read.append(server.location)
            installs.extend(result)
        warnings.extend(server.warnings)
    return InstallScan(
        installs=tuple(sorted(installs, key=lambda i: (i.location.where, i.name))),
        warnings=tuple(warnings),
        read=tuple(read),
        unreachable=tuple(unreachable),
        tried=tuple(s.location for s in servers),
    )


def _redact(value: str) -> str:
    scheme, sep, rest = value.partition("://")
    authority, slash, path = rest.partition("/") if sep else value.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}{sep}{authority}{slash}{path}" if sep else f"{authority}{slash}{path}"


def api_key(options: InstallOptions) -> tuple[str | None, list[ScanWarning]]:
    """The key from the variable the user named, if any; a named variable that is unset is a
    warning naming the variable (never a value)."""
    names = options.locations.get(KEY_ENV_OPTION, ())
    if not names:
        return None, []
    name = names[-1]
    if not _ENV_NAME.fullmatch(name):
        raise UsageError(f"--openai-api-key-env {http.printable(name)!r}: not a variable name")
    value = options.environ.get(name, "").strip()
    if not value:
        return None, [ScanWarning(f"${name}", "API key variable is not set; asked without a key")]
    return value, []


class OpenAIServers:
    """Models OpenAI-compatible servers serve: each `--openai-host` and LLMDEPS_OPENAI_HOSTS."""

    name = "openai-server"
    runtime = Runtime.OPENAI_COMPATIBLE
    kind = LocationKind.SERVER
    label = "the OpenAI-compatible server"
    serves = (
        Runtime.OPENAI_COMPATIBLE,
        Runtime.VLLM,
        Runtime.HUGGINGFACE,
        Runtime.LMSTUDIO,
        Runtime.OPENAI,
        Runtime.UNKNOWN,
    )
    """An OpenAI client pointed at a server sends it any name: code of these runtimes may be
    served here."""
    native = (Runtime.OPENAI_COMPATIBLE, Runtime.VLLM)
    """Only these are `installed: false` when no server read serves them."""

    def collect(self, options: InstallOptions) -> InstallScan:
        """Ask every server; a named host that is not an address is a UsageError."""
        named = options.locations.get(self.name, ())
        for host in named:
            if parse_host(host) is None:
                raise UsageError(
                    f"--openai-host {http.printable(_redact(host))!r}: not a usable server address "
                    "(host:port or http(s)://host[:port][/path], no credentials)"
                )
        hosts = hosts_from(named, options.environ)
        if not hosts:
            return InstallScan()
        key, warnings = api_key(options)
        scan = collect_servers(hosts, api_key=key)
        return InstallScan(
            installs=scan.installs,
            warnings=(*warnings, *scan.warnings),
            read=scan.read,
            unreachable=scan.unreachable,
            tried=scan.tried,
        )

    def same_model(self, wanted: str, install: Install) -> bool:
        """The served name, or what it was loaded from (a hub id), in any case."""
        wanted = wanted.strip().lower()
        names = {install.name.lower()}
        if install.served_from:
            names.add(install.served_from.lower())
        return wanted in names
