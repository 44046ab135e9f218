"""The InstallSource contract, for every registered source: bad input is data, never an exception.

Each source lists its bad inputs in CASES (a new source must add its own, see
`test_every_source_has_cases`): an unreachable server or a missing directory, garbage, wrong
types, unreadable files, a server that never answers. For each one, `collect` returns an
InstallScan within a bounded time, finds nothing at the bad location, and says why (a warning or
an unreachable location) unless the location is one the source only guesses at.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from llmdeps.errors import UsageError
from llmdeps.model import Install, InstallLocation, LocationKind, Runtime
from llmdeps.sources import registry
from llmdeps.sources.base import InstallOptions, InstallScan, InstallSource
from llmdeps.sources.installs.ollama.api import MAX_TAGS_BYTES
from llmdeps.sources.registry import INSTALL_SOURCES
from tests.hf_fixtures import COMMIT_A, CacheBuilder
from tests.ollama_fixtures import FakeOllama, StoreBuilder, refused_url, serve, stream_garbage
from tests.openai_fixtures import trickle

BOUND_SECONDS = 30.0
"""Wall-clock limit for one collection; the slowest case waits out one 5 s read timeout."""


@dataclass(frozen=True)
class Case:
    """Options that point one source at one bad location."""

    options: InstallOptions
    bad: str
    """The `where` of the bad location (a URL or a directory)."""
    noticed: bool = True
    """Whether the scan must say so (a location the source only guesses at may stay silent)."""


Build = Callable[[Path, ExitStack], Case]


def _server(fake: FakeOllama) -> Build:
    def build(tmp: Path, stack: ExitStack) -> Case:
        url = stack.enter_context(serve(fake))
        # OLLAMA_HOST names it too, so the default address is never dialled.
        options = InstallOptions(locations={"ollama-server": (url,)}, environ={"OLLAMA_HOST": url})
        return Case(options, url)

    return build


def _refused(tmp: Path, stack: ExitStack) -> Case:
    url = refused_url()
    return Case(InstallOptions(locations={}, environ={"OLLAMA_HOST": url}), url)


def _store(fill: Callable[[Path], None]) -> Build:
    def build(tmp: Path, stack: ExitStack) -> Case:
        root = tmp / "models"
        root.mkdir()
        fill(root)
        return Case(InstallOptions(locations={"ollama-store": (str(root),)}, environ={}), str(root))

    return build


def _missing_store(tmp: Path, stack: ExitStack) -> Case:
    missing = tmp / "no-such-models"
    environ = {"OLLAMA_MODELS": str(missing), "HOME": str(tmp / "home")}
    # OLLAMA_MODELS is a guess, not a named location: a missing one is skipped without a word.
    return Case(InstallOptions(locations={}, environ=environ), str(missing), noticed=False)


def _garbage_store(root: Path) -> None:
    b = StoreBuilder(root)
    b.manifest_path("junk:latest").parent.mkdir(parents=True)
    b.manifest_path("junk:latest").write_bytes(b"\xff\x00 not json {")
    bad_config = b.blob(b"{ not json")
    b.manifest_path("typed:latest").parent.mkdir(parents=True)
    b.manifest_path("typed:latest").write_text(
        '{"config": {"digest": "sha256:' + bad_config + '"}, "layers": 7}'
    )


def _unreadable_store(root: Path) -> None:
    b = StoreBuilder(root)
    fifo = b.manifest_path("fifo:latest")
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)  # opening it would block forever
    dangling = b.manifest_path("gone:latest")
    dangling.parent.mkdir(parents=True)
    dangling.symlink_to(root / "nowhere")


def _not_a_store(root: Path) -> None:
    (root / "README").write_text("no manifests/ here\n")


def _delayed(seconds: float) -> FakeOllama:
    return FakeOllama(delay={"GET /api/version": seconds})


def _dir(source: str, fill: Callable[[Path], None]) -> Build:
    def build(tmp: Path, stack: ExitStack) -> Case:
        root = tmp / "dir"
        root.mkdir()
        fill(root)
        return Case(InstallOptions(locations={source: (str(root),)}, environ={}), str(root))

    return build


def _missing_hf_cache(tmp: Path, stack: ExitStack) -> Case:
    missing = tmp / "no-such-cache"
    # HF_HUB_CACHE is a guess, not a named location: a missing one is skipped without a word.
    return Case(InstallOptions(environ={"HF_HUB_CACHE": str(missing)}), str(missing), False)


def _missing_lmstudio(tmp: Path, stack: ExitStack) -> Case:
    home = tmp / "home"
    return Case(InstallOptions(environ={"HOME": str(home)}), str(home), noticed=False)


def _garbage_hf_cache(root: Path) -> None:
    b = CacheBuilder(root)
    b.ref("o/m", "main", "zz")  # not a commit, and no snapshots/ at all
    (root / "models--o--x--y--z").mkdir()  # not a repo id
    (b.repo_dir("o/file") / "snapshots").mkdir(parents=True)
    (b.repo_dir("o/file") / "snapshots" / COMMIT_A).write_text("a file, not a snapshot")


def _hostile_hf_cache(root: Path) -> None:
    b = CacheBuilder(root)
    b.ref("o/m", "main", "c" * 40)  # no such snapshot
    (b.repo_dir("o/m") / "snapshots").mkdir(parents=True)
    (b.repo_dir("o/m") / "snapshots" / COMMIT_A).symlink_to("/etc")
    (root / "models--o--escape").symlink_to("/")


def _garbage_lmstudio(root: Path) -> None:
    (root / "top.gguf").write_bytes(b"one level up: not a model")
    (root / "pub").symlink_to("/etc")
    repo = root / "pub2" / "repo"
    repo.mkdir(parents=True)
    (repo / "escape.gguf").symlink_to("/etc/passwd")
    os.mkfifo(repo / "fifo.gguf")
    (repo / "config.json").write_bytes(b"{ not json")  # no safetensors: not an MLX folder


def _openai(fake: FakeOllama) -> Build:
    def build(tmp: Path, stack: ExitStack) -> Case:
        url = stack.enter_context(serve(fake))
        return Case(InstallOptions(locations={"openai-server": (url,)}, environ={}), url)

    return build


def _openai_refused(tmp: Path, stack: ExitStack) -> Case:
    url = refused_url()
    return Case(InstallOptions(environ={"LLMDEPS_OPENAI_HOSTS": url}), url)


CASES: dict[str, dict[str, Build]] = {
    "ollama-server": {
        "unreachable": _refused,
        "garbage-json": _server(FakeOllama(override={"GET /api/tags": (200, b"{not json")})),
        "wrong-types": _server(
            FakeOllama(tags={"models": [5, {"name": 7}, {"name": "a:b", "digest": "zz"}]})
        ),
        "http-errors": _server(
            FakeOllama(
                override={
                    "GET /api/version": (500, b"oops"),
                    "GET /api/tags": (500, b'{"error": "\\u001b[31mboom"}'),
                }
            )
        ),
        "endless-reply": _server(
            FakeOllama(override={"GET /api/tags": stream_garbage(MAX_TAGS_BYTES + (1 << 20))})
        ),
        "never-answers": _server(_delayed(8.0)),
        "trickled-headers": _server(FakeOllama(override={"GET /api/version": trickle})),
    },
    "ollama-store": {
        "missing": _missing_store,
        "not-a-store": _store(_not_a_store),
        "garbage": _store(_garbage_store),
        "unreadable": _store(_unreadable_store),
    },
    "hf-cache": {
        "missing": _missing_hf_cache,
        "garbage": _dir("hf-cache", _garbage_hf_cache),
        "hostile": _dir("hf-cache", _hostile_hf_cache),
    },
    "lmstudio-models": {
        "missing": _missing_lmstudio,
        "garbage": _dir("lmstudio-models", _garbage_lmstudio),
    },
    "openai-server": {
        "unreachable": _openai_refused,
        "garbage-json": _openai(FakeOllama(override={"GET /v1/models": (200, b"{not json")})),
        "wrong-types": _openai(
            FakeOllama(override={"GET /v1/models": (200, b'{"data": [5, {"id": 7}]}')})
        ),
        "http-errors": _openai(FakeOllama(override={"GET /v1/models": (500, b"oops")})),
        "endless-reply": _openai(
            FakeOllama(override={"GET /v1/models": stream_garbage(MAX_TAGS_BYTES + (1 << 20))})
        ),
        "never-answers": _openai(FakeOllama(delay={"GET /v1/models": 8.0})),
        "trickled-headers": _openai(FakeOllama(override={"GET /v1/models": trickle})),
    },
}

NAMED_UNUSABLE: dict[str, Callable[[Path], str]] = {
    "ollama-server": lambda tmp: "ftp://user:secret@x",
    "ollama-store": lambda tmp: str(tmp / "not-there"),
    "hf-cache": lambda tmp: str(tmp / "not-there"),
    "lmstudio-models": lambda tmp: str(tmp / "not-there"),
    "openai-server": lambda tmp: "ftp://user:secret@x",
}
"""A location the user names that can never work: a UsageError, as a typo must not pass."""

SOURCES = {s.name: s for s in INSTALL_SOURCES}


def test_names_are_unique_and_every_source_says_what_it_reads() -> None:
    names = [s.name for s in INSTALL_SOURCES]
    assert len(names) == len(set(names))
    assert registry.INSTALL_SOURCE_BY_NAME == SOURCES
    pairs = [(s.runtime, s.kind) for s in INSTALL_SOURCES]
    assert len(pairs) == len(set(pairs))
    for source in INSTALL_SOURCES:
        assert isinstance(source.runtime, Runtime) and isinstance(source.kind, LocationKind)
        assert source.label.startswith("the ")
        assert registry.install_source(source.runtime, source.kind) is source


def test_every_source_has_cases() -> None:
    assert set(CASES) == set(SOURCES) == set(NAMED_UNUSABLE)


def test_registering_a_name_twice_fails() -> None:
    first, second = INSTALL_SOURCES[0], INSTALL_SOURCES[0]
    with pytest.raises(ValueError, match="two install sources are named"):
        registry._by_name((first, second), "install sources")
    with pytest.raises(ValueError, match="both read"):
        registry._by_location((first, second))
    with pytest.raises(ValueError, match="two detectors are named"):
        registry._by_name((registry.DETECTORS[0], registry.DETECTORS[0]), "detectors")


def _collect(source: InstallSource, options: InstallOptions) -> tuple[InstallScan, float]:
    start = time.monotonic()
    scan = source.collect(options)
    return scan, time.monotonic() - start


def _well_formed(source: InstallSource, scan: InstallScan) -> None:
    assert isinstance(scan, InstallScan)
    for install in scan.installs:
        assert isinstance(install, Install)
        assert (install.runtime, install.location.kind) == (source.runtime, source.kind)
        assert registry.source_of(install) is source
    for location in (*scan.read, *scan.unreachable, *scan.tried):
        assert isinstance(location, InstallLocation) and location.kind is source.kind
    for warning in scan.warnings:
        assert isinstance(warning.path, str) and warning.reason
        assert warning.reason.isprintable()


def _case_ids() -> Iterator[tuple[str, str]]:
    for source in INSTALL_SOURCES:
        for case in CASES.get(source.name, {}):
            yield source.name, case


@pytest.mark.parametrize(("source_name", "case_name"), list(_case_ids()))
def test_bad_input_is_a_warning_never_an_exception(
    source_name: str, case_name: str, tmp_path: Path
) -> None:
    source = SOURCES[source_name]
    with ExitStack() as stack:
        case = CASES[source_name][case_name](tmp_path, stack)
        scan, seconds = _collect(source, case.options)
    assert seconds < BOUND_SECONDS
    _well_formed(source, scan)
    assert [i for i in scan.installs if i.location.where == case.bad] == []
    if case.noticed:
        warned = [w for w in scan.warnings if w.path.startswith(case.bad)]
        unreachable = [u for u in scan.unreachable if u.where == case.bad]
        assert warned or unreachable, scan


@pytest.mark.parametrize("source", INSTALL_SOURCES, ids=lambda s: s.name)
def test_a_named_location_that_cannot_work_is_a_usage_error(
    source: InstallSource, tmp_path: Path
) -> None:
    bad = NAMED_UNUSABLE[source.name](tmp_path)
    with pytest.raises(UsageError) as raised:
        source.collect(InstallOptions(locations={source.name: (bad,)}, environ={}))
    assert "secret" not in str(raised.value)  # credentials in a named host are never echoed


@pytest.mark.parametrize("source", INSTALL_SOURCES, ids=lambda s: s.name)
def test_other_sources_locations_are_not_read(source: InstallSource, tmp_path: Path) -> None:
    """A source reads only its own entry of `locations`, whatever the others hold."""
    others = {name: ("ftp://x", str(tmp_path / "not-there")) for name in SOURCES}
    del others[source.name]
    environ = {"OLLAMA_HOST": refused_url(), "HOME": str(tmp_path)}
    scan, _ = _collect(source, InstallOptions(locations=others, environ=environ))
    _well_formed(source, scan)
