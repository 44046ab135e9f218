"""The JS/TS lexer and bracket-tree builder: source text -> `Tok` stream -> tree of `Item`s.

This module is the interface the rest of the detector reads, and the only one that sees raw text;
it knows nothing of SDKs or models. It can be replaced (tree-sitter, later) by anything that
produces the same two views of a source:

* `lex(text)`: the flat token stream, comments dropped, every bracket an `open` / `close` token;
  the bindings pass reads imports and `const x = create...(...)` from it.
* `build_tree(tokens)`: the same tokens nested by brackets. A `Group` holds what is between its
  opener and the matching closer; closers do not appear in the tree. The walker reads this view.

Every `Tok.start` is the offset (in code points) of the token's first character in the text, so a
string token points at its opening quote. Neither function raises on any input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from llmdeps.lazyre import lazy_compile

MAX_DEPTH = 120
"""Bracket nesting that is followed; deeper content is skipped (never a crash)."""

TokKind = Literal["id", "str", "tpl", "num", "op", "regex", "bad", "open", "close"]
"""`id` identifier or keyword; `str` string or template literal without substitutions (value is
the cooked text); `tpl` a template piece around a `${`; `num`; `op` operator or punctuation;
`regex` a regex literal (empty value); `bad` an unterminated string; `open` / `close` a bracket
(`(`, `[`, `{`, or `${` opening a template substitution)."""


@dataclass(slots=True)
class Tok:
    """One token of the source."""

    kind: TokKind
    value: str
    """The text of the token; for `str` and `tpl` the decoded characters without quotes."""
    start: int
    """Offset of the token's first character (a string's opening quote) in the source."""
    nl: bool
    """A line break precedes it (for automatic semicolon insertion)."""


@dataclass(slots=True)
class Group:
    """A bracketed group: `(`, `[`, `{` or a template substitution `${`."""

    open: Tok
    items: list[Item] = field(default_factory=list)
    end: int = 1 << 62
    """Offset of the closing bracket (very large while unclosed)."""

    @property
    def kind(self) -> str:
        """The opening bracket: `(`, `[`, `{` or `${`."""
        return self.open.value

    @property
    def nl(self) -> bool:
        return self.open.nl


Item = Tok | Group
"""One node of the bracket tree: a token (never `open` or `close`) or a nested group."""

EXPRESSION_KEYWORDS = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)
"""Keywords after which an expression starts: a `/` there opens a regex, a `[` an array."""

_IDENT = lazy_compile(r"[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*")
_NUMBER = lazy_compile(r"\.?\d[\w.]*")
_FAST = lazy_compile(
    r"(?P<ws>[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+)"
    r"|(?P<id>[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*)"
    r"|(?P<str>'[^'\\\n\r]*'|\"[^\"\\\n\r]*\")"
)
_SPACE = lazy_compile(r"[ \t\r\f\v\u00a0\ufeff]+")
_OPS = lazy_compile(
    r"=>|\?\?=?|\?\.(?!\d)|\|\|=?|&&=?|===?|!==?|\.\.\.|<<=?|>>>?=?|[<>]=?|\*\*=?|\+\+|--"
    r"|[-+*/%&|^]=|."
)
_STR_STOP = {"'": lazy_compile(r"['\\\n\r]"), '"': lazy_compile(r'["\\\n\r]')}
_TPL_STOP = lazy_compile(r"`|\\|\$\{")
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_HEX = lazy_compile(r"[0-9A-Fa-f]+")


def _escape(text: str, k: int) -> tuple[str, int]:
    """Decode the escape at text[k] == '\\'; return (chars, index after it)."""
    if k + 1 >= len(text):
        return "", k + 1
    c = text[k + 1]
    if c in _SIMPLE_ESC:
        return _SIMPLE_ESC[c], k + 2
    if c == "\r":
        return "", k + 3 if text.startswith("\n", k + 2) else k + 2
    if c in "\n\u2028\u2029":
        return "", k + 2
    if c == "x":
        digits = text[k + 2 : k + 4]
        if len(digits) == 2 and _HEX.fullmatch(digits):
            return chr(int(digits, 16)), k + 4
        return "x", k + 2
    if c == "u":
        if text.startswith("{", k + 2):
            end = text.find("}", k + 3)
            digits = text[k + 3 : end] if end > 0 else ""
            if (
                digits
                and len(digits) <= 6
                and _HEX.fullmatch(digits)
                and int(digits, 16) < 0x110000
            ):
                return chr(int(digits, 16)), end + 1
            return "u", k + 2
        digits = text[k + 2 : k + 6]
        if len(digits) == 4 and _HEX.fullmatch(digits):
            return chr(int(digits, 16)), k + 6
        return "u", k + 2
    return c, k + 2


def _scan_string(text: str, i: int) -> tuple[int, str | None]:
    """Scan a quoted string at text[i]; (end, value), value None when unterminated on its line."""
    stop = _STR_STOP[text[i]]
    parts: list[str] = []
    j = i + 1
    while True:
        m = stop.search(text, j)
        if m is None:
            return len(text), None
        k = m.start()
        parts.append(text[j:k])
        ch = text[k]
        if ch == text[i]:
            return k + 1, "".join(parts)
        if ch in "\n\r":
            return k, None
        esc, j = _escape(text, k)
        parts.append(esc)


def _scan_template(text: str, j: int) -> tuple[int, str, bool]:
    """Scan template text from j; (index after the stop, cooked text, True if it hit `${`)."""
    parts: list[str] = []
    while True:
        m = _TPL_STOP.search(text, j)
        if m is None:
            return len(text), "".join(parts), False
        k = m.start()
        parts.append(text[j:k])
        tok = m.group()
        if tok == "`":
            return k + 1, "".join(parts), False
        if tok == "${":
            return k + 2, "".join(parts), True
        esc, j = _escape(text, k)
        parts.append(esc)


def _regex_allowed(toks: list[Tok]) -> bool:
    """Can a `/` after these tokens open a regex literal (rather than divide)?"""
    if not toks:
        return True
    prev = toks[-1]
    if prev.kind in ("op", "open"):
        return True
    if prev.kind == "close":
        return prev.value == "}"
    if prev.kind == "id":
        return prev.value in EXPRESSION_KEYWORDS
    return False


def _scan_regex(text: str, i: int) -> int | None:
    """End of a regex literal starting at text[i] == '/', or None if it is not one."""
    j = i + 1
    in_class = False
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch in "\n\r":
            return None
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            j += 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            return j
        j += 1
    return None


_TOKEN = lazy_compile(
    r"[ \t\r\f\v\u00a0\ufeff]*("
    r"[\n\u2028\u2029]"
    r"|[A-Za-z_$\u00aa-\u2027\u202a-\ufefe\uff00-\uffff][\w$\u00aa-\uffff]*"
    r"|'[^'\\\n\r]*'|\"[^\"\\\n\r]*\"|`[^`\\$]*`"
    r"|[()\[\]{}]"
    r"|//[^\n]*|/\*[\s\S]*?\*/"
    r"|\.?\d[\w.]*"
    r"|=>|\?\?=?|\?\.(?!\d)|\|\|=?|&&=?|===?|!==?|\.\.\.|<<=?|>>>?=?|[<>]=?|\*\*=?|\+\+|--"
    r"|[-+*%&|^]=|[\s\S])"
)
"""One token (or a line break, or one character left to `_lex_one`) and the blank space before
it: `finditer` reads the common tokens in C, contiguously (the last alternative takes any
character). Blank space is exactly what the token rules skip: other Unicode spaces start ids."""

_NL, _ID, _STR, _OPEN, _CLOSE, _LBRACE, _RBRACE, _NUM, _OP, _SLASH, _DOT, _OTHER = range(12)
_FIRST: dict[str, int] = {chr(c): _OTHER for c in range(0xAA)}
_FIRST.update(dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$", _ID))
_FIRST.update(dict.fromkeys("0123456789", _NUM))
_FIRST.update(dict.fromkeys("=?|&!<>*+-%^~:;,@#", _OP))
_FIRST.update({"\n": _NL, "'": _STR, '"': _STR, "`": _STR, "(": _OPEN, "[": _OPEN})
_FIRST.update({")": _CLOSE, "]": _CLOSE, "{": _LBRACE, "}": _RBRACE, "/": _SLASH, ".": _DOT})
_FIRST.update({"\u2028": _NL, "\u2029": _NL})
"""What a token is, by its first character (others: `_ID` in the BMP, else `_OTHER`)."""


def lex(text: str) -> list[Tok]:
    """Tokens of a JS/TS source; comments dropped; never raises.

    The common tokens come from one `finditer` (identifiers, plain strings and templates,
    brackets, numbers, operators, comments); what needs the tokens before it or decoding (a `/`
    that may open a regex, escaped strings, templates with `${`) is read by `_lex_one`, and the
    scan resumes after it."""
    toks: list[Tok] = []
    append = toks.append
    n = len(text)
    pos = 0
    braces: list[str] = []
    nl = True
    if text.startswith("#!"):
        pos = text.find("\n")
        pos = n if pos < 0 else pos
    first = _FIRST.get
    finditer = _TOKEN.finditer
    while pos < n:
        for m in finditer(text, pos):
            tok = m.group(1)
            kind = first(tok[0])
            if kind is None:  # beyond ASCII: an identifier, unless outside the BMP (an emoji)
                kind = _ID if tok[0] <= "\uffff" else _OTHER
            if kind in (_ID, _OP):
                append(Tok("id" if kind == _ID else "op", tok, m.end() - len(tok), nl))
            elif kind == _NL:
                nl = True
                continue
            elif kind in (_OPEN, _CLOSE):
                append(Tok("open" if kind == _OPEN else "close", tok, m.end() - 1, nl))
            elif kind == _STR and len(tok) > 1:
                append(Tok("str", tok[1:-1], m.end() - len(tok), nl))
            elif kind == _NUM or (kind == _DOT and len(tok) > 1 and tok[1] != "."):
                append(Tok("num", tok, m.end() - len(tok), nl))
            elif kind == _DOT:
                # `.` before a non-decimal digit (`.²`): a number, as `_lex_one` reads it
                if tok == "." and text[m.end() : m.end() + 1].isdigit():
                    append(Tok("num", tok, m.end() - 1, nl))
                else:
                    append(Tok("op", tok, m.end() - len(tok), nl))
            elif kind == _LBRACE:
                braces.append("{")
                append(Tok("open", "{", m.end() - 1, nl))
            elif kind == _RBRACE and not (braces and braces[-1] == "${"):
                if braces:
                    braces.pop()
                append(Tok("close", "}", m.end() - 1, nl))
            elif kind == _SLASH and len(tok) > 1:  # a comment
                if tok[1] == "*" and "\n" in tok:
                    nl = True
                continue
            elif kind == _OTHER and tok.isspace():
                continue
            else:
                pos, nl = _lex_one(text, m.end() - len(tok), toks, braces, nl)
                break
            nl = False
        else:
            break
    return toks


def _lex_one(text: str, i: int, toks: list[Tok], braces: list[str], nl: bool) -> tuple[int, bool]:
    """Read what starts at text[i] (not blank space); the index after it and the `nl` flag."""
    n = len(text)
    c = text[i]
    if c == "/" and i + 1 < n and text[i + 1] in "/*":
        if text[i + 1] == "/":
            j = text.find("\n", i)
            return (n if j < 0 else j), nl
        j = text.find("*/", i + 2)
        end = n if j < 0 else j + 2
        return end, nl or "\n" in text[i:end]
    start = i
    if c in "'\"":
        end, value = _scan_string(text, i)
        toks.append(Tok("str" if value is not None else "bad", value or "", start, nl))
        i = end
    elif c == "`" or (c == "}" and braces and braces[-1] == "${"):
        if c == "}":
            braces.pop()
            toks.append(Tok("close", "}", start, nl))
            nl = False
        i, value, subst = _scan_template(text, i + 1)
        if c == "`" and not subst:
            toks.append(Tok("str", value, start, nl))
        else:
            toks.append(Tok("tpl", value, start, nl))  # a piece, never read as an id
            if subst:
                toks.append(Tok("open", "${", i - 2, False))
                braces.append("${")
    elif c == "/" and _regex_allowed(toks) and (end_rx := _scan_regex(text, i)) is not None:
        toks.append(Tok("regex", "", start, nl))
        i = end_rx
    elif c.isdigit():
        m2 = _NUMBER.match(text, i)
        i = m2.end() if m2 else i + 1
        toks.append(Tok("num", text[start:i], start, nl))
    else:
        m3 = _OPS.match(text, i)
        op = m3.group() if m3 else c
        toks.append(Tok("op", op, start, nl))
        i += len(op)
    return i, False


_MATCH = {")": "(", "]": "[", "}": "{"}


def build_tree(toks: Sequence[Tok], faults: list[int] | None = None) -> list[Item]:
    """Nest tokens by brackets; stray closers are dropped, unclosed groups closed at the end.

    `faults`, when given, receives the offset of every bracket that did not pair up (and of
    the groups beyond `MAX_DEPTH`): there the tree is not the plain bracket nesting."""
    root: list[Item] = []
    stack: list[Group] = []
    overflow = 0
    for t in toks:
        top = stack[-1].items if stack else root
        if t.kind == "open":
            if len(stack) >= MAX_DEPTH:
                overflow += 1
                if faults is not None:
                    faults.append(t.start)
                continue
            g = Group(t)
            top.append(g)
            stack.append(g)
        elif t.kind == "close":
            if overflow:
                overflow -= 1
                continue
            want = _MATCH[t.value]
            if stack and (stack[-1].kind == want or (want == "{" and stack[-1].kind == "${")):
                stack.pop().end = t.start
                continue
            if faults is not None:
                faults.append(t.start)
            if any(g.kind == want for g in stack):
                while stack and stack[-1].kind != want:
                    stack.pop().end = t.start
                stack.pop().end = t.start
        else:
            top.append(t)
    if stack and faults is not None:
        faults.extend(g.open.start for g in stack)
    return root
