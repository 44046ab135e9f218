"""Run the polyglot detector over one snippet."""

from __future__ import annotations

from llmdeps.model import Reference
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.polyglot import PolyglotDetector

DETECTOR = PolyglotDetector()


def scan(text: str, path: str) -> list[Reference]:
    """References only; the snippets here never warrant a warning."""
    name = path.rsplit("/", 1)[-1]
    found = list(DETECTOR.scan(SourceFile(path=path, text=text, name=name)))
    assert all(isinstance(r, Reference) for r in found), found
    return [r for r in found if isinstance(r, Reference)]


def models(text: str, path: str) -> list[tuple[str, int]]:
    """(model, line) pairs in source order."""
    return [(r.model, r.location.line) for r in scan(text, path)]
