"""Every detector and install source, listed explicitly (not discovered): one file plus one line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from llmdeps.model import Install, LocationKind, Runtime
from llmdeps.sources.base import Detector, InstallSource
from llmdeps.sources.detectors.batchfile import BatchFileDetector
from llmdeps.sources.detectors.config import ConfigDetector
from llmdeps.sources.detectors.dotenv import DotenvDetector
from llmdeps.sources.detectors.hcl import HclDetector
from llmdeps.sources.detectors.javascript import JavaScriptDetector
from llmdeps.sources.detectors.modelfile import ModelfileDetector
from llmdeps.sources.detectors.notebook import NotebookDetector
from llmdeps.sources.detectors.polyglot import PolyglotDetector
from llmdeps.sources.detectors.python import PythonDetector
from llmdeps.sources.detectors.shell import ShellDetector
from llmdeps.sources.installs.hf_cache import HfCaches
from llmdeps.sources.installs.lmstudio import LmStudioFolders
from llmdeps.sources.installs.ollama import OllamaServers, OllamaStores
from llmdeps.sources.installs.openai_compat import OpenAIServers
from llmdeps.sources.packages.detector import PackageDetector

DETECTORS: tuple[Detector, ...] = (
    PythonDetector(),
    NotebookDetector(),
    JavaScriptDetector(),
    ConfigDetector(),
    DotenvDetector(),
    ShellDetector(),
    ModelfileDetector(),
    PolyglotDetector(),
    HclDetector(),
    BatchFileDetector(),
    PackageDetector(),
)

INSTALL_SOURCES: tuple[InstallSource, ...] = (
    OllamaServers(),
    OllamaStores(),
    HfCaches(),
    LmStudioFolders(),
    OpenAIServers(),
)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_T = TypeVar("_T", bound=_Named)


def _by_name(items: Iterable[_T], what: str) -> dict[str, _T]:
    """Name -> item; two with one name is a bug caught at import (osv-scalibr's `register()`)."""
    out: dict[str, _T] = {}
    for item in items:
        if item.name in out:
            raise ValueError(f"two {what} are named {item.name!r}")
        out[item.name] = item
    return out


DETECTOR_BY_NAME: dict[str, Detector] = _by_name(DETECTORS, "detectors")
"""For worker processes, which are sent the names the walker's side already chose."""

INSTALL_SOURCE_BY_NAME: dict[str, InstallSource] = _by_name(INSTALL_SOURCES, "install sources")


_LocationKey = tuple[Runtime, LocationKind]


def _by_location(sources: Iterable[InstallSource]) -> dict[_LocationKey, InstallSource]:
    """(runtime, kind) -> source: an install (and a lock entry) names no source, only these two."""
    out: dict[_LocationKey, InstallSource] = {}
    for source in sources:
        key = (source.runtime, source.kind)
        if key in out:
            raise ValueError(
                f"install sources {out[key].name!r} and {source.name!r} both read "
                f"{source.kind} locations of {source.runtime}"
            )
        out[key] = source
    return out


_SOURCE_BY_LOCATION = _by_location(INSTALL_SOURCES)


def detectors_for(path: str, name: str) -> tuple[Detector, ...]:
    """The detectors that want this file, by path alone."""
    return tuple(d for d in DETECTORS if d.wants(path, name))


def install_source(runtime: Runtime, kind: LocationKind) -> InstallSource | None:
    """The source that reads `kind` locations of `runtime` (found an install, or a locked one)."""
    return _SOURCE_BY_LOCATION.get((runtime, kind))


def source_of(install: Install) -> InstallSource | None:
    """The source that found this install."""
    return install_source(install.runtime, install.location.kind)


def serves(source: InstallSource) -> tuple[Runtime, ...]:
    """The runtimes of code references an install of this source can be (its own by default; an
    OpenAI-compatible server answers whatever an OpenAI client sends it)."""
    return tuple(getattr(source, "serves", (source.runtime,)))


def native(source: InstallSource) -> tuple[Runtime, ...]:
    """The runtimes whose models this source, once read, says are installed or not: a model of
    one of these that it does not hold is `installed: false`."""
    return tuple(getattr(source, "native", (source.runtime,)))


def sources_of_runtime(runtime: Runtime) -> tuple[InstallSource, ...]:
    """The install sources whose installs have this runtime."""
    return tuple(s for s in INSTALL_SOURCES if s.runtime is runtime)
