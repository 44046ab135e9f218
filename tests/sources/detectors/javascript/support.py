"""Helpers for the JavaScript detector tests: scan a snippet, read positions."""

from __future__ import annotations

from pathlib import Path

from llmdeps.model import Reference, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.javascript import JavaScriptDetector

DEMO = Path(__file__).resolve().parents[4] / "examples" / "demo"


def scan(text: str, path: str = "src/app.ts") -> list[Reference]:
    found = list(JavaScriptDetector().scan(SourceFile(path, text, path.rsplit("/", 1)[-1])))
    assert not [d for d in found if isinstance(d, ScanWarning)]
    return [d for d in found if isinstance(d, Reference)]


def models(text: str) -> list[str]:
    return [r.model for r in scan(text)]


def one(text: str) -> Reference:
    refs = scan(text)
    assert len(refs) == 1, refs
    return refs[0]


def at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first character of `needle` (the opening quote)."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
