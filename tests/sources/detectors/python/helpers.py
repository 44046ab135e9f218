"""Helpers for the Python detector tests: scan a dedented snippet, pick detections by type."""

from __future__ import annotations

import ast
from textwrap import dedent

from llmdeps.model import Fallback, Reference, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.python import PythonDetector
from llmdeps.sources.detectors.python.visitor import ModuleVisitor

DETECTOR = PythonDetector()


def detect(source: str, path: str = "app/llm.py") -> list[Reference | Fallback | ScanWarning]:
    text = dedent(source)
    name = path.rsplit("/", 1)[-1]
    return list(DETECTOR.scan(SourceFile(path=path, text=text, name=name)))


def refs(source: str, path: str = "app/llm.py") -> list[Reference]:
    return [d for d in detect(source, path) if isinstance(d, Reference)]


def by_model(source: str, path: str = "app/llm.py") -> dict[str, Reference]:
    found = refs(source, path)
    out = {r.model: r for r in found}
    assert len(out) == len(found), f"duplicate references: {found}"
    return out


def fallbacks(source: str, path: str = "app/llm.py") -> list[Fallback]:
    return [d for d in detect(source, path) if isinstance(d, Fallback)]


def visited(source: str, module: str = "app.llm") -> ModuleVisitor:
    """The visitor after one pass over a snippet: its bindings, SDK calls and fallback rules."""
    visitor = ModuleVisitor(module)
    visitor.visit(ast.parse(dedent(source)))
    return visitor
