"""Name and value tests of the Python detector; the knowledge lives in `sources.names`, shared
with the JS/TS and polyglot detectors."""

from __future__ import annotations

from llmdeps.sources.names import (
    family_like,
    group_ok,
    module_path,
    name_says_model,
    revision_ok,
    says_trait,
    strong_ok,
    weak_ok,
)

__all__ = [
    "family_like",
    "group_ok",
    "module_path",
    "name_says_model",
    "revision_ok",
    "says_trait",
    "strong_ok",
    "weak_ok",
]
