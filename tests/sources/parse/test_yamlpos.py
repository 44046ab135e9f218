"""yamlpos: YAML events into positioned nodes; offsets and styles for reading inside scalars."""

from __future__ import annotations

from hypothesis import given

from llmdeps.sources.parse import yamlpos
from llmdeps.sources.parse.spans import YAML_LINE_BREAKS, Node, Style
from tests.sources.parse.properties import PROPERTY, assert_positioned, nodes, texts

_SNIPPETS = [
    "a",
    "model",
    ": ",
    "- ",
    "-",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "'x'",
    '"y\\n"',
    "|\n",
    ">-\n",
    "|2\n",
    "  line\n",
    "&a ",
    "*a",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "#c",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "!!str ",
    "\ufeff",
    "\x85",
    "\u2028",
    "é",
    "😀",
    "\\",
    "key: |\n  run\n  two\n",
]


def only(text: str) -> Node:
    parsed = yamlpos.read(text)
    assert parsed.error is None and len(parsed.documents) == 1
    return parsed.documents[0]


def test_scalars_keep_offsets_and_style() -> None:
    text = "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\n  eral\ne: >\n  fol\n  ded\n"
    pairs = only(text).pairs or []
    styles = {k.value: (v.style, text[v.start : v.end]) for k, v in pairs}
    assert styles == {
        "a": (Style.PLAIN, "plain"),
        "b": (Style.SINGLE, "'single'"),
        "c": (Style.DOUBLE, '"double"'),
        "d": (Style.LITERAL, "|\n  lit\n  eral\n"),
        "e": (Style.FOLDED, ">\n  fol\n  ded\n"),
    }
    assert [(k.line, k.column) for k, _v in pairs] == [(1, 1), (2, 1), (3, 1), (4, 1), (7, 1)]


def test_containers_span_to_their_end() -> None:
    text = "x: [1, 2]\ny:\n  - a\n  - b\n"
    (_kx, x), (_ky, y) = only(text).pairs or []
    assert text[x.start : x.end] == "[1, 2]"
    assert text[y.start : y.end].startswith("- a\n  - b")


def test_aliases_are_the_anchored_node() -> None:
    doc = only("a: &x {k: v}\nb: *x\nc: *missing\n")
    (_ka, a), (_kb, b), (_kc, c) = doc.pairs or []
    assert b is a
    assert c.value is None and c.pairs is None and (c.line, c.column) == (3, 4)


def test_billion_laughs_costs_its_size() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 30)]
    parsed = yamlpos.read("\n".join(lines))
    assert parsed.error is None and parsed.nodes < 1000


def test_errors_keep_the_complete_documents() -> None:
    parsed = yamlpos.read("a: 1\n---\nb: 2\n---\nc: [\n")
    assert [d.pairs[0][0].value for d in parsed.documents if d.pairs] == ["a", "b"]
    assert parsed.error == 6 and parsed.last_line == 4


def test_a_leading_byte_order_mark_is_no_column() -> None:
    text = "\ufeffa: b\nc: d\n"
    (ka, va), (kc, _vc) = only(text).pairs or []
    assert (ka.line, ka.column, text[ka.start]) == (1, 1, "a")
    assert (va.column, text[va.start]) == (4, "b")
    assert (kc.line, kc.column, text[kc.start]) == (2, 1, "c")


def test_the_end_of_a_text_without_a_final_break_is_on_its_last_line() -> None:
    doc = only("a:")
    ((_k, empty),) = doc.pairs or []
    assert (empty.value, empty.line, empty.column, empty.start) == ("", 1, 3, 2)


def test_deep_nesting_does_not_recurse() -> None:
    parsed = yamlpos.read("[" * 5000 + "]" * 5000)
    assert parsed.error is None or parsed.error >= 1  # libyaml may refuse; it never raises


@PROPERTY
@given(text=texts(_SNIPPETS))
def test_any_text_reads_to_nodes_inside_the_source(text: str) -> None:
    parsed = yamlpos.read(text)
    assert_positioned(parsed, text, YAML_LINE_BREAKS, bom_column=True)
    for node in nodes(parsed):
        assert (node.style is None) == (node.value is None)


def contents(text: str) -> dict[str, tuple[str, str]]:
    """Each value of a one-mapping document: its content and the source characters it maps to."""
    out = {}
    for key, value in only(text).pairs or []:
        content, offs = yamlpos.scalar_text(text, value)
        assert len(offs) == len(content)
        out[key.value or ""] = (content, "".join(text[o] for o in offs))
    return out


def test_scalar_text_undoes_each_style() -> None:
    text = (
        "plain: one\n  two\n\n  three # not content\n"
        "single: 'it''s\n  here'\n"
        'double: "a\\tb\\\n   c\\x41"\n'
        "literal: |\n  lit\n    more\n\n  eral\n\n"
        "folded: >-\n  fol\n  ded\n\n  x\n   y\n"
        "anchored: &a !!str value\n"
        "crlf: |\r\n  a\r\n  b\r\n"
    )
    assert contents(text) == {
        "plain": ("one two\nthree", "one\ntwo\nthree"),
        "single": ("it's here", "it's\nhere"),
        "double": ("a\tb" + "cA", "a\\bc\\"),
        "literal": ("lit\n  more\n\neral\n", "lit\n  more\n\neral\n"),
        "folded": ("fol ded\nx\n y", "fol\nded\nx\n y"),
        "anchored": ("value", "value"),
        "crlf": ("a\nb\n", "a\rb\r"),
    }


def test_scalar_text_of_an_indentation_indicator_is_aligned() -> None:
    text = "k: |2\n   x\n"
    ((_k, value),) = only(text).pairs or []
    content, offs = yamlpos.scalar_text(text, value)
    assert content == " x\n" and text[offs[1]] == "x"


def test_scalar_text_of_a_container_is_empty() -> None:
    assert yamlpos.scalar_text("a: [1]\n", only("a: [1]\n")) == ("", ())


_SYNTHESISED = frozenset(" \t\n\r\x85\u2028\u2029")
"""Folded line breaks, normalised breaks and indentation-indicator spaces."""


@PROPERTY
@given(text=texts(_SNIPPETS))
def test_scalar_text_maps_every_character_into_the_source(text: str) -> None:
    for node in nodes(yamlpos.read(text)):
        content, offs = yamlpos.scalar_text(text, node)
        assert content == (node.value or "") and len(offs) == len(content)
        for ch, off in zip(content, offs, strict=True):
            assert 0 <= off < len(text), (node, off)
            escaped = node.style is Style.DOUBLE and text[off] == "\\"
            assert text[off] == ch or ch in _SYNTHESISED or escaped, (text, node, ch, off)
