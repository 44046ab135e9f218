"""ini: configparser's shape read line by line, each value at its line and column."""

from __future__ import annotations

from hypothesis import given

from llmdeps.sources.parse import ini
from llmdeps.sources.parse.spans import LINE_BREAKS, Style
from tests.sources.parse.properties import PROPERTY, assert_positioned, texts

_SNIPPETS = [
    "[section]",
    "  [indented]",
    "key",
    " = ",
    ": ",
    "=",
    "value",
    '"quoted"',
    "'q'",
    " # note",
    " ; note",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "# comment",
    "; c",
    "é",
    "[",
    "]",
]


def test_sections_pairs_and_comments() -> None:
    text = 'top = 1\n[main]\nmodel = "llama3" ; the model\n  [other]\nkey: v # c\n'
    parsed = ini.read(text)
    assert parsed.error is None
    ((top, one), (main, section), (other, section2)) = parsed.documents[0].pairs or []
    assert (top.value, one.value, one.column) == ("top", "1", 7)
    assert (main.value, section.line, section.column) == ("[main]", 2, 1)
    ((model, value),) = section.pairs or []
    assert (model.value, value.value, value.style, value.column) == (
        "model",
        "llama3",
        Style.DOUBLE,
        9,
    )
    assert (other.value, section2.column, text[section2.start]) == ("[other]", 3, "[")
    ((key, v),) = section2.pairs or []
    assert (key.value, v.value, v.line, v.column) == ("key", "v", 5, 6)


@PROPERTY
@given(text=texts(_SNIPPETS))
def test_any_text_reads_to_nodes_inside_the_source(text: str) -> None:
    parsed = ini.read(text)
    assert parsed.error is None
    assert_positioned(parsed, text, LINE_BREAKS)
