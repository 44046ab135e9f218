"""JSON (and lenient JSONC) read into positioned nodes: one pass, one token pattern, no recursion.

The lenient reading (config files) accepts comments and trailing commas; the strict one
(notebooks) accepts RFC 8259 only, nested at most 200 deep, as a recursive reader would. Both run
one compiled pattern over the text with an explicit stack, so time is linear in the input and
nothing recurses. Strings keep their start and end offsets, so `string_offsets` can map each
decoded character back to where it is stored.
"""

from __future__ import annotations

import json
import re

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.parse.spans import Lines, Node, Parsed, Style

MAX_STRICT_DEPTH = 200
"""Strict reading refuses a value nested deeper than this (what notebooks have always had)."""

_LENIENT_TOKEN = lazy_compile(
    r"(?P<ws>[ \t\r\n\ufeff]+|//[^\n]*|/\*.*?\*/)"
    r'|(?P<str>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<punct>[{}\[\],:])"
    r"|(?P<atom>-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|true|false|null)"
    r"|(?P<bad>.)",
    re.DOTALL,
)
# Possessive runs: a string that never closes fails in one pass instead of backtracking.
_STRICT_TOKEN = lazy_compile(
    r"(?P<ws>[ \t\r\n]+)"
    r'|(?P<str>"(?:[^"\\\x00-\x1f]++|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*+")'
    r"|(?P<punct>[{}\[\],:])"
    r"|(?P<atom>-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)"
    r"|(?P<bad>.)",
    re.DOTALL,
)
# reader states
_VALUE, _VALUE_OR_CLOSE, _KEY, _KEY_OR_CLOSE, _COLON, _AFTER, _DONE = range(7)


def decode_string(token: str) -> str:
    """The value of one JSON string token (quotes included); a bad escape keeps the raw text."""
    if "\\" not in token:
        return token[1:-1]
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


def read(text: str, lines: Lines | None = None, *, strict: bool = False) -> Parsed:
    """Read one JSON document; a syntax error is `Parsed.error` (its line), never an exception.

    Lenient: comments, trailing commas, a text of only whitespace and comments (no document).
    """
    lines = lines if lines is not None else Lines(text)
    pattern = _STRICT_TOKEN if strict else _LENIENT_TOKEN
    max_depth = MAX_STRICT_DEPTH if strict else len(text)
    after_comma_object = _KEY if strict else _KEY_OR_CLOSE
    after_comma_array = _VALUE if strict else _VALUE_OR_CLOSE
    double, plain = Style.DOUBLE, Style.PLAIN  # once: an enum member lookup is slow on 3.11
    stack: list[Node] = []
    pending: list[Node | None] = []
    root: Node | None = None
    state = _VALUE
    line, line_start = 1, 0
    end_line = 0  # line of the last token read: where a complete document ends
    count = 0

    def attach(node: Node) -> int:
        nonlocal root
        if not stack:
            root = node
            return _DONE
        top = stack[-1]
        if top.items is not None:
            top.items.append(node)
        elif top.pairs is not None:
            top.pairs.append((pending[-1] or node, node))
            pending[-1] = None
        return _AFTER

    def close(end: int) -> int:
        stack.pop().end = end
        pending.pop()
        return _AFTER if stack else _DONE

    # one pass of one pattern: this loop is most of the time a JSON file costs
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            tok = m.group()
            if "\r" in tok:
                line, column = lines.position(m.end())
                line_start = m.end() - column + 1
            elif "\n" in tok:
                line += tok.count("\n")
                line_start = m.start() + tok.rindex("\n") + 1
            continue
        tok = m.group()
        start, end = m.span()
        column = start - line_start + 1
        end_line = line
        if state in (_VALUE, _VALUE_OR_CLOSE):
            if tok == "]" and state == _VALUE_OR_CLOSE:
                state = close(end)
                continue
            if len(stack) > max_depth:
                return Parsed((), line, 0, count)
            if kind == "str":
                count += 1
                value = tok[1:-1] if "\\" not in tok else decode_string(tok)
                state = attach(Node(line, column, start, end, value, None, None, double))
                if not strict and ("\n" in tok or "\r" in tok):  # a raw break (not JSON)
                    line, column = lines.position(end)
                    line_start = end - column + 1
                    end_line = line
                continue
            if tok in ("{", "["):
                node = (
                    Node(line, column, start, end, None, [])
                    if tok == "{"
                    else Node(line, column, start, end, None, None, [])
                )
                count += 1
                attach(node)
                stack.append(node)
                pending.append(None)
                state = _KEY_OR_CLOSE if tok == "{" else _VALUE_OR_CLOSE
                continue
            if kind == "atom":
                count += 1
                state = attach(Node(line, column, start, end, None, None, None, plain))
                continue
        elif state in (_KEY, _KEY_OR_CLOSE):
            if kind == "str":
                count += 1
                value = tok[1:-1] if "\\" not in tok else decode_string(tok)
                pending[-1] = Node(line, column, start, end, value, None, None, double)
                state = _COLON
                if not strict and ("\n" in tok or "\r" in tok):
                    line, column = lines.position(end)
                    line_start = end - column + 1
                    end_line = line
                continue
            if tok == "}" and state == _KEY_OR_CLOSE:
                state = close(end)
                continue
        elif state == _COLON:
            if tok == ":":
                state = _VALUE
                continue
        elif state == _AFTER:
            top = stack[-1]
            if tok == ",":
                state = after_comma_object if top.pairs is not None else after_comma_array
                continue
            if (tok == "}" and top.pairs is not None) or (tok == "]" and top.items is not None):
                state = close(end)
                continue
        return Parsed((), line, 0, count)
    if state != _DONE:
        if root is None and state == _VALUE and not strict:
            return Parsed((), None, 0, 0)  # only whitespace and comments
        return Parsed((), lines.position(len(text))[0], 0, count)
    assert root is not None
    return Parsed((root,), None, end_line, count)


def member(text: str, node: Node | None, key: str) -> Node | None:
    """What `json.loads(text)` would give for `node[key]`: the last duplicate wins, and a key
    that is absent or `null` (or a node that is no object) gives None."""
    found = None
    for k, value in (node.pairs or ()) if node is not None else ():
        if k.value == key:
            found = value
    if found is not None and found.value is None and text.startswith("null", found.start):
        return None
    return found


def string_offsets(text: str, node: Node) -> list[int]:
    """For each character of a string node's value, the offset in `text` where it is stored.

    An escape (`\\n`, `\\u00e9`, a surrogate pair) maps to its backslash.
    """
    value = node.value or ""
    out: list[int] = []
    i = node.start + 1
    end = node.end - 1
    while i < end:
        if text[i] != "\\":
            out.append(i)
            i += 1
            continue
        out.append(i)
        if text[i + 1] != "u":
            i += 2
            continue
        code = int(text[i + 2 : i + 6], 16)
        i += 6
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i):
            low = int(text[i + 2 : i + 6], 16)
            if 0xDC00 <= low < 0xE000:
                i += 6  # a surrogate pair decodes to one character
    if len(out) != len(value):  # lone surrogates and the like: fall back to a plain count
        return [min(node.start + 1 + k, max(node.end - 2, node.start)) for k in range(len(value))]
    return out


def plain_tree(value: object) -> Node:
    """A value from `json.loads` as nodes without positions (every node at 1:1); iterative."""
    root = Node(1, 1, 0, 0)
    todo: list[tuple[object, Node]] = [(value, root)]
    while todo:
        obj, node = todo.pop()
        if isinstance(obj, dict):
            node.pairs = []
            for key, inner in obj.items():
                child = Node(1, 1, 0, 0)
                node.pairs.append((Node(1, 1, 0, 0, str(key)), child))
                todo.append((inner, child))
        elif isinstance(obj, list):
            node.items = []
            for inner in obj:
                child = Node(1, 1, 0, 0)
                node.items.append(child)
                todo.append((inner, child))
        elif isinstance(obj, str):
            node.value = obj
    return root
