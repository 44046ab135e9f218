"""The JS/TS lexer and bracket tree: the token and tree interface the walker reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.sources.detectors.javascript import Group, Item, Tok, build_tree, lex
from llmdeps.sources.detectors.javascript.lexer import MAX_DEPTH


def test_lexer_template_substitution_is_not_a_string() -> None:
    kinds = [(t.kind, t.value) for t in lex("`a${b}c` 'x'")]
    assert ("str", "x") in kinds
    assert not any(k == "str" and v in ("a", "c", "ac") for k, v in kinds)


def test_tokens_carry_kind_value_start_and_line_break() -> None:
    text = "const m = 'x'; // gone\nnew /re/g.test(a) / 2"
    toks = lex(text)
    assert [(t.kind, t.value) for t in toks] == [
        ("id", "const"),
        ("id", "m"),
        ("op", "="),
        ("str", "x"),
        ("op", ";"),
        ("id", "new"),
        ("regex", ""),
        ("op", "."),
        ("id", "test"),
        ("open", "("),
        ("id", "a"),
        ("close", ")"),
        ("op", "/"),
        ("num", "2"),
    ]
    assert toks[3].start == text.index("'x'")
    assert [t.value for t in toks if t.nl] == ["const", "new"]


def test_template_pieces_and_bad_strings() -> None:
    toks = lex("`a${b}c` 'open\n")
    assert [(t.kind, t.value) for t in toks] == [
        ("tpl", "a"),
        ("open", "${"),
        ("id", "b"),
        ("close", "}"),
        ("tpl", "c"),
        ("bad", ""),
    ]


def test_build_tree_nests_by_brackets() -> None:
    tree = build_tree(lex("f(a, [b], { c: `${d}` }) )] x"))
    assert [type(it).__name__ for it in tree] == ["Tok", "Group", "Tok"]
    call = tree[1]
    assert isinstance(call, Group) and call.kind == "("
    kinds = [it.kind for it in call.items if isinstance(it, Group)]
    assert kinds == ["[", "{"]
    obj = call.items[-1]
    assert isinstance(obj, Group)
    (template,) = [it for it in obj.items if isinstance(it, Group)]
    assert template.kind == "${"


def test_build_tree_closes_unclosed_groups_and_caps_depth() -> None:
    tree = build_tree(lex("(" * (MAX_DEPTH + 10) + "x"))
    depth, node = 0, tree
    while node and isinstance(node[0], Group):
        depth += 1
        node = node[0].items
    assert depth == MAX_DEPTH
    assert isinstance(node[-1], Tok) and node[-1].value == "x"


def _flatten(items: list[Item]) -> list[Tok]:
    out: list[Tok] = []
    for it in items:
        if isinstance(it, Group):
            out.extend(_flatten(it.items))
        else:
            out.append(it)
    return out


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_tokens_lie_inside_the_source_and_the_tree_keeps_them(text: str) -> None:
    toks = lex(text)
    starts = [t.start for t in toks]
    assert starts == sorted(starts)
    assert all(0 <= s < len(text) for s in starts)
    for t in toks:
        if t.kind == "str":
            assert text[t.start] in "'\"`"
    tree = build_tree(toks)
    assert _flatten(tree) == [t for t in toks if t.kind not in ("open", "close")]
