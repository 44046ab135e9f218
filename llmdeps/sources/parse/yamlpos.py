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
