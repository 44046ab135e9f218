"""The engine over every language file: each loads, and no text makes it crash or misplace a span."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.model import Reference
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.polyglot.spec import EXTENSIONS, spec

from .support import DETECTOR

LANGUAGES = sorted(set(EXTENSIONS.values()))
SUFFIX = {language: ext for ext, language in sorted(EXTENSIONS.items(), reverse=True)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_file_loads(language: str) -> None:
    loaded = spec(language)
    assert loaded.patterns
    assert sum(p.count for p in loaded.patterns) == loaded.query.pattern_count


_SNIPPETS = st.lists(
    st.sampled_from(
        [
            'Model: "llama3.2"', "model", "=", "(", ")", "{", "}", ",", ";", "\n", " ", '"',
            "'", "`", "const defaultModel = ", '"gpt-4o"', "'gpt-4o'", ".modelName(", "=>",
            "// ", "/*", "*/", "#", "ENV.fetch(", "getEnv(", '"LLM_MODEL"', "é", "\U0001f600",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@given(text=_SNIPPETS)
def test_no_crash_and_spans_inside_the_source(language: str, text: str) -> None:
    path = f"src/x{SUFFIX[language]}"
    found = list(DETECTOR.scan(SourceFile(path, text, path.rsplit("/", 1)[-1])))
    lines = text.split("\n")
    for ref in found:
        assert isinstance(ref, Reference)
        line = lines[ref.location.line - 1]
        start = ref.location.column - 1
        assert ref.model in line[start:], (ref, line)
