"""Installed models from Ollama servers over HTTP (REFERENCE 1).

Per server: `GET /api/version`, `GET /api/tags`, `GET /api/ps` (what is loaded in memory now),
then one `POST /api/show` per model, so N models cost N + 3 requests. Timeouts are short
(connect 1 s, read 5 s, plus a total deadline per response), at most 8 requests are in flight
across all servers, and bodies are streamed and cut off at a size cap. Every field is optional and
type-checked: a server is untrusted input. A server that refuses or times out is `unreachable` (the
CLI prints one line); other failures are
warnings naming the host.

`digest` is the manifest digest from /api/tags. `weights_digest` (the `…image.model` layer, as the
store reader reports it) is not a field of any reply: it is read from the first `FROM` of
/api/show's `modelfile` (the `ollama show --modelfile` text), which names the model blob's path in
the server's store, `…/blobs/sha256-<64 hex>` (REFERENCE 1.4, 2.7, 2.8), so it equals the store
reader's value for the same model and "same tag, new weights" is visible for servers as for
stores. Anything else there (a model name, a safetensors directory, the empty `FROM` of a cloud
model, no modelfile) leaves it None without a warning; a `modelfile` that is not a string gets
the usual "not a string, dropped" warning.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llmdeps.lazyre import lazy_compile

if TYPE_CHECKING:  # imported when a server is asked (~0.25 s): a --no-ollama run never pays it
    import httpx

from llmdeps.model import (
    GgufInfo,
    Install,
    InstallLocation,
    LoadedModel,
    LocationKind,
    Runtime,
    ScanWarning,
)
from llmdeps.sources.base import InstallScan
from llmdeps.sources.installs import http
from llmdeps.sources.installs.gguf import info_from_values
from llmdeps.sources.installs.hosts import normalize_server_url
from llmdeps.sources.installs.licenses import license_id_from_text
from llmdeps.sources.installs.ollama.names import name_like, parse_name
from llmdeps.sources.secrets import mask_credentials

DEFAULT_HOST = "http://127.0.0.1:11434"
DEFAULT_PORT = 11434
CONNECT_TIMEOUT = http.CONNECT_TIMEOUT
READ_TIMEOUT = http.READ_TIMEOUT
MAX_IN_FLIGHT = http.MAX_IN_FLIGHT
TOTAL_TIMEOUT = 60.0  # per server: a slow-walking server cannot hold the scan for N x timeout
MAX_TAGS_BYTES = 16 * 1024 * 1024
MAX_SHOW_BYTES = 4 * 1024 * 1024
MAX_VERSION_BYTES = 64 * 1024
MAX_PS_BYTES = 4 * 1024 * 1024
MAX_LOADED = 1_000
MAX_MODELFILE_HEAD = 64 * 1024
"""Characters of `modelfile` searched for the first `FROM`: it follows three comment lines."""

_HEX64 = lazy_compile(r"[0-9a-f]{64}")
# A blob file name as the server accepts it (GetBlobsPath): `sha256-` or `sha256:` + 64 hex.
_BLOB_NAME = lazy_compile(r"sha256[-:]([0-9a-fA-F]{64})")


# --- OLLAMA_HOST ------------------------------------------------------------------------------


def parse_host(value: str) -> str | None:
    """One OLLAMA_HOST / --ollama-host value -> `scheme://host:port[/path]`, None if unusable.

    Follows ollama-python `_parse_host` (REFERENCE 1.1): no scheme -> http and port 11434,
    `http://x` -> 80, `https://x` -> 443, `:1234` -> 127.0.0.1, bare IPv6 gets brackets, a path
    prefix is kept without its trailing `/`. Unspecified bind addresses (`0.0.0.0`, `::`) are
    mapped to loopback, as the Go client does before connecting.
    """
    value = value.strip().strip("\"'").strip()
    if not value:
        return DEFAULT_HOST
    return normalize_server_url(value, bare_port=DEFAULT_PORT, empty_host="127.0.0.1")


def resolve_hosts(hosts: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """The servers to ask: each --ollama-host, then OLLAMA_HOST (or the default); deduped, ordered.

    A value that is not a usable address is kept as given (stripped) so that `collect_api` turns it
    into a warning naming it instead of dialling anything.
    """
    out: list[str] = []
    for value in [*hosts, environ.get("OLLAMA_HOST", "")]:
        resolved = parse_host(value)
        item = resolved if resolved is not None else value.strip()
        if item not in out:
            out.append(item)
    return out


# --- HTTP -------------------------------------------------------------------------------------


_Unreachable = http.Unreachable
_Failed = http.Failed


@dataclass(slots=True)
class _Server:
    url: str
    client: httpx.Client
    deadline: float
    """Seconds one response may take in total (a byte every few seconds is not an answer)."""
    stop_at: float
    """Monotonic time after which no new /api/show is started for this server."""
    warnings: list[ScanWarning] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    loaded: list[LoadedModel] = field(default_factory=list)

    def warn(self, reason: str) -> None:
        self.warnings.append(ScanWarning(self.url, reason))

    @property
    def location(self) -> InstallLocation:
        return InstallLocation(LocationKind.SERVER, self.url)


_printable = http.printable


def redact(value: str) -> str:
    """A host value fit for a warning: credentials (`user:pw@`, also with a `/` in the password)
    masked, no control characters."""
    return _printable(mask_credentials(value))


def _request(
    server: _Server, method: str, path: str, cap: int, body: dict[str, str] | None = None
) -> object:
    """One request; the JSON body, size-capped, all of it within the server's deadline."""
    what = f"{method} {path}" + (f" {body['model']}" if body else "")
    return http.request_json(
        server.client, method, path, cap, server.deadline, what=what, body=body
    )


# --- parsing ----------------------------------------------------------------------------------


def weights_digest_from_modelfile(text: str) -> str | None:
    """The model blob digest (64 lower-case hex) named by `ollama show --modelfile` text, or None.

    The server writes comment lines (among them `# FROM name:tag`, to be ignored), then
    `FROM <ModelPath>` as the first instruction, unquoted; projector, draft and extra-model paths
    come later as further `FROM`/`DRAFT` lines. Only that first instruction counts, so a `FROM`
    inside a TEMPLATE or SYSTEM text never does. Its path must have a directory part (`/` or `\\`:
    a bare `sha256:<hex>` is also a model name) and a last component that is exactly `sha256-` or
    `sha256:` + 64 hex, as blob file names are. Only the first MAX_MODELFILE_HEAD characters
    are searched.
    """
    head = text[:MAX_MODELFILE_HEAD]
    pos = 0
    while pos < len(head):
        end = head.find("\n", pos)
        if end < 0:
            if len(text) > len(head):
                return None  # the line goes on past the head: never judge a cut path
            end = len(head)
        line = head[pos:end].strip()
        pos = end + 1
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if parts[0].upper() != "FROM" or len(parts) < 2:
            return None
        path = parts[1].strip()
        if len(path) >= 2 and path[0] == path[-1] == '"':
            path = path[1:-1].strip()
        cut = max(path.rfind("/"), path.rfind("\\"))
        if cut < 0:
            return None
        m = _BLOB_NAME.fullmatch(path[cut + 1 :])
        return m.group(1).lower() if m else None
    return None


def _opt_str(server: _Server, obj: Mapping[str, object], key: str, where: str) -> str | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, str):
        server.warn(f"{where}: field {key} is not a string, dropped")
        return None
    return v or None


def _opt_strs(server: _Server, obj: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    v = obj.get(key)
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        server.warn(f"{where}: field {key} is not a list of strings, dropped")
        return ()
    return tuple(x for x in v if isinstance(x, str))


@dataclass(slots=True)
class _Entry:
    """One /api/tags model plus what /api/show adds."""

    fields: dict[str, object]


def _details(server: _Server, obj: Mapping[str, object], where: str) -> dict[str, object]:
    d = obj.get("details")
    if d is None:
        return {}
    if not isinstance(d, dict):
        server.warn(f"{where}: field details is not an object, dropped")
        return {}
    return {
        "format": _opt_str(server, d, "format", where),
        "family": _opt_str(server, d, "family", where),
        "families": _opt_strs(server, d, "families", where),
        "parameter_size": _opt_str(server, d, "parameter_size", where),
        "quantization": _opt_str(server, d, "quantization_level", where),
        "parent_model": name_like(_opt_str(server, d, "parent_model", where)),
    }


def _parse_tags(server: _Server, data: object) -> list[_Entry]:
    if not isinstance(data, dict):
        raise _Failed("GET /api/tags: not a JSON object")
    models = data.get("models")
    if models is None:
        return []
    if not isinstance(models, list):
        raise _Failed("GET /api/tags: models is not a list")
    entries: list[_Entry] = []
    seen: set[str] = set()
    for i, m in enumerate(models):
        where = f"/api/tags models[{i}]"
        if not isinstance(m, dict):
            server.warn(f"{where}: not an object, skipped")
            continue
        raw = m.get("model") if isinstance(m.get("model"), str) else m.get("name")
        name = parse_name(raw) if isinstance(raw, str) else None
        if name is None:
            server.warn(f"{where}: no valid model name, skipped")
            continue
        where = f"/api/tags {name.display}"
        digest = m.get("digest")
        if isinstance(digest, str):
            digest = digest.removeprefix("sha256:").lower()
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            server.warn(f"{where}: no valid digest, skipped")
            continue
        if name.display in seen:
            continue
        seen.add(name.display)
        size = m.get("size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            server.warn(f"{where}: field size is not a byte count, dropped")
            size = None
        fields: dict[str, object] = {
            "name": name.display,
            "digest": digest,
            "size": size,
            "modified_at": _opt_str(server, m, "modified_at", where),
            "remote_host": _opt_str(server, m, "remote_host", where),
            "capabilities": _opt_strs(server, m, "capabilities", where),
        }
        fields.update({k: v for k, v in _details(server, m, where).items() if v})
        entries.append(_Entry(fields))
    return entries


def _apply_show(server: _Server, entry: _Entry, data: object) -> None:
    name = entry.fields["name"]
    where = f"/api/show {name}"
    if not isinstance(data, dict):
        server.warn(f"{where}: not a JSON object")
        return
    f = entry.fields
    for key, value in _details(server, data, where).items():
        if value and not f.get(key):
            f[key] = value
    lic = _opt_str(server, data, "license", where)
    if lic:
        f["license_id"] = license_id_from_text(lic)
        f["license_text_digest"] = hashlib.sha256(lic.encode("utf-8")).hexdigest()
    caps = _opt_strs(server, data, "capabilities", where)
    if caps:
        f["capabilities"] = caps
    modelfile = _opt_str(server, data, "modelfile", where)
    weights = weights_digest_from_modelfile(modelfile) if modelfile else None
    if weights:
        f["weights_digest"] = weights
    remote = _opt_str(server, data, "remote_host", where)
    if remote and not f.get("remote_host"):
        f["remote_host"] = remote
    info = data.get("model_info")
    if info is not None and not isinstance(info, dict):
        server.warn(f"{where}: field model_info is not an object, dropped")
    elif info:
        general = {k: v for k, v in info.items() if isinstance(k, str) and k.startswith("general.")}
        if general:
            # Ollama deletes general.name from model_info (GetModelInfo), so name stays None.
            f["gguf"] = info_from_values(general)


def _install(server: _Server, entry: _Entry) -> Install:
    f = entry.fields

    def s(key: str) -> str | None:
        v = f.get(key)
        return v if isinstance(v, str) and v else None

    def t(key: str) -> tuple[str, ...]:
        v = f.get(key)
        return tuple(x for x in v if isinstance(x, str)) if isinstance(v, tuple) else ()

    size = f.get("size")
    gguf = f.get("gguf")
    return Install(
        name=str(f["name"]),
        runtime=Runtime.OLLAMA,
        location=server.location,
        digest=str(f["digest"]),
        # From the modelfile's FROM blob path; None when /api/show did not name a blob.
        weights_digest=s("weights_digest"),
        size=size if isinstance(size, int) else None,
        format=s("format"),
        family=s("family"),
        families=t("families"),
        parameter_size=s("parameter_size"),
        quantization=s("quantization"),
        parent_model=s("parent_model"),
        license_text_digest=s("license_text_digest"),
        license_id=s("license_id"),
        capabilities=t("capabilities"),
        remote_host=s("remote_host"),
        gguf=gguf if isinstance(gguf, GgufInfo) else None,
        modified_at=s("modified_at"),
    )


def _parse_ps(server: _Server, data: object) -> None:
    """`/api/ps`: each loaded model's name, manifest digest and expiry (REFERENCE 1.5)."""
    if not isinstance(data, dict):
        server.warn("GET /api/ps: not a JSON object")
        return
    models = data.get("models")
    if models is None:
        return
    if not isinstance(models, list):
        server.warn("GET /api/ps: models is not a list")
        return
    for i, m in enumerate(models[:MAX_LOADED]):
        where = f"/api/ps models[{i}]"
        if not isinstance(m, dict):
            server.warn(f"{where}: not an object, skipped")
            continue
        raw = m.get("model") if isinstance(m.get("model"), str) else m.get("name")
        name = parse_name(raw) if isinstance(raw, str) else None
        digest = m.get("digest")
        if isinstance(digest, str):
            digest = digest.removeprefix("sha256:").lower()
        if name is None or not isinstance(digest, str) or not _HEX64.fullmatch(digest):
            server.warn(f"{where}: no valid model name or digest, skipped")
            continue
        expires = _opt_str(server, m, "expires_at", where)
        vram, ctx = m.get("size_vram"), m.get("context_length")
        server.loaded.append(
            LoadedModel(
                name=name.display,
                location=server.location,
                digest=digest,
                expires_at=_printable(expires[:64]) if expires else None,
                size_vram=vram if isinstance(vram, int) and not isinstance(vram, bool) else None,
                context_length=ctx if isinstance(ctx, int) and not isinstance(ctx, bool) else None,
            )
        )


def _ps(server: _Server) -> None:
    """What the server holds in memory now; a server without the route (404) says nothing."""
    try:
        _parse_ps(server, _request(server, "GET", "/api/ps", MAX_PS_BYTES))
    except _Unreachable:
        server.warn("GET /api/ps: no answer (timeout or connection lost)")
    except _Failed as e:
        if "HTTP 404" not in str(e):
            server.warn(str(e))


def _list_server(server: _Server) -> list[_Entry] | None | _Failed:
    """Version and tags: the entries, None when the server does not answer, or the failure."""
    try:
        version = _request(server, "GET", "/api/version", MAX_VERSION_BYTES)
        if not isinstance(version, dict) or not isinstance(version.get("version"), str):
            server.warn("GET /api/version: no version string")
    except _Unreachable:
        return None
    except _Failed as e:
        # Servers before /api/version existed still list their models.
        server.warn(str(e))
    try:
        entries = _parse_tags(server, _request(server, "GET", "/api/tags", MAX_TAGS_BYTES))
    except _Unreachable:
        return _Failed("GET /api/tags: no answer (timeout or connection lost)")
    except _Failed as e:
        return e
    _ps(server)
    return entries


def _show(server: _Server, entry: _Entry) -> None:
    name = str(entry.fields["name"])
    if time.monotonic() > server.stop_at:
        server.skipped.append(name)
        return
    body = {"model": name, "name": name}
    try:
        try:
            data = _request(server, "POST", "/api/show", MAX_SHOW_BYTES, body)
        except _Unreachable as e:
            if not e.connect:
                raise
            # The server answered a moment ago: a failed connect now is a full accept queue
            # (8 connects at once), not a dead server. Retry once; nothing was sent.
            data = _request(server, "POST", "/api/show", MAX_SHOW_BYTES, body)
    except _Unreachable:
        server.warn(f"POST /api/show {name}: no answer (timeout or connection lost)")
        return
    except _Failed as e:
        server.warn(str(e))
        return
    _apply_show(server, entry, data)


def collect_api(
    hosts: Sequence[str],
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    max_in_flight: int = MAX_IN_FLIGHT,
    total_timeout: float = TOTAL_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> InstallScan:
    """Ask each server for its installed models (N + 2 requests for N models per server)."""

    warnings: list[ScanWarning] = []
    servers: list[_Server] = []
    for host in hosts:
        url = parse_host(host) if host else None
        if url is None:
            warnings.append(ScanWarning(redact(host), "not a usable Ollama host address, skipped"))
            continue
        if any(s.url == url for s in servers):
            continue
        client = http.make_client(
            url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_in_flight=max_in_flight,
            transport=transport,
        )
        servers.append(
            _Server(
                url,
                client,
                deadline=max(read_timeout * 2, 1.0),
                stop_at=time.monotonic() + total_timeout,
            )
        )
    unreachable: list[InstallLocation] = []
    installs: list[Install] = []
    read: list[InstallLocation] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, max_in_flight)) as pool:
            listings = list(pool.map(_list_server, servers))
            jobs = [
                pool.submit(_show, server, entry)
                for server, entries in zip(servers, listings, strict=True)
                if isinstance(entries, list)
                for entry in entries
            ]
            for job in jobs:
                job.result()
        for server, entries in zip(servers, listings, strict=True):
            if entries is None:
                unreachable.append(server.location)
            elif isinstance(entries, _Failed):
                server.warn(str(entries))
            else:
                read.append(server.location)
                installs.extend(_install(server, e) for e in entries)
    finally:
        for server in servers:
            server.client.close()
    for server in servers:
        if server.skipped:
            server.warn(
                f"POST /api/show skipped for {len(server.skipped)} models: the server took "
                f"longer than {total_timeout:g} s in total"
            )
        warnings.extend(server.warnings)
    return InstallScan(
        loaded=tuple(m for server in servers for m in server.loaded),
        installs=tuple(installs),
        warnings=tuple(warnings),
        read=tuple(read),
        unreachable=tuple(unreachable),
        tried=tuple(InstallLocation(LocationKind.SERVER, host) for host in hosts),
    )
