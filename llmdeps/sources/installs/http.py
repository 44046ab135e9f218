"""The bounded HTTP client every server-reading install source uses (Ollama, OpenAI-compatible).

A server is untrusted input and must not stall a scan (issue 11 item 6): each request has one
total deadline that covers connecting, sending, the response headers and the body. httpx has
per-read timeouts only, so a server that sends its headers one byte per second would never trip
them; here the socket itself is bounded: the network backend under httpcore gives every connect
and read the time left before the request's deadline, and a read past it fails at once. Bodies
are streamed and cut off at a size cap, a declared Content-Length over it is refused unread, and
redirects are not followed.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import threading
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a request is made: a scan that asks no server starts without it
    import httpx

CONNECT_TIMEOUT = 1.0
READ_TIMEOUT = 5.0
MAX_IN_FLIGHT = 8


class Unreachable(Exception):
    """Connection refused or timed out."""

    def __init__(self, what: str, *, connect: bool) -> None:
        super().__init__(what)
        self.connect = connect


class Failed(Exception):
    """A reply that could not be used; the message becomes a warning."""


_local = threading.local()


def _remaining(timeout: float | None) -> float | None:
    """The socket timeout for the next operation: the caller's, cut to the deadline's rest."""
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise _deadline_error()
    return left if timeout is None else min(timeout, left)


def _deadline_error() -> Exception:
    return _classes()[0]("the request's total deadline passed")


@functools.cache
def _classes() -> tuple[type[Exception], type[Any]]:
    """The deadline error and backend, built on first use: httpcore is imported only when a
    server is asked (the CLI starts without it, as httpx defers it too)."""
    import httpcore

    class DeadlineExceeded(httpcore.ReadTimeout):
        """The request's total deadline passed while the socket was still being read."""

    class _Stream(httpcore.NetworkStream):
        """A socket whose every read and write stops at the current request's deadline."""

        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            try:
                return self._inner.read(max_bytes, _remaining(timeout))
            except httpcore.ReadTimeout:
                deadline: float | None = getattr(_local, "deadline", None)
                if deadline is not None and time.monotonic() >= deadline - 0.01:
                    raise DeadlineExceeded("the request's total deadline passed") from None
                raise

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, _remaining(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(
            self,
            ssl_context: Any,
            server_hostname: str | None = None,
            timeout: float | None = None,
        ) -> httpcore.NetworkStream:
            inner = self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout))
            return _Stream(inner)

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class _Backend(httpcore.NetworkBackend):
        """The default socket backend, with every stream bounded by the request's deadline."""

        def __init__(self, inner: httpcore.NetworkBackend) -> None:
            self._inner = inner

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            stream = self._inner.connect_tcp(
                host, port, _remaining(timeout), local_address, socket_options
            )
            return _Stream(stream)

        def connect_unix_socket(
            self,
            path: str,
            timeout: float | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            return _Stream(
                self._inner.connect_unix_socket(path, _remaining(timeout), socket_options)
            )

        def sleep(self, seconds: float) -> None:
            self._inner.sleep(seconds)

    return DeadlineExceeded, _Backend


def _bound(transport: object) -> None:
    """Put the deadline-keeping backend under an httpx transport's connection pool (direct, HTTP
    or SOCKS proxy: httpcore's pools all keep theirs in `_network_backend`)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    bounded = _classes()[1]
    if backend is not None and not isinstance(backend, bounded):
        pool._network_backend = bounded(backend)  # type: ignore[union-attr]


def is_loopback(url: str) -> bool:
    """Whether a URL names this machine (`localhost`, 127.0.0.0/8, `::1`)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_client(
    url: str,
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    max_in_flight: int = MAX_IN_FLIGHT,
    transport: httpx.BaseTransport | None = None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Client:
    """A client for one server: short timeouts, capped connections, no redirects, no proxy for
    loopback, and (on real sockets) a total deadline per request through `request_json`."""
    import httpx

    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    limits = httpx.Limits(max_connections=max_in_flight)
    # Plain http needs no CA bundle (loading it costs ~200 ms); https verifies as usual.
    verify = url.startswith("https:")
    client = httpx.Client(
        base_url=url,
        timeout=timeout,
        transport=transport,
        # A proxy in the environment must not see loopback traffic; remote hosts may need one.
        trust_env=not is_loopback(url),
        verify=verify,
        follow_redirects=False,
        limits=limits,
        headers={"Accept": "application/json", "User-Agent": "llmdeps", **(headers or {})},
    )
    if transport is None:
        # httpx built the transport (and one per proxy the environment names for a remote host:
        # it reads them only when no transport is passed); bound each one's sockets.
        _bound(client._transport)
        for mounted in client._mounts.values():
            _bound(mounted)
    return client


def printable(text: str) -> str:
    """Server text in a warning: no control characters (terminal escapes) survive."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _error_detail(data: bytes) -> str:
    """`: <message>` from an error body in the Ollama (`{"error": "..."}`) or OpenAI
    (`{"error": {"message": "..."}}`) shape, else nothing."""
    try:
        err = json.loads(data)
    except (ValueError, RecursionError):
        return ""
    if not isinstance(err, dict):
        return ""
    value = err.get("error")
    if isinstance(value, dict):
        value = value.get("message")
    return ": " + printable(value[:200]) if isinstance(value, str) else ""


def request_json(
    client: httpx.Client,
    method: str,
    path: str,
    cap: int,
    deadline: float,
    *,
    what: str | None = None,
    body: Mapping[str, object] | None = None,
) -> object:
    """One request; its JSON body, size-capped, all of it (headers included) within `deadline`
    seconds. Raises Unreachable (refused, timed out) or Failed (anything else, as a sentence)."""
    import httpx

    what = what or f"{method} {path}"
    start = time.monotonic()
    took_too_long = Failed(f"{what}: response took longer than {deadline:g} s")
    _local.deadline = start + deadline
    try:
        with client.stream(method, path, json=body) as r:
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                raise Failed(f"{what}: response of {int(length)} bytes exceeds the {cap} cap")
            chunks: list[bytes] = []
            total = 0
            for chunk in r.iter_bytes():
                total += len(chunk)
                if total > cap:
                    raise Failed(f"{what}: response larger than {cap} bytes, not read")
                if time.monotonic() - start > deadline:
                    raise took_too_long
                chunks.append(chunk)
            status = r.status_code
    except (httpx.ConnectError, httpx.ConnectTimeout) as e:
        if isinstance(e.__cause__, _classes()[0]):
            raise took_too_long from e
        raise Unreachable(what, connect=True) from e
    except httpx.TimeoutException as e:
        if isinstance(e.__cause__, _classes()[0]):
            raise took_too_long from e
        raise Unreachable(what, connect=False) from e
    except httpx.HTTPError as e:
        raise Failed(f"{what}: {type(e).__name__}") from e
    finally:
        _local.deadline = None
    data = b"".join(chunks)
    if status >= 400:
        raise Failed(f"{what}: HTTP {status}{_error_detail(data)}")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as e:
        raise Failed(f"{what}: invalid or truncated JSON") from e
