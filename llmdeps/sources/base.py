"""The two source contracts: a `Detector` reads files, an `InstallSource` reads installed models.

As osv-scalibr keeps file extractors apart from standalone ones, a detector is handed files by the
walker, while an install source finds its own servers, stores or caches (pip-audit's
`DependencySource.collect()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from llmdeps.model import Found, Install, InstallLocation, LocationKind, Runtime, ScanWarning


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A decoded text file handed to detectors."""

    path: str
    """Relative to the scan root, forward slashes."""
    text: str
    name: str
    """Base name (`Dockerfile`, `app.py`)."""


class Detector(Protocol):
    """Finds model references in one kind of file."""

    name: str
    keywords: tuple[str, ...]
    """Words one of which must occur in a file (case-insensitive) before it is decoded for this
    detector; `()` means "read every file `wants` accepts"."""

    def wants(self, path: str, name: str) -> bool:
        """Cheap check on the path alone: should this file be read for this detector?"""
        ...

    def scan(self, file: SourceFile) -> Iterator[Found]:
        """Yield references, fallbacks and warnings found in the file; never raise on bad input."""
        ...


@dataclass(frozen=True, slots=True)
class InstallOptions:
    """Which install sources run and where they look."""

    enabled: bool = True
    require: bool = False
    """Fail (OllamaError) when no location of any source could be read."""
    locations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Source name -> locations the user named (`--ollama-host` fills `ollama-server`); a source
    adds its environment and default locations to these."""
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    root: Path | None = None
    """The repository being scanned: a location the user named is recorded relative to it, so
    the lock names it the same way on every machine."""


@dataclass(frozen=True, slots=True)
class InstallScan:
    """What install sources found: installs, warnings, and which locations answered."""

    installs: tuple[Install, ...] = ()
    warnings: tuple[ScanWarning, ...] = ()
    read: tuple[InstallLocation, ...] = ()
    """Locations read successfully (possibly empty of models)."""
    unreachable: tuple[InstallLocation, ...] = ()
    """Servers that refused the connection or timed out (the CLI names them in one line)."""
    tried: tuple[InstallLocation, ...] = ()
    """Every location asked, read or not (for the `--require-ollama` message)."""


class InstallSource(Protocol):
    """Finds the models installed in one kind of location of one runtime."""

    name: str
    """Stable id, also the key of `InstallOptions.locations` (`ollama-server`, `ollama-store`)."""
    runtime: Runtime
    kind: LocationKind
    """The kind of location it reads; with `runtime`, it tells which source an install came from."""
    label: str
    """How a message names one of its locations: `the Ollama server`, `the Ollama model store`."""

    def collect(self, options: InstallOptions) -> InstallScan:
        """Read every location; unreachable or unreadable input is a warning, never an exception.

        A location the user named that cannot be used at all (not an address, not a directory)
        raises UsageError: a typo must not pass as "nothing installed".
        """
        ...

    def same_model(self, wanted: str, install: Install) -> bool:
        """Whether a model id from the code (without the runtime prefix) names this install."""
        ...
