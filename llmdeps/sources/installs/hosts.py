"""When two install locations are one place: the address forms of one server, one directory.

A lock written against `127.0.0.1:11434` must be compared with a run against `localhost:11434`,
`http://[::1]:11434/`, `0.0.0.0:11434` or `http://localhost:11434/api` (issue 13, item 1): they
are one server. Loopback names are one host; a missing port is Ollama's 11434 (the readers
write every address with its port); a trailing `/` and an `/api` (Ollama) or `/v1` (OpenAI)
suffix are the client's spelling, not another server.
"""

from __future__ import annotations

import urllib.parse

from llmdeps.model import InstallLocation, LocationKind

_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "ip6-localhost"}
OLLAMA_PORT = 11434


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
