"""Shell text as words and simple commands, keeping the file offset of every character.

A position-keeping reader and nothing more: it knows shell quoting, expansions, operators, line
continuations and heredocs, and nothing about models. Offsets stay exact after quote removal, so a
reader of Dockerfiles, Makefiles or CI YAML can cut shell text out of a file and still point at the
file. `tokenize` and `commands` never raise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from llmdeps.lazyre import lazy_compile

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
"""A shell (and make, just) variable name."""
_ASSIGN = lazy_compile(r"(" + NAME + r")\+?=")

@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of shell text and, for each character, its offset in the file."""

    text: str
    offs: Sequence[int]

    def slice(self, start: int, end: int) -> Segment:
        """The characters [start, end)."""
        return Segment(self.text[start:end], self.offs[start:end])


def whole(text: str) -> Segment:
    """A whole text, offsets from 0."""
    return Segment(text, range(len(text)))


@dataclass(slots=True)
class Word:
    """A shell word after quote removal; expansions (`$X`, `${X:-d}`, `$(...)`) are kept raw."""

    text: str
    offs: Sequence[int]
    quoted: bool = False
    items: list[Word] | None = None
    """`NAME=(a b c)`: the array's words."""
    qstart: int = 1 << 30
    """Index in `text` of the first character that came from inside quotes."""

    def assigns(self) -> re.Match[str] | None:
        """`NAME=` with the name unquoted: a shell assignment."""
        m = _ASSIGN.match(self.text)
        return m if m is not None and m.end() <= self.qstart else None


@dataclass(slots=True)
class Op:
    """A control operator (`&&`, `;`, newline, ...) or a heredoc marker (`<<`)."""

    op: str


@dataclass(slots=True)
class Body:
    """A heredoc body."""

    segment: Segment


Token = Word | Op | Body

_SEPARATORS = frozenset({"\n", ";", "&&", "||", "|", "&", ";;", "|&", "(", ")", ";&", ";;&"})


_PLAIN = lazy_compile(r"[^\s\\'\"$`{|&;()<>=]+=?")
_DQ_PLAIN = lazy_compile(r'[^"\\$]+')


def tokenize(seg: Segment, nested: bool = False) -> list[Token]:
    """Split shell text into words, operators and heredoc bodies; never raises."""
    t, offs = seg.text, seg.offs
    n = len(t)
    tokens: list[Token] = []
    chunks: list[tuple[int, int]] = []  # spans of t that make up the current word
    state = {"in_word": False, "quoted": False, "drop": False}
    qstart = [1 << 30]
    pending: list[tuple[str, bool]] = []

    def build() -> Word:
        if len(chunks) == 1:
            i, j = chunks[0]
            word = Word(t[i:j], offs[i:j], state["quoted"], qstart=qstart[0])
        else:
            where: list[int] = []
            for i, j in chunks:
                where.extend(offs[i:j])
            text = "".join([t[i:j] for i, j in chunks])
            word = Word(text, where, state["quoted"], qstart=qstart[0])
        chunks.clear()
        state["in_word"] = False
        state["quoted"] = False
        qstart[0] = 1 << 30
        return word

    def flush() -> None:
        if state["in_word"]:
            word = build()
            if state["drop"]:
                state["drop"] = False
            else:
                tokens.append(word)

    def quote() -> None:
        state["in_word"] = True
        state["quoted"] = True
        qstart[0] = min(qstart[0], sum(j - i for i, j in chunks))

    def add(i: int, j: int | None = None) -> None:
        """Characters t[i:j] (one when j is None) join the current word."""
        chunks.append((i, i + 1 if j is None else j))
        state["in_word"] = True

    def balanced(i: int, open_: str, close: str) -> int:
        """Index after the bracket that closes the one at t[i]."""
        depth = 0
        j = i
        while j < n:
            if t[j] == open_:
                depth += 1
            elif t[j] == close:
                depth -= 1
                if depth == 0:
                    return j + 1
            elif t[j] == "\\":
                j += 1
            j += 1
        return n

    i = 0
    while i < n:
        c = t[i]
        if c == "\\":
            if t.startswith("\n", i + 1):
                i += 2
            elif t.startswith("\r\n", i + 1):
                i += 3
            elif i + 1 < n:
                add(i + 1)
                i += 2
            else:
                i += 1
            continue
        if c in " \t\r\f\v":
            flush()
            i += 1
            continue
        if c == "\n":
            flush()
            state["drop"] = False
            tokens.append(Op("\n"))
            i += 1
            while pending:
                delim, strip_tabs = pending.pop(0)
                body_start = i
                while i < n:
                    end = t.find("\n", i)
                    end = n if end < 0 else end
                    line = t[i:end].rstrip("\r")
                    if (line.lstrip("\t") if strip_tabs else line) == delim:
                        tokens.append(Body(seg.slice(body_start, i)))
                        i = end + 1
                        break
                    i = end + 1
                else:
                    tokens.append(Body(seg.slice(body_start, n)))
            continue
        if c == "#" and not state["in_word"]:
            end = t.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "'":
            end = t.find("'", i + 1)
            end = n if end < 0 else end
            quote()
            add(i + 1, end)
            i = end + 1
            continue
        if c == '"':
            quote()
            j = i + 1
            while j < n and t[j] != '"':
                if t[j] == "\\" and j + 1 < n and t[j + 1] in '"\\$`\n':
                    if t[j + 1] != "\n":
                        add(j + 1)
                    j += 2
                    continue
                if t[j] == "$" and t.startswith(("{", "("), j + 1):
                    end = balanced(j + 1, t[j + 1], "}" if t[j + 1] == "{" else ")")
                    add(j, end)
                    j = end
                    continue
                plain = _DQ_PLAIN.match(t, j)
                end = plain.end() if plain else j + 1
                add(j, end)
                j = end
            i = j + 1
            continue
        if c == "$" and i + 1 < n and t[i + 1] in "{(":
            end = balanced(i + 1, t[i + 1], "}" if t[i + 1] == "{" else ")")
            add(i, end)
            i = end
            continue
        if c == "{" and t.startswith("{{", i):
            end = t.find("}}", i)
            end = n if end < 0 else end + 2
            add(i, end)
            i = end
            continue
        if c == "`":
            end = t.find("`", i + 1)
            end = n if end < 0 else end + 1
            add(i, end)
            i = end
            continue
        if c == "(" and not nested and chunks and t[chunks[-1][1] - 1] == "=":
            end = balanced(i, "(", ")")
            word = build()
            inner = tokenize(seg.slice(i + 1, max(i + 1, end - 1)), nested=True)
            word.items = [w for w in inner if isinstance(w, Word)]
            tokens.append(word)
            i = end
            continue
        if c in "|&;()":
            flush()
            two = t[i : i + 2]
            op = two if two in ("&&", "||", ";;", "|&", ";&") else c
            tokens.append(Op(op))
            state["drop"] = False
            i += len(op)
            continue
        if c in "<>":
            if state["in_word"] and "".join([t[a:b] for a, b in chunks]).isdigit():
                build()  # a file descriptor (`2>`): not a word
            flush()
            if t.startswith("<<<", i):
                i += 3
                state["drop"] = True
                continue
            if t.startswith("<<", i):
                i += 2
                strip_tabs = t.startswith("-", i)
                i += 1 if strip_tabs else 0
                while i < n and t[i] in " \t":
                    i += 1
                match = re.match(r"""(["']?)([^\s"';&|<>()]+)\1""", t[i:])
                if match:
                    pending.append((match.group(2), strip_tabs))
                    tokens.append(Op("<<"))
                    i += match.end()
                continue
            while i < n and t[i] in "<>&|":
                i += 1
            state["drop"] = True
            continue
        plain = _PLAIN.match(t, i)
        end = plain.end() if plain else i + 1
        add(i, end)
        i = end
    flush()
    return tokens


@dataclass(slots=True)
class Command:
    """A simple command: its words and the heredoc bodies fed to it."""

    words: list[Word] = field(default_factory=list)
    bodies: list[Segment] = field(default_factory=list)
    heredocs: int = 0
    function: str | None = None
    """Set on the pseudo-command that opens `name() {`."""
    sep: str = "\n"
    """The operator that ended the command (`|` when it feeds the next one)."""


def commands(tokens: list[Token]) -> list[Command]:
    """Group tokens into simple commands."""
    out: list[Command] = []
    cur = Command()
    waiting: list[Command] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if isinstance(tok, Word):
            cur.words.append(tok)
        elif isinstance(tok, Body):
            if waiting:
                owner = waiting[0]
                owner.bodies.append(tok.segment)
                if len(owner.bodies) >= owner.heredocs:
                    waiting.pop(0)
        elif tok.op == "<<":
            cur.heredocs += 1
            if not any(c is cur for c in waiting):
                waiting.append(cur)
        elif tok.op in _SEPARATORS:
            is_paren = tok.op == "(" and i + 1 < len(tokens)
            nxt = tokens[i + 1] if is_paren else None
            if is_paren and isinstance(nxt, Op) and nxt.op == ")" and cur.words:
                words = [w.text for w in cur.words]
                if len(words) == 1 or (len(words) == 2 and words[0] == "function"):
                    out.append(Command(function=words[-1]))
                    cur = Command()
                    i += 2
                    continue
            if cur.words or cur.heredocs:
                cur.sep = tok.op
                out.append(cur)
            cur = Command()
        i += 1
    if cur.words or cur.heredocs:
        out.append(cur)
    return out


RESERVED = frozenset({"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"})
"""Reserved words that may open a simple command (`if ollama pull x; then`): not the command."""


def substitutions(word: Word) -> Iterator[Segment]:
    """The command text inside `$(...)` and backquotes of a word (not `$((arithmetic))`)."""
    text = word.text
    if "$(" not in text and "`" not in text:
        return
    i = 0
    while i < len(text):
        if text.startswith("$(", i) and not text.startswith("$((", i):
            depth, j = 0, i + 1
            while j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            yield Segment(text[i + 2 : j], word.offs[i + 2 : j])
            i = j + 1
        elif text[i] == "`":
            end = text.find("`", i + 1)
            end = len(text) if end < 0 else end
            yield Segment(text[i + 1 : end], word.offs[i + 1 : end])
            i = end + 1
        else:
            i += 1


def strip_quotes(text: str, offs: Sequence[int]) -> tuple[str, tuple[int, ...]]:
    """`"x"` or `'x'` without its quotes, offsets kept; other text as it is."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1], tuple(offs[1:-1])
    return text, tuple(offs)


def exec_form(seg: Segment) -> list[Word] | None:
    """`["ollama", "pull", "x"]` (Dockerfile exec form, YAML flow list) as words."""
    text = seg.text.strip()
    if not text.startswith("[") or not text.endswith("]"):
        return None
    base = seg.text.index("[")
    words: list[Word] = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^,\s\[\]"\']+)', seg.text[base:]):
        group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        start = base + m.start(group)
        raw = m.group(group)
        chars: list[str] = []
        offs: list[int] = []
        j = 0
        while j < len(raw):
            if raw[j] == "\\" and j + 1 < len(raw) and group == 1:
                j += 1
            chars.append(raw[j])
            offs.append(seg.offs[start + j])
            j += 1
        words.append(Word("".join(chars), offs, group != 3))
    return words


def offset_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without newline or CR) for every line: where dialect readers cut shell text."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    return out
