"""collect_installs: every source in turn, merged; --require-ollama; the lock spelling of locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.errors import OllamaError
from llmdeps.model import Install, InstallLocation, LocationKind, Runtime, ScanWarning
from llmdeps.sources.base import InstallOptions, InstallScan
from llmdeps.sources.installs import collect_installs
from llmdeps.sources.installs.ollama.store import default_store_dirs
from llmdeps.sources.registry import INSTALL_SOURCES
from tests.ollama_fixtures import refused_url

SERVER = InstallLocation(LocationKind.SERVER, "http://127.0.0.1:11434")
STORE = InstallLocation(LocationKind.STORE, "/models")


@dataclass
class FakeSource:
    """An install source that returns a fixed scan and counts its calls."""

    scan: InstallScan
    name: str = "fake"
    runtime: Runtime = Runtime.OLLAMA
    kind: LocationKind = LocationKind.SERVER
    label: str = "the fake server"
    calls: list[InstallOptions] = field(default_factory=list)

    def collect(self, options: InstallOptions) -> InstallScan:
        self.calls.append(options)
        return self.scan

    def same_model(self, wanted: str, install: Install) -> bool:
        return wanted == install.name


def test_scans_are_merged_in_source_order() -> None:
    one = Install("a:latest", Runtime.OLLAMA, SERVER, "0" * 64)
    two = Install("b:latest", Runtime.OLLAMA, STORE, "1" * 64)
    first = FakeSource(
        InstallScan((one,), (ScanWarning("x", "w1"),), (SERVER,), (), (SERVER,)), name="first"
    )
    second = FakeSource(
        InstallScan((two,), (ScanWarning("y", "w2"),), (STORE,), (SERVER,), (STORE,)),
        name="second",
    )
    merged = collect_installs(InstallOptions(environ={}), (first, second))
    assert merged == InstallScan(
        installs=(one, two),
        warnings=(ScanWarning("x", "w1"), ScanWarning("y", "w2")),
        read=(SERVER, STORE),
        unreachable=(SERVER,),
        tried=(SERVER, STORE),
        runtimes_read=(Runtime.OLLAMA,),
        unreachable_labels=("the fake server",),
    )


def test_disabled_asks_no_source() -> None:
    source = FakeSource(InstallScan(read=(SERVER,)))
    assert collect_installs(InstallOptions(enabled=False, require=True), (source,)) == InstallScan()
    assert source.calls == []


def test_require_is_met_by_any_source_read() -> None:
    empty, store = FakeSource(InstallScan(tried=(SERVER,))), FakeSource(InstallScan(read=(STORE,)))
    scan = collect_installs(InstallOptions(require=True, environ={}), (empty, store))
    assert scan.read == (STORE,)


def test_require_is_not_met_by_a_cache_of_another_runtime() -> None:
    cache = InstallLocation(LocationKind.CACHE, "/hub")
    hf = FakeSource(
        InstallScan(read=(cache,)), runtime=Runtime.HUGGINGFACE, kind=LocationKind.CACHE
    )
    with pytest.raises(OllamaError):
        collect_installs(InstallOptions(require=True, environ={}), (hf,))


def test_require_names_the_servers_tried() -> None:
    source = FakeSource(InstallScan(unreachable=(SERVER,), tried=(SERVER, STORE)))
    with pytest.raises(OllamaError) as raised:
        collect_installs(InstallOptions(require=True, environ={}), (source,))
    assert str(raised.value) == (
        "no Ollama server or model store could be read (tried http://127.0.0.1:11434); "
        "drop --require-ollama to scan code only"
    )
    with pytest.raises(OllamaError, match=r"\(tried no host\)"):
        collect_installs(InstallOptions(require=True, environ={}), ())


def test_require_with_the_registered_sources(tmp_path: Path) -> None:
    dead = refused_url()
    environ = {"OLLAMA_HOST": dead, "HOME": str(tmp_path)}
    if default_store_dirs(environ):
        pytest.skip("this machine has a system-wide Ollama store")
    options = InstallOptions(require=True, environ=environ)
    with pytest.raises(OllamaError) as raised:
        collect_installs(options, INSTALL_SOURCES)
    assert f"(tried {dead});" in str(raised.value)


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (SERVER, "http://127.0.0.1:11434"),
        (
            InstallLocation(LocationKind.SERVER, "https://x.example:443/ollama"),
            "https://x.example:443/ollama",
        ),
        (STORE, "store:/models"),
        (
            InstallLocation(LocationKind.STORE, "examples/ollama-store"),
            "store:examples/ollama-store",
        ),
        (InstallLocation(LocationKind.CACHE, "/hf/hub"), "cache:/hf/hub"),
    ],
)
def test_lock_text_is_what_the_lock_always_wrote(location: InstallLocation, text: str) -> None:
    assert location.lock_text() == text
    assert InstallLocation.from_lock_text(text) == location


@given(st.sampled_from(LocationKind), st.text())
def test_lock_text_round_trips(kind: LocationKind, where: str) -> None:
    location = InstallLocation(kind, where)
    if kind is LocationKind.SERVER and where.startswith(("store:", "cache:")):
        return  # no server URL looks like this (parse_host makes scheme://host:port)
    assert InstallLocation.from_lock_text(location.lock_text()) == location
