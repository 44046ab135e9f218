"""When two install locations are one place: the address forms of one server, one directory.

A lock written against `127.0.0.1:11434` must be compared with a run against `localhost:11434`,
`http://[::1]:11434/`, `0.0.0.0:11434` or `http://localhost:11434/api` (issue 13, item 1): they
are one server. Loopback names are one host; a missing port is Ollama's 11434 (the readers
write every address with its port); a trailing `/` and an `/api` (Ollama) or `/v1` (OpenAI)
suffix are the client's spelling, not another server.
"""

from __future__ import annotations

import ipaddress
import urllib.parse

from llmdeps.lazyre import lazy_compile
from llmdeps.model import InstallLocation, LocationKind

_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "ip6-localhost"}
OLLAMA_PORT = 11434
_UNSPECIFIED = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}
_HOST_NAME = lazy_compile(r"[A-Za-z0-9._-]+")


def normalize_server_url(value: str, *, bare_port: int, empty_host: str | None) -> str | None:
    """A server address as given (`--ollama-host`, `--openai-host`, an env var) ->
    `scheme://host:port[/path]`, None if it must not be dialled.

    No scheme means http and `bare_port`; `http://x` is port 80 and `https://x` 443; a bare IPv6
    address gets brackets; `:1234` is `empty_host` (None: refused); the unspecified bind
    addresses (`0.0.0.0`, `::`) become loopback, as clients do before connecting; a path prefix is
    kept without its `/`s. Credentials (`user:pw@`), whitespace, control characters, a query or
    fragment, another scheme or a bad port are refused: such a value is never dialled."""
    if any(c.isspace() or ord(c) < 0x20 for c in value) or "@" in value:
        return None
    scheme, sep, hostport = value.partition("://")
    port = bare_port
    if not sep:
        scheme, hostport = "http", value
    elif scheme.lower() == "http":
        port = 80
    elif scheme.lower() == "https":
        port = 443
    else:
        return None
    scheme = scheme.lower()
    # A bare IPv6 address (`::1`, `fe80::1`) has no brackets and would read as host:port.
    try:
        addr = ipaddress.ip_address(hostport)
    except ValueError:
        pass
    else:
        if isinstance(addr, ipaddress.IPv6Address):
            hostport = f"[{hostport}]"
    try:
        split = urllib.parse.urlsplit(f"{scheme}://{hostport}")
        host = split.hostname or empty_host
        port = split.port or port
    except ValueError:
        return None
    if not host or split.query or split.fragment or not 0 < port < 65536:
        return None
    try:
        if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address):
            host = f"[{host}]"
    except ValueError:
        if not _HOST_NAME.fullmatch(host):
            return None
    host = _UNSPECIFIED.get(host, host)
    path = split.path.strip("/")
    return f"{scheme}://{host}:{port}/{path}" if path else f"{scheme}://{host}:{port}"


def host_key(location: InstallLocation) -> str:
    """A string equal for every spelling of one location (a directory: its lock name)."""
    if location.kind is not LocationKind.SERVER:
        return f"{location.kind}:{location.where}"
    text = location.where.strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        split = urllib.parse.urlsplit(text)
        host = (split.hostname or "").lower()
        port = split.port
    except ValueError:
        return f"server:{location.where}"
    if host in _LOOPBACK or host.startswith("127.") or host.endswith(".localhost"):
        host = "loopback"
    scheme = split.scheme.lower()
    if port is None:
        port = OLLAMA_PORT  # the readers always write a port; a bare host is Ollama's shorthand
    path = split.path.rstrip("/")
    for suffix in ("/api", "/v1"):
        path = path.removesuffix(suffix)
    return f"server:{scheme}://{host}:{port}{path.rstrip('/')}"


def host_label(location: InstallLocation) -> str:
    """How `check` names a server it compared (`ollama:11434`), or a directory (its lock name)."""
    if location.kind is not LocationKind.SERVER:
        return location.where
    try:
        split = urllib.parse.urlsplit(location.where)
        return split.netloc + split.path.rstrip("/") or location.where
    except ValueError:
        return location.where
