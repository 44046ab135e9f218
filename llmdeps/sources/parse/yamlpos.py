"""YAML read into positioned nodes from the parser's events: no recursion, aliases shared.

The events carry the same marks `yaml.compose` would use (1-based line and column of each node),
but building the tree from them needs no recursion on deep documents, and an alias is the anchored
node itself, never a copy, so a billion-laughs file costs its size (its walk needs a visit budget,
which `Parsed.nodes` sizes). Each scalar keeps its start and end offsets and its style (plain,
quoted, literal `|`, folded `>`), which is what a reader needs to map characters inside a scalar
back to the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from llmdeps.sources.parse.spans import YAML_LINE_BREAKS, Lines, Node, Parsed, Style

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml's offsets do not count a leading byte-order mark, PyYAML's do; neither counts it as
# a column of line 1 (it is no character of the document, YAML 1.2 section 5.2).
_INDEX_SKIPS_BOM = _LOADER is not yaml.SafeLoader
_STYLES = {"'": Style.SINGLE, '"': Style.DOUBLE, "|": Style.LITERAL, ">": Style.FOLDED}
_PLAIN = Style.PLAIN  # looked up once: an enum member costs a descriptor call on 3.11
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DOCUMENT_START, _DOCUMENT_END = yaml.DocumentStartEvent, yaml.DocumentEndEvent


def read(text: str, lines: Lines | None = None) -> Parsed:
    """Every document of a YAML stream; a syntax error is `Parsed.error` (its line).

    The documents before the error are kept, and `Parsed.last_line` says where they end.
    """
    size = len(text)
    bom = text.startswith("\ufeff")
    shift = 1 if _INDEX_SKIPS_BOM and bom else 0
    count = 0
    docs: list[Node] = []
    stack: list[Node] = []
    pending: list[Node | None] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    last_line = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        if top.items is not None:
            top.items.append(node)
        elif top.pairs is not None:
            key = pending[-1]
            if key is None:
                pending[-1] = node
            else:
                top.pairs.append((key, node))
                pending[-1] = None

    def at_end() -> tuple[int, int]:
        # libyaml puts the end of a text without a final break on a line after it
        nonlocal lines
        lines = lines or Lines(text, YAML_LINE_BREAKS)
        line, column = lines.position(size)
        return line, column - 1 if line == 1 and bom else column

    try:
        # One tight loop over the events (most of the time a YAML file costs): dispatch on the
        # exact class, hence `Any`; both parsers set every mark of a node event.
        events: Iterator[Any] = yaml.parse(text, Loader=_LOADER)
        for event in events:
            kind = type(event)
            if kind is _SCALAR or kind is _MAPPING or kind is _SEQUENCE or kind is _ALIAS:
                mark = event.start_mark
                start = mark.index + shift
                end = event.end_mark.index + shift
                if start < size:
                    line, column = mark.line + 1, mark.column + 1
                    if end > size:
                        end = size
                else:
                    start = end = size
                    line, column = at_end()
                if kind is _ALIAS:
                    attach(anchors.get(event.anchor or "", Node(line, column, start, end)))
                    continue
                if kind is _SCALAR:
                    style = _STYLES.get(event.style, _PLAIN)
                    node = Node(line, column, start, end, event.value, None, None, style)
                elif kind is _MAPPING:
                    node = Node(line, column, start, end, None, [])
                else:
                    node = Node(line, column, start, end, None, None, [])
                count += 1
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
                if kind is not _SCALAR:
                    stack.append(node)
                    pending.append(None)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                if stack:
                    closed = stack.pop()
                    pending.pop()
                    end = event.end_mark.index + shift
                    closed.end = size if end > size else max(end, closed.start)
            elif kind is _DOCUMENT_START:
                root, anchors, stack, pending = None, {}, [], []
            elif kind is _DOCUMENT_END:
                if root is not None:
                    docs.append(root)
                last_line = event.end_mark.line + 1 if event.end_mark else last_line
    except (yaml.YAMLError, UnicodeError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        position = getattr(exc, "position", None)  # a ReaderError knows only its offset
        if mark is not None:
            error = mark.line + 1
        elif isinstance(position, int):
            error = text.count("\n", 0, position) + 1
        else:
            error = last_line + 1
        return Parsed(tuple(docs), error, last_line, count)
    return Parsed(tuple(docs), None, last_line, count)


def scalar_text(text: str, node: Node) -> tuple[str, tuple[int, ...]]:
    """A scalar's content and, for each content character, its offset in `text`.

    The content is what YAML makes of the scalar (`node.value`): block scalars without their
    indentation, line breaks kept for `|` and folded for `>`; quoted scalars without their quotes,
    escapes and folding done; plain multi-line scalars folded. A character YAML synthesises (a
    folded line break, an escape) points at the source character it came from. A node that is no
    scalar has no content.
    """
    value = node.value
    if value is None or node.style is None:
        return "", ()
    start = body_start(text, node)
    if node.style in (Style.LITERAL, Style.FOLDED):
        chars, offs = _block(text, start, node.end, node.style is Style.FOLDED)
    else:
        chars, offs = _flow(text, start, node.end, node.style)
    if "".join(chars) != value:  # an indentation indicator or a reader quirk: align instead
        offs = _align(value, text, start, node.end)
    return value, tuple(offs)


_BREAKS = ("\r\n", "\r", "\n", "\x85", "\u2028", "\u2029")
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}


def body_start(text: str, node: Node) -> int:
    """Where a node's own text starts, after its anchor (`&a`) and tag (`!!str`)."""
    start, end = node.start, node.end
    while start < end and text[start] in "&!":
        while start < end and text[start] not in " \t" and not _break_at(text, start):
            start += 1
        while start < end:  # separation: spaces, line breaks and comments
            if text[start] == "#":
                while start < end and not _break_at(text, start):
                    start += 1
            elif text[start] in " \t" or _break_at(text, start):
                start += _break_at(text, start) or 1
            else:
                break
    return start


def _break_at(text: str, i: int) -> int:
    """The length of the line break at `i` (0 if none)."""
    if text.startswith("\r\n", i):
        return 2
    return 1 if i < len(text) and text[i] in "\r\n\x85\u2028\u2029" else 0


def _normal(brk: str) -> str:
    """A line break as YAML 1.1 loads it: CR, CRLF and NEL become LF; LS and PS stay."""
    return brk if brk in ("\u2028", "\u2029") else "\n"


def _flow(text: str, start: int, end: int, style: Style) -> tuple[list[str], list[int]]:
    """A plain or quoted scalar's characters: quotes and escapes undone, line breaks folded."""
    quote = {Style.SINGLE: "'", Style.DOUBLE: '"'}.get(style)
    i, stop = (start + 1, end - 1) if quote else (start, end)
    chars: list[str] = []
    offs: list[int] = []
    while i < stop:
        ch = text[i]
        size = _break_at(text, i)
        if size or ch in " \t":
            # whitespace run: kept inside a line, folded across line breaks
            j, breaks = i, []
            while j < stop and (text[j] in " \t" or _break_at(text, j)):
                n = _break_at(text, j)
                if n:
                    breaks.append(j)
                j += n or 1
            if not breaks:
                chars.extend(text[i:j])
                offs.extend(range(i, j))
            elif len(breaks) == 1:
                chars.append(" ")
                offs.append(breaks[0])
            else:
                for b in breaks[1:]:
                    chars.append(_normal(text[b : b + _break_at(text, b)]))
                    offs.append(b)
            i = j
            continue
        if quote == "'" and ch == "'" and i + 1 < stop and text[i + 1] == "'":
            chars.append("'")
            offs.append(i)
            i += 2
            continue
        if quote == '"' and ch == "\\" and i + 1 < stop:
            nxt = text[i + 1]
            size = _break_at(text, i + 1)
            if size:  # an escaped line break joins the lines without a space
                j = i + 1 + size
                while j < stop and text[j] in " \t":
                    j += 1
                i = j
                continue
            if nxt in _ESCAPES:
                chars.append(_ESCAPES[nxt])
                offs.append(i)
                i += 2
                continue
            if nxt in _HEX:
                digits = text[i + 2 : i + 2 + _HEX[nxt]]
                try:
                    chars.append(chr(int(digits, 16)))
                except ValueError:
                    return [], []
                offs.append(i)
                i += 2 + _HEX[nxt]
                continue
        chars.append(ch)
        offs.append(i)
        i += 1
    return chars, offs


def _block(text: str, start: int, end: int, folded: bool) -> tuple[list[str], list[int]]:
    """A block scalar's characters, as PyYAML's `scan_block_scalar` makes them (auto indent)."""
    i = start + 1
    chomp: bool | None = None
    while i < end and text[i] in "+-0123456789":
        if text[i] in "+-":
            chomp = text[i] == "+"
        i += 1
    while i < end and not _break_at(text, i):
        i += 1  # spaces and a comment
    i += _break_at(text, i)
    chars: list[str] = []
    offs: list[int] = []

    def breaks(pos: int, indent: int) -> tuple[list[tuple[str, int]], int, int]:
        """Empty lines from `pos`: their breaks, where the next line's text starts, its column."""
        found: list[tuple[str, int]] = []
        while True:
            line = pos
            while pos < end and text[pos] == " " and pos - line < indent:
                pos += 1
            size = _break_at(text, pos)
            if not size or pos >= end:
                return found, pos, pos - line
            found.append((_normal(text[pos : pos + size]), pos))
            pos += size

    indent = 1  # PyYAML: the widest of the leading empty lines and the first text line
    pos = i
    while pos < end:
        line = pos
        while pos < end and text[pos] == " ":
            pos += 1
        indent = max(indent, pos - line)
        size = _break_at(text, pos)
        if not size:
            break
        pos += size
    pending, i, column = breaks(i, indent)
    line_break: tuple[str, int] | None = None
    while column == indent and i < end:
        for brk in pending:
            chars.append(brk[0])
            offs.append(brk[1])
        leading_text = text[i] not in " \t"
        j = i
        while j < end and not _break_at(text, j):
            j += 1
        chars.extend(text[i:j])
        offs.extend(range(i, j))
        size = _break_at(text, j)
        line_break = (_normal(text[j : j + size]), j) if size else None
        pending, i, column = breaks(j + size, indent)
        if column == indent and i < end and line_break is not None:
            if folded and line_break[0] == "\n" and leading_text and text[i] not in " \t":
                if not pending:
                    chars.append(" ")
                    offs.append(line_break[1])
            else:
                chars.append(line_break[0])
                offs.append(line_break[1])
        else:
            break
    if chomp is not False and line_break is not None:
        chars.append(line_break[0])
        offs.append(line_break[1])
    if chomp is True:
        for brk in pending:
            chars.append(brk[0])
            offs.append(brk[1])
    return chars, offs


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """Offsets for `value` by walking the source: each character at its next match, if any."""
    last = max(0, len(text) - 1)
    offs: list[int] = []
    pos = start
    for ch in value:
        at = (
            text.find(ch, pos, end)
            if not ch.isspace()
            else (pos if text[pos : pos + 1] == ch else -1)
        )
        if at < 0:
            offs.append(min(max(pos - 1, start, 0), last))
            continue
        offs.append(at)
        pos = at + 1
    return offs
