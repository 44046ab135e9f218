"""toml: a lenient TOML reader with positions; tomllib judges only what it cannot follow."""

from __future__ import annotations

from hypothesis import given

from llmdeps.sources.parse import toml
from llmdeps.sources.parse.spans import LINE_BREAKS, Node, Style
from tests.sources.parse.properties import PROPERTY, assert_positioned, texts

_SNIPPETS = [
    "[tool.x]\n",
    "[[a.b]]\n",
    "key",
    " = ",
    '"v"',
    "'lit'",
    '"""multi\nline"""',
    "'''raw'''",
    "1",
    "1979-05-27",
    "true",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ".",
    '"q.k"',
    "\n",
    "\r\n",
    "# c\n",
    " ",
    "\t",
    "model",
    "=",
    '"\\u00e9"',
    "é",
    "\\",
]


def only(text: str) -> Node:
    parsed = toml.read(text)
    assert parsed.error is None and len(parsed.documents) == 1
    return parsed.documents[0]


def test_tables_dotted_keys_and_values_keep_positions() -> None:
    text = 'top = "a"\n[tool.x]\nm.n = [\n  "b",\n  {k = \'c\'},\n]\n[[arr]]\n[[arr]]\nz = 1\n'
    pairs = only(text).pairs or []
    assert [k.value for k, _v in pairs] == ["top", "[tool.x]", "[arr][0]", "[arr][1]"]
    (_top, top_value), (_hx, table), *_rest = pairs
    assert (top_value.value, top_value.style, top_value.line, top_value.column) == (
        "a",
        Style.DOUBLE,
        1,
        7,
    )
    ((m, inner),) = table.pairs or []
    ((n, array),) = inner.pairs or []
    assert (m.value, n.value, (n.line, n.column)) == ("m", "n", (3, 3))
    items = array.items or []
    assert [(i.line, i.column) for i in items] == [(4, 3), (5, 3)]
    ((k, c),) = items[1].pairs or []
    assert (k.value, c.value, c.style, text[c.start : c.end]) == ("k", "c", Style.SINGLE, "'c'")


def test_multi_line_strings() -> None:
    text = "a = \"\"\"\nx\ny\"\"\"\nb = '''r'''\n"
    (_ka, a), (_kb, b) = only(text).pairs or []
    assert (a.value, text[a.start : a.end]) == ("x\ny", '"""\nx\ny"""')
    assert b.value == "r"


def test_invalid_toml_is_an_error_line() -> None:
    parsed = toml.read('a = 1\nb = [1,\nc = "x"\n')
    assert parsed.documents == () and parsed.error == 3


def test_valid_toml_this_reader_cannot_follow_is_error_zero() -> None:
    # nested deeper than the reader goes: tomllib accepts it, so there is nothing to warn about
    parsed = toml.read("a = " + "[" * (toml.MAX_DEPTH + 2) + "]" * (toml.MAX_DEPTH + 2) + "\n")
    assert parsed.documents == () and parsed.error == 0


@PROPERTY
@given(text=texts(_SNIPPETS))
def test_any_text_reads_to_nodes_inside_the_source(text: str) -> None:
    assert_positioned(toml.read(text), text, LINE_BREAKS)
