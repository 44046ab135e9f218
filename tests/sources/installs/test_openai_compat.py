"""OpenAI-compatible servers read over a real loopback HTTP server replaying documented shapes."""

from __future__ import annotations

import json
import time
import tracemalloc

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmdeps.errors import UsageError
from llmdeps.model import InstallLocation, LocationKind, Runtime
from llmdeps.sources.base import InstallOptions
from llmdeps.sources.installs import openai_compat
from llmdeps.sources.installs.openai_compat import (
    OpenAIServers,
    collect_servers,
    hosts_from,
    parse_host,
)
from tests.ollama_fixtures import FakeOllama, Handler, refused_url, serve, stream_garbage
from tests.openai_fixtures import TGI_COMMIT, fake_server, raw_server, trickle


def _only(kind: str, **changes: object) -> tuple[FakeOllama, list[object]]:
    fake = fake_server(kind, **changes)  # type: ignore[arg-type]
    with serve(fake) as url:
        scan = collect_servers([url])
    assert scan.read == (InstallLocation(LocationKind.SERVER, url),)
    return fake, [scan, url]


def test_vllm_root_parent_and_context_in_one_request() -> None:
    fake, (scan, url) = _only("vllm")
    assert [p for _, p, _ in fake.requests] == ["/v1/models"]
    by_name = {i.name: i for i in scan.installs}  # type: ignore[attr-defined]
    base = by_name["meta-llama/Llama-3.1-8B-Instruct"]
    assert (base.server, base.served_from, base.context_length) == (
        "vllm",
        "meta-llama/Llama-3.1-8B-Instruct",
        131072,
    )
    assert base.runtime is Runtime.OPENAI_COMPATIBLE
    lora = by_name["grant-lora"]
    # a server's absolute path is cut to its base name: the lock never holds it
    assert (lora.served_from, lora.parent_model) == (
        "grant-lora",
        "meta-llama/Llama-3.1-8B-Instruct",
    )
    assert base.digest != lora.digest and len(base.digest) == 64


def test_llamacpp_props_give_the_model_file() -> None:
    fake, (scan, _) = _only("llama.cpp")
    assert [p for _, p, _ in fake.requests] == ["/v1/models", "/props"]
    (install,) = scan.installs  # type: ignore[attr-defined]
    assert install.server == "llama.cpp"
    assert install.served_from == "qwen2.5-0.5b-instruct-q4_k_m.gguf"
    assert install.format == "gguf" and install.context_length == 4096


def test_lmstudio_v0_details() -> None:
    fake, (scan, _) = _only("lmstudio")
    assert [p for _, p, _ in fake.requests] == ["/v1/models", "/api/v0/models"]
    by_name = {i.name: i for i in scan.installs}  # type: ignore[attr-defined]
    llama = by_name["meta-llama-3.1-8b-instruct"]
    assert (llama.server, llama.format, llama.quantization, llama.family) == (
        "lmstudio",
        "gguf",
        "Q4_K_M",
        "llama",
    )
    assert llama.served_from == "lmstudio-community/meta-llama-3.1-8b-instruct"
    assert llama.context_length == 131072


def test_localai_sglang_tgi() -> None:
    fake, (scan, _) = _only("localai")
    assert [p for _, p, _ in fake.requests] == ["/v1/models"]
    assert {i.name for i in scan.installs} == {"gpt-4", "whisper-1", "phi-2"}  # type: ignore[attr-defined]
    assert {i.server for i in scan.installs} == {"localai"}  # type: ignore[attr-defined]
    fake, (scan, _) = _only("sglang")
    assert [p for _, p, _ in fake.requests] == ["/v1/models", "/get_model_info"]
    (sg,) = scan.installs  # type: ignore[attr-defined]
    assert (sg.server, sg.served_from, sg.context_length) == (
        "sglang",
        "qwen/qwen2.5-0.5b-instruct",
        32768,
    )
    fake, (scan, _) = _only("tgi")
    (tgi,) = scan.installs  # type: ignore[attr-defined]
    assert (tgi.server, tgi.revision, tgi.served_from) == (
        "tgi",
        TGI_COMMIT,
        "HuggingFaceH4/zephyr-7b-beta",
    )


def test_newer_sglang_without_the_old_route_costs_one_more_request() -> None:
    fake = fake_server("sglang")
    info = fake.override.pop("GET /get_model_info")
    fake.override["GET /model_info"] = info
    with serve(fake) as url:
        scan = collect_servers([url])
    assert [p for _, p, _ in fake.requests] == ["/v1/models", "/get_model_info", "/model_info"]
    assert scan.warnings == ()
    assert scan.installs[0].served_from == "qwen/qwen2.5-0.5b-instruct"


def test_the_served_model_changing_changes_the_digest() -> None:
    first = fake_server("vllm")
    with serve(first) as url:
        before = {i.name: i.digest for i in collect_servers([url]).installs}
    body = json.loads(first.override["GET /v1/models"][1])  # type: ignore[index]
    body["data"][0]["root"] = "meta-llama/Llama-3.2-3B-Instruct"
    second = FakeOllama(override={"GET /v1/models": (200, json.dumps(body).encode())})
    with serve(second) as url:
        after = {i.name: i.digest for i in collect_servers([url]).installs}
    assert before["grant-lora"] == after["grant-lora"]
    assert before["meta-llama/Llama-3.1-8B-Instruct"] != after["meta-llama/Llama-3.1-8B-Instruct"]


def test_api_key_from_the_named_variable_only_and_never_in_output(tmp_path: object) -> None:
    seen: list[str] = []

    def models(h: Handler) -> None:
        auth = h.headers.get("Authorization", "")
        seen.append(auth)
        # a server that echoes the key it was sent, and another credential, in its error
        body = {"error": {"message": f"bad key {auth[7:]} or sk-live-SECRET1234567890abcdef"}}
        h.send_json(401, json.dumps(body).encode())

    fake = FakeOllama(override={"GET /v1/models": models})
    with serve(fake) as url:
        options = InstallOptions(
            locations={"openai-server": (url,), openai_compat.KEY_ENV_OPTION: ("MY_KEY",)},
            environ={"MY_KEY": "sk-test-1234567890abcdef", "OPENAI_API_KEY": "sk-other"},
        )
        scan = OpenAIServers().collect(options)
        unset = OpenAIServers().collect(
            InstallOptions(
                locations={"openai-server": (url,), openai_compat.KEY_ENV_OPTION: ("NOPE",)},
                environ={"OPENAI_API_KEY": "sk-other"},
            )
        )
    assert seen == ["Bearer sk-test-1234567890abcdef", ""]
    text = repr(scan) + repr(unset)
    assert "sk-test" not in text and "sk-other" not in text
    assert [w.reason for w in scan.warnings] == ["GET /v1/models: HTTP 401: bad key *** or ***"]
    assert "SECRET" not in text
    assert ("$NOPE", "API key variable is not set; asked without a key") in [
        (w.path, w.reason) for w in unset.warnings
    ]


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000"),
        ("http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000"),
        ("https://llm.example.org/openai/v1", "https://llm.example.org:443/openai"),
        ("0.0.0.0:1234", "http://127.0.0.1:1234"),
        ("::1", "http://[::1]:80"),
        ("http://gpu-box", "http://gpu-box:80"),
    ],
)
def test_parse_host(value: str, url: str) -> None:
    assert parse_host(value) == url


@pytest.mark.parametrize(
    "bad", ["", "ftp://x", "http://user:pw@x:1", "http://x:99999", "http://x/?a=1", "a b"]
)
def test_parse_host_rejects(bad: str) -> None:
    assert parse_host(bad) is None


def test_hosts_from_flags_then_env() -> None:
    env = {"LLMDEPS_OPENAI_HOSTS": " a:1, ,b:2,a:1"}
    assert hosts_from(["c:3", "a:1"], env) == ["c:3", "a:1", "b:2"]


def test_named_unusable_host_is_a_usage_error_without_the_secret() -> None:
    with pytest.raises(UsageError) as raised:
        OpenAIServers().collect(
            InstallOptions(locations={"openai-server": ("http://u:secret@h:1",)}, environ={})
        )
    assert "secret" not in str(raised.value)


def test_env_hosts_that_are_unusable_are_warnings() -> None:
    scan = OpenAIServers().collect(
        InstallOptions(environ={"LLMDEPS_OPENAI_HOSTS": "ftp://x,http://u:pw@h:1"})
    )
    assert [w.reason for w in scan.warnings] == ["not a usable server address, skipped"] * 2
    assert "pw" not in repr(scan)


def test_no_host_asks_nothing() -> None:
    assert OpenAIServers().collect(InstallOptions(environ={})).tried == ()


# --- hostile servers ---------------------------------------------------------------------------


def test_refused_is_unreachable() -> None:
    url = refused_url()
    scan = collect_servers([url])
    assert scan.unreachable == (InstallLocation(LocationKind.SERVER, url),)
    assert scan.installs == () and scan.warnings == ()


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            (500, b'{"error": {"message": "\\u001b[31mboom"}}'),
            "GET /v1/models: HTTP 500: ?[31mboom",
        ),
        ((200, b'{"data": [{"id": "a"'), "GET /v1/models: invalid or truncated JSON"),
        ((200, b"[1, 2]"), "GET /v1/models: not a JSON object"),
        ((200, b'{"data": {"id": "a"}}'), "GET /v1/models: data is not a list"),
    ],
)
def test_broken_listings_are_one_warning(reply: tuple[int, bytes], reason: str) -> None:
    fake = FakeOllama(override={"GET /v1/models": reply})
    with serve(fake) as url:
        scan = collect_servers([url])
    assert [(w.path, w.reason) for w in scan.warnings] == [(url, reason)]
    assert scan.installs == () and scan.read == ()


def test_wrong_types_skip_the_entry_or_drop_the_field() -> None:
    body = {
        "data": [
            5,
            {"id": 7},
            {"id": "ok", "owned_by": "vllm", "root": ["x"], "max_model_len": "big"},
            {"id": "ok", "owned_by": "vllm"},
            {"id": "x" * 5000, "owned_by": "vllm", "max_model_len": True},
        ]
    }
    fake = FakeOllama(override={"GET /v1/models": (200, json.dumps(body).encode())})
    with serve(fake) as url:
        scan = collect_servers([url])
    names = [i.name for i in scan.installs]
    assert names == ["ok", "x" * openai_compat.MAX_TEXT]
    assert all(i.served_from is None and i.context_length is None for i in scan.installs)
    assert [w.reason for w in scan.warnings] == [
        "GET /v1/models: 1 entries are not objects, skipped",
        "GET /v1/models data[0]: no model id, skipped",
    ]


def test_a_failing_extra_route_keeps_the_listing() -> None:
    fake = fake_server("llama.cpp", **{"GET /props": (500, b"")})
    with serve(fake) as url:
        scan = collect_servers([url])
    assert len(scan.installs) == 1 and scan.installs[0].served_from is None
    assert [w.reason for w in scan.warnings] == ["GET /props: HTTP 500"]


def test_a_lying_server_cannot_claim_another_fingerprint_route() -> None:
    # says vLLM, is not: no extra request, and the id it lists is only a name
    body = {"data": [{"id": "gpt-4o", "owned_by": "vllm", "root": "/etc/passwd"}]}
    fake = FakeOllama(override={"GET /v1/models": (200, json.dumps(body).encode())})
    with serve(fake) as url:
        scan = collect_servers([url])
    assert scan.installs[0].served_from == "passwd"  # a path, cut to its base name
    assert [p for _, p, _ in fake.requests] == ["/v1/models"]


def test_huge_body_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai_compat, "MAX_LIST_BYTES", 1 << 20)
    fake = FakeOllama(override={"GET /v1/models": stream_garbage(16 << 20)})
    with serve(fake) as url:
        tracemalloc.start()
        try:
            scan = collect_servers([url])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 4 << 20  # bounded by the cap, not by what the server sends
    assert [w.reason for w in scan.warnings] == [
        f"GET /v1/models: response larger than {1 << 20} bytes, not read"
    ]


def test_slow_server_is_unreachable_in_bounded_time() -> None:
    fake = FakeOllama(delay={"GET /v1/models": 3.0}, override=fake_server("vllm").override)
    with serve(fake) as url:
        start = time.monotonic()
        scan = collect_servers([url], read_timeout=0.5)
    assert time.monotonic() - start < 2.5
    assert scan.unreachable == (InstallLocation(LocationKind.SERVER, url),)


def test_headers_trickled_one_byte_at_a_time_hit_the_total_deadline() -> None:
    fake = FakeOllama(override={"GET /v1/models": trickle})
    with serve(fake) as url:
        start = time.monotonic()
        scan = collect_servers([url], read_timeout=0.5)  # each byte is in time; the whole is not
        took = time.monotonic() - start
    assert took < 3.0, took
    assert [w.reason for w in scan.warnings] == ["GET /v1/models: response took longer than 1 s"]


def test_a_length_that_lies_is_a_warning() -> None:
    script = b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" + b'{"data": []}'
    with raw_server(script) as url:
        scan = collect_servers([url])
    assert len(scan.warnings) == 1 and scan.warnings[0].reason.startswith("GET /v1/models: ")
    assert scan.installs == ()


@pytest.mark.parametrize("body", [b'{"object": "list", "data": []}', b'{"object": "list"}'])
def test_an_empty_listing_is_read_and_holds_nothing(body: bytes) -> None:
    fake = FakeOllama(override={"GET /v1/models": (200, body)})
    with serve(fake) as url:
        scan = collect_servers([url])
    assert scan.read == (InstallLocation(LocationKind.SERVER, url),)
    assert scan.installs == () and scan.warnings == ()
    assert [p for _, p, _ in fake.requests] == ["/v1/models"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "id": _JSON | st.text(max_size=30),
        "owned_by": st.sampled_from(["vllm", "sglang", "llamacpp", "organization_owner"]) | _JSON,
        "root": _JSON | st.text(max_size=30),
        "parent": _JSON,
        "max_model_len": _JSON,
        "created": st.just(0) | _JSON,
        "meta": _JSON,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    listing=st.fixed_dictionaries({}, optional={"data": st.lists(_ITEM, max_size=4) | _JSON})
    | _JSON,
    extra=_JSON,
)
def test_any_json_reply_gives_installs_or_warnings_never_an_exception(
    listing: object, extra: object
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=listing if request.url.path == "/v1/models" else extra)

    scan = collect_servers(["127.0.0.1:8000"], transport=httpx.MockTransport(handler))
    for install in scan.installs:
        assert len(install.digest) == 64 and install.name.isprintable()
        assert install.served_from is None or not install.served_from.startswith("/")
        assert install.context_length is None or isinstance(install.context_length, int)
    for warning in scan.warnings:
        assert warning.reason.isprintable()


def test_a_remote_host_goes_through_the_environment_proxy_and_loopback_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.openai_fixtures import DEMO_VLLM, demo_vllm

    with demo_vllm() as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        scan = collect_servers([DEMO_VLLM])
        assert scan.read == (InstallLocation(LocationKind.SERVER, DEMO_VLLM),)
        assert {i.server for i in scan.installs} == {"vllm"}
        # a loopback server is asked directly: the proxy would answer, but is not used
        refused = refused_url()
        assert collect_servers([refused]).unreachable == (
            InstallLocation(LocationKind.SERVER, refused),
        )
