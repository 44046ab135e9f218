"""The shell word reader: words keep the file offset of every character, on any text."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from llmdeps.sources.parse.shellwords import (
    Body,
    Segment,
    Word,
    commands,
    exec_form,
    offset_lines,
    strip_quotes,
    substitutions,
    tokenize,
    whole,
)

PROPERTY = settings(max_examples=200, deadline=timedelta(seconds=2))

# Shell syntax is in a few characters: weight them, and keep any text possible.
SHELL_TEXT = st.lists(
    st.sampled_from(list("ab =:-'\"\\\n\t\r;&|<>()${}`#*[],!0é") + ["<<EOF", "<<-'EOF'", "EOF"]),
    max_size=120,
).map("".join) | st.text(max_size=200)


def words_of(tokens: list[object]) -> list[Word]:
    out: list[Word] = []
    for tok in tokens:
        if isinstance(tok, Word):
            out.append(tok)
            out.extend(tok.items or [])
    return out


def test_tokenizer_keeps_offsets_through_quotes_and_continuations() -> None:
    text = "a \"b c\"'d' \\\n  e\\ f"
    words = [t for t in tokenize(Segment(text, range(len(text)))) if isinstance(t, Word)]
    assert [w.text for w in words] == ["a", "b cd", "e f"]
    assert words[1].offs == [3, 4, 5, 8]
    assert words[2].offs == [15, 17, 18]


def test_heredoc_bodies_go_to_their_command() -> None:
    text = "cat <<EOF | sh\nollama pull x\nEOF\necho done\n"
    cmds = commands(tokenize(whole(text)))
    assert [[w.text for w in c.words] for c in cmds] == [["cat"], ["sh"], ["echo", "done"]]
    assert [b.text for b in cmds[0].bodies] == ["ollama pull x\n"]
    assert cmds[0].sep == "|"


def test_assignments_arrays_and_substitutions() -> None:
    text = 'M=(llama3 "phi3:mini") OUT=$(ollama run "$M" hi)'
    first, second = [t for t in tokenize(whole(text)) if isinstance(t, Word)]
    assert first.assigns() is not None and [w.text for w in first.items or []] == [
        "llama3",
        "phi3:mini",
    ]
    inner = list(substitutions(second))
    assert [s.text for s in inner] == ['ollama run "$M" hi']
    assert [text[o] for o in inner[0].offs] == list(inner[0].text)
    quoted = [t for t in tokenize(whole('"X"=1')) if isinstance(t, Word)]
    assert quoted[0].assigns() is None  # a quoted name does not assign


def test_exec_form_and_quotes() -> None:
    text = '  ["ollama", "pull", \'llama3\', x]'
    words = exec_form(whole(text)) or []
    assert [(w.text, w.quoted) for w in words] == [
        ("ollama", True),
        ("pull", True),
        ("llama3", True),
        ("x", False),
    ]
    assert exec_form(whole("ollama pull x")) is None
    assert strip_quotes("'ab'", range(4)) == ("ab", (1, 2))
    assert strip_quotes("ab'", range(3)) == ("ab'", (0, 1, 2))


@PROPERTY
@given(SHELL_TEXT, st.integers(min_value=0, max_value=1000))
def test_every_character_of_a_word_is_the_source_character_at_its_offset(
    text: str, base: int
) -> None:
    seg = Segment(text, range(base, base + len(text)))
    tokens = tokenize(seg)
    for word in words_of(list(tokens)):
        assert len(word.offs) == len(word.text)
        for ch, off in zip(word.text, word.offs, strict=True):
            assert base <= off < base + len(text)
            assert text[off - base] == ch
        for inner in substitutions(word):
            assert all(base <= off < base + len(text) for off in inner.offs)
    for tok in tokens:
        if isinstance(tok, Body):
            body = tok.segment
            assert [text[o - base] for o in body.offs] == list(body.text)
    for cmd in commands(tokens):
        assert all(isinstance(w, Word) for w in cmd.words)
        assert all(base <= o < base + len(text) for b in cmd.bodies for o in b.offs)


@PROPERTY
@given(SHELL_TEXT)
def test_exec_form_words_come_from_the_source(text: str) -> None:
    seg = whole(f"[{text}]")
    for word in exec_form(seg) or []:
        assert len(word.offs) == len(word.text)
        assert all(seg.text[o] == ch for ch, o in zip(word.text, word.offs, strict=True))


@PROPERTY
@given(SHELL_TEXT)
def test_offset_lines_point_into_the_text(text: str) -> None:
    for offset, line in offset_lines(text):
        assert text[offset : offset + len(line)] == line
        assert "\n" not in line
