"""properties: Java `.properties` pairs (Spring Boot), each value at its line and column."""

from __future__ import annotations

from hypothesis import given

from llmdeps.sources.parse import properties
from llmdeps.sources.parse.spans import LINE_BREAKS
from tests.sources.parse.properties import PROPERTY, assert_positioned, texts

_SNIPPETS = [
    "spring.ai.openai.chat.options.model",
    "=",
    ":",
    " ",
    "\t",
    "\f",
    "\\",
    "\\\n",
    "\\:",
    "gpt-4o",
    "# comment",
    "! bang",
    "\n",
    "\r\n",
    "\r",
    "é",
    "${X:y}",
]


def test_separators_comments_and_continuations() -> None:
    text = (
        "# spring.ai.openai.chat.options.model=gpt-4\n"
        "! also a comment\n"
        "spring.ai.openai.chat.options.model=gpt-4o-mini\n"
        "  spring.ai.ollama.chat.options.model : llama3.1:8b\n"
        "plain value with spaces\n"
        "long.list=a,\\\n"
        "    b\n"
        "escaped\\:key=v\n"
        "empty=\n"
    )
    parsed = properties.read(text)
    pairs = [
        (k.value, v.value, v.line, v.column) for k, v in parsed.documents[0].pairs or []
    ]
    assert pairs == [
        ("spring.ai.openai.chat.options.model", "gpt-4o-mini", 3, 37),
        ("spring.ai.ollama.chat.options.model", "llama3.1:8b", 4, 41),
        ("plain", "value with spaces", 5, 7),
        ("long.list", "a,", 6, 11),
        ("escaped:key", "v", 8, 14),
        ("empty", "", 9, 7),
    ]
    assert parsed.error is None


@PROPERTY
@given(text=texts(_SNIPPETS))
def test_any_text_reads_to_nodes_inside_the_source(text: str) -> None:
    parsed = properties.read(text)
    assert parsed.error is None
    assert_positioned(parsed, text, LINE_BREAKS)
    for _key, value in parsed.documents[0].pairs or []:
        assert value.value is not None
        assert text[value.start : value.end] == value.value
