"""jsonpos: one JSON reader with positions, lenient (config files) and strict (notebooks)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmdeps.sources.parse import jsonpos
from llmdeps.sources.parse.spans import LINE_BREAKS, Node, Style
from tests.sources.parse.properties import PROPERTY, assert_positioned, nodes, texts

_SNIPPETS = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"a"',
    '"m\\"x\\u00e9"',
    '"\\ud83d\\ude00"',
    "1",
    "-2.5e3",
    "true",
    "null",
    " ",
    "\n",
    "\r\n",
    "\r",
    "// c\n",
    "/* c\n */",
    "\ufeff",
    '"model"',
    '"\\',
    "é",
    "😀",
    "\t",
    "01",
    ".5",
]


def root(text: str, *, strict: bool = False) -> Node:
    parsed = jsonpos.read(text, strict=strict)
    assert parsed.error is None
    assert len(parsed.documents) == 1
    return parsed.documents[0]


def test_positions_of_keys_values_and_containers() -> None:
    text = '{\n  "a": [1, "x"],\n  "b": {"c": "d"}\n}\n'
    doc = root(text)
    (ka, va), (kb, vb) = doc.pairs or []
    assert (ka.value, ka.line, ka.column, ka.style) == ("a", 2, 3, Style.DOUBLE)
    assert va.items is not None and [(n.line, n.column) for n in va.items] == [(2, 9), (2, 12)]
    assert va.items[0].value is None and va.items[1].value == "x"
    assert text[vb.start : vb.end] == '{"c": "d"}'
    assert text[doc.start : doc.end] == text.rstrip("\n")
    assert jsonpos.read(text).last_line == 4


def test_lenient_reads_comments_and_trailing_commas_strict_does_not() -> None:
    text = '{"a": [1, 2,], // note\n "b": 3, /* x */}'
    assert root(text).pairs is not None
    assert jsonpos.read(text, strict=True).error == 1
    assert jsonpos.read("  // nothing\n").documents == ()
    assert jsonpos.read("  // nothing\n").error is None
    assert jsonpos.read("", strict=True).error == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [('{"a": 1\n"b": 2}', 2), ('{"a": }', 1), ("[1,\n2,\n", 3), ('{"a" 1}', 1), ("[] []", 1)],
)
def test_errors_are_data_with_their_line(text: str, line: int) -> None:
    parsed = jsonpos.read(text)
    assert (parsed.documents, parsed.error) == ((), line)


@pytest.mark.parametrize(
    "text", ["01", "1.", ".5", "[1,]", '{"a":1,}', '"\t"', '"\\x"', "\ufeff{}", "[1] x", "-"]
)
def test_strict_refuses_what_json_refuses(text: str) -> None:
    assert jsonpos.read(text, strict=True).error is not None
    with pytest.raises(ValueError):
        json.loads(text)


def test_strict_depth_cap_is_on_values() -> None:
    limit = jsonpos.MAX_STRICT_DEPTH
    assert jsonpos.read("[" * (limit + 1) + "]" * (limit + 1), strict=True).error is None
    assert jsonpos.read("[" * limit + "1" + "]" * limit, strict=True).error is None
    assert jsonpos.read("[" * (limit + 1) + "1" + "]" * (limit + 1), strict=True).error == 1
    deep = "[" * 100_000 + "]" * 100_000  # the lenient reader has no cap and no recursion
    assert jsonpos.read(deep).error is None


def test_a_string_that_never_closes_costs_one_pass() -> None:
    # the notebook reader's old pattern backtracked exponentially on this
    assert jsonpos.read('["' + "a" * 5000 + "\x01", strict=True).error == 1
    assert jsonpos.read('["' + "a" * 5000 + "\n", strict=False).error == 1


def test_member_is_what_json_loads_gives() -> None:
    text = '{"a": "1", "a": "2", "n": null, "z": 0}'
    doc = root(text)
    assert (jsonpos.member(text, doc, "a") or Node(0, 0, 0, 0)).value == "2"
    assert jsonpos.member(text, doc, "b") is None
    assert jsonpos.member(text, doc, "n") is None
    assert jsonpos.member(text, doc, "z") is not None
    assert jsonpos.member(text, None, "a") is None
    assert jsonpos.member(text, (doc.pairs or [])[0][1], "a") is None


def test_string_offsets() -> None:
    text = '["a\\"b\\u00e9\\\\c"]'
    s = (root(text).items or [])[0]
    assert s.value == 'a"bé\\c'
    assert [text[o] for o in jsonpos.string_offsets(text, s)] == ["a", "\\", "b", "\\", "\\", "c"]


def test_plain_tree() -> None:
    tree = jsonpos.plain_tree({"a": ["x", 1, {"b": None}]})
    ((key, value),) = tree.pairs or []
    assert key.value == "a" and value.items is not None
    assert [n.value for n in value.items] == ["x", None, None]


@PROPERTY
@given(text=texts(_SNIPPETS), strict=st.booleans())
def test_any_text_reads_to_nodes_inside_the_source(text: str, strict: bool) -> None:
    parsed = jsonpos.read(text, strict=strict)
    assert_positioned(parsed, text, LINE_BREAKS)
    for node in nodes(parsed):
        if node.value is not None:
            assert text[node.start] == '"' and text[node.end - 1] == '"'
            offsets = jsonpos.string_offsets(text, node)
            assert len(offsets) == len(node.value)
            assert all(node.start < o < node.end - 1 for o in offsets)


@PROPERTY
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    indent=st.sampled_from([None, 1, "\t"]),
    ascii=st.booleans(),
)
def test_strict_reads_what_json_dumps_writes(
    value: object, indent: int | str | None, ascii: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    parsed = jsonpos.read(text, strict=True)
    assert parsed.error is None
    assert_positioned(parsed, text, LINE_BREAKS)
    strings = [n.value for n in nodes(parsed) if n.value is not None]
    assert sorted(strings) == sorted(_strings(value))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_a_raw_break_inside_a_lenient_string_moves_the_line() -> None:
    # not JSON, but the lenient reader takes it: what follows is still where its offset says
    text = '["a\rb", "x\\\nz",\n "c"]'
    items = root(text).items or []
    assert [(n.line, n.column) for n in items] == [(1, 2), (2, 5), (4, 2)]
