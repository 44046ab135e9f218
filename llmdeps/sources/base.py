"""The interface every detector implements: a cheap `wants` and a `scan` that yields detections."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from llmdeps.model import Detection


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

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield references, fallbacks and warnings found in the file; never raise on bad input."""
        ...
