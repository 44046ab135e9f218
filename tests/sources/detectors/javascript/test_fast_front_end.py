"""The one-`finditer` lexer and the relevance skip: same tokens, same references, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from llmdeps.model import RefKind
from llmdeps.sources.detectors.javascript import Group, build_tree, find_candidates, lex, walker
from llmdeps.sources.detectors.javascript.relevance import holds_mark, relevant_offsets
from tests.sources.detectors.javascript.reference_lexer import reference_lex
from tests.sources.detectors.javascript.support import models, scan

# Every rule of the lexer in one file: comments with and without line breaks, regex literals
# against division, escapes, templates with substitutions, `?.` before a digit, unicode spaces
# (NBSP is blank, the ideographic space starts an identifier), emoji, a BOM, `#!`.
TRICKY = """#!/usr/bin/env node
\ufeffconst a = b / 2 /* one */ / c; const r = /[/]'x'/g.test(s) ? 1 : .5
let t = `x${ {k: `in${1}`}.k }y` + `plain $ text` + 'esc\\'aped' + "\\u{1F600}"
x?.5:y?.z; a /= 2; label: for (;;) {}   /* multi
line */ f(\u00a0a\u3000b, 'open
emoji = '🔧' + 🔧 ; \\ @dec #priv
"""


def _stream(text: str) -> list[tuple[str, str, int, bool]]:
    return [(t.kind, t.value, t.start, t.nl) for t in lex(text)]


def _reference(text: str) -> list[tuple[str, str, int, bool]]:
    return [(t.kind, t.value, t.start, t.nl) for t in reference_lex(text)]


def test_tokens_match_the_reference_lexer_on_every_rule() -> None:
    assert _stream(TRICKY) == _reference(TRICKY)
    kinds = {t.kind for t in lex(TRICKY)}
    assert {"id", "str", "tpl", "num", "op", "regex", "bad", "open", "close"} <= kinds


_JS_PIECES = st.sampled_from(
    ["a", "model", " ", "\n", "\t", "'gpt-4o'", '"x"', "`", "${", "}", "{", "(", ")", "[", "]"]
    + ["/", "//", "/*", "*/", "*", "\\", "'", '"', ".", "5", "?.", "=>", "=", ":", ",", ";"]
    + ["\u2028", "\u00a0", "\u3000", "🔧", "é", "\r", "return", "#", "!=="]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_JS_PIECES, max_size=40).map("".join))
def test_tokens_match_the_reference_lexer_on_js_like_text(text: str) -> None:
    assert _stream(text) == _reference(text)


@settings(max_examples=150, deadline=None)
@given(st.text())
@example(".²")  # a dot before a digit that is not a decimal digit (found by hypothesis)
def test_tokens_match_the_reference_lexer_on_any_text(text: str) -> None:
    assert _stream(text) == _reference(text)


def test_groups_know_where_they_close() -> None:
    text = "f(a, { b: [c] }) ("
    tree = build_tree(lex(text))
    call = tree[1]
    assert isinstance(call, Group) and call.end == text.index(")")
    obj = call.items[-1]
    assert isinstance(obj, Group) and obj.end == text.index("}")
    unclosed = tree[-1]
    assert isinstance(unclosed, Group) and unclosed.end > len(text)


def test_build_tree_reports_brackets_that_do_not_pair_up() -> None:
    faults: list[int] = []
    build_tree(lex("f(a, { b: [c] })"), faults)
    assert faults == []
    text = "f(a, { b: [c) ]) {"
    build_tree(lex(text), faults)
    # `)` closes `(` over `{ [`; then a stray `]` and `)`; the last `{` never closes
    assert faults == [12, 14, 15, 17]


def test_relevance_marks_plausible_literals_and_names_that_reach_one() -> None:
    text = (
        "const M = env.X ?? 'd'; const r = pick(); f({ a: 'hello world' }); g({ b: M });"
        " h({ c: 'llama3' }); k({ d: r.x }); generateText(opts)"
    )
    toks = lex(text)
    marks = relevant_offsets(toks)
    assert text.index("'llama3'") in marks
    assert text.index("'hello world'") not in marks  # a space: never an id
    assert text.index("M }") in marks  # a const the walk records
    assert text.index("r.x") not in marks  # a call's result is never a const
    assert text.index("opts") not in marks  # neither declared nor an object key
    tree = build_tree(toks)
    groups = [it for it in tree if isinstance(it, Group)]
    held = [holds_mark(marks, g) for g in groups]
    # pick(), f({...}), g({ b: M }), h({ c: 'llama3' }), k({ d: r.x }), generateText(opts)
    assert held == [False, False, True, True, False, False]
    with_root = lex("const opts = { model: 'x' }; run(() => generateText(opts))")
    assert 52 in relevant_offsets(with_root)  # `opts` passed: its object may become a call


def test_a_literal_that_is_only_plausible_counts_where_a_strong_slot_can_start() -> None:
    text = (
        "const D = 'prod-chat'; f({ type: 'text', deployment: 'east-2' });"
        " azure('west-1'); x === 'other'; g({ m: c ? 'a-b' : 'c-d' }); h(['x-1', 'org/name'])"
    )
    marks = set(relevant_offsets(lex(text)))
    for kept in ("'prod-chat'", "'east-2'", "'west-1'", "'a-b'", "'c-d'", "'org/name'"):
        assert text.index(kept) in marks, kept
    for dropped in ("'text'", "'other'", "'x-1'"):
        assert text.index(dropped) not in marks, dropped


def test_skipped_groups_change_no_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    # the const is defined in one function and used in a call in another; the fixture between
    # them holds no plausible literal and is skipped
    text = """\
import { generateText } from 'ai';
function setup() { const DEPLOYMENT = 'prod-chat-east'; return DEPLOYMENT; }
const fixture = { rows: [{ text: 'a b c' }, { text: 'd e f' }], meta: { note: 'x y' } };
export async function run() {
  return generateText({ model: DEPLOYMENT, prompt: 'hi there' });
}
"""
    found = find_candidates(text)
    assert [(c.model, c.context, c.kind) for c in found] == [
        ("prod-chat-east", "setup:DEPLOYMENT", RefKind.CALL)
    ]
    monkeypatch.setattr(walker, "relevant_offsets", lambda toks: None)  # walk every group
    assert find_candidates(text) == found


def test_broken_binary_and_huge_sources_never_crash() -> None:
    broken = "const x = { model: 'gpt-4o', ]] ) `unterminated ${ openai('gpt-4o-mini'"
    assert models(broken) == ["gpt-4o", "gpt-4o-mini"]  # what can be read still is
    binary = "\x00\x01\xff\ufffd" * 5000 + "'gpt-4o'\x00/*"
    assert scan(binary, "dist2/blob.js") == []
    deep = "const M = [" * 5000 + "'gpt-4o'" + "]" * 5000
    assert isinstance(scan(deep), list)
    huge = "export const rows = [\n" + "  { id: 'row-%d', text: 'lorem ipsum' },\n" * 40000
    huge = huge.replace("%d", "1") + "];\nconst MODEL = 'llama3.1:8b';\n"
    assert models(huge) == ["llama3.1:8b"]
