"""TOML read leniently into positioned nodes; `tomllib` judges the text only when this fails.

Tables become mappings keyed `[name]` (an array of tables `[name][index]`) under the root, in
file order, so a reader of the tree sees each header where it is written. Nesting deeper than
`MAX_DEPTH` stops the read (recursion is bounded by it).
"""

from __future__ import annotations

import re
import tomllib

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.parse.spans import Lines, Node, Parsed, Style

MAX_DEPTH = 100
"""Arrays and inline tables nested deeper than this are not read."""

_BARE = lazy_compile(r"[A-Za-z0-9_-]+")
_BASIC = lazy_compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = lazy_compile(r"'[^'\n]*'")
_ATOM = lazy_compile(r"[^,\]\}\n\r#]+")
_WS = lazy_compile(r"[ \t]*")
_WS_NL = lazy_compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
# enum members looked up once: a class attribute costs a descriptor call per node on 3.11
_PLAIN, _SINGLE, _DOUBLE = Style.PLAIN, Style.SINGLE, Style.DOUBLE


class _Stop(Exception):
    """Reading stopped at this line (internal: `read` turns it into `Parsed.error`)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def read(text: str, lines: Lines | None = None) -> Parsed:
    """The document as one mapping; an error is `Parsed.error`, never an exception.

    When this reader stops on a text `tomllib` accepts, the error is 0: nothing to warn about.
    """
    reader = _Reader(text, lines if lines is not None else Lines(text))
    try:
        root = reader.tree()
    except _Stop as stop:
        return Parsed((), _judge(text, stop.line), 0, reader.count)
    return Parsed((root,), None, reader.lines.count(), reader.count)


def _judge(text: str, line: int) -> int:
    """The line tomllib names for invalid TOML; 0 for valid TOML the lenient reader missed."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return int(m.group(1)) if m else line
    except RecursionError:
        return line
    return 0


class _Reader:
    def __init__(self, text: str, lines: Lines) -> None:
        self.text = text
        self.lines = lines
        self.pos = 0
        self.count = 0

    def _skip(self, pattern: re.Pattern[str]) -> None:
        self.pos = pattern.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def _node(self, style: Style | None = None) -> Node:
        line, column = self.lines.position(self.pos)
        self.count += 1
        return Node(line, column, self.pos, self.pos, None, None, None, style)

    def _fail(self) -> _Stop:
        return _Stop(self.lines.position(min(self.pos, len(self.text)))[0])

    @staticmethod
    def _string(token: str) -> str:
        if token.startswith("'"):
            return token.strip("'") if token.startswith("'''") else token[1:-1]
        if "\\" not in token and not token.startswith('"""'):
            return token[1:-1]
        try:
            value = tomllib.loads(f"v = {token}")["v"]
        except (tomllib.TOMLDecodeError, ValueError):
            return token.strip('"')
        return value if isinstance(value, str) else token.strip('"')

    def _key(self) -> list[Node]:
        parts: list[Node] = []
        while True:
            self._skip(_WS)
            for pattern, style in ((_BASIC, _DOUBLE), (_LITERAL, _SINGLE)):
                m = pattern.match(self.text, self.pos)
                if m:
                    part = self._node(style)
                    part.value = self._string(m.group())
                    break
            else:
                m = _BARE.match(self.text, self.pos)
                if not m:
                    raise self._fail()
                part = self._node(_PLAIN)
                part.value = m.group()
            self.pos = part.end = m.end()
            parts.append(part)
            self._skip(_WS)
            if self.text.startswith(".", self.pos):
                self.pos += 1
                continue
            return parts

    def _value(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self._fail()
        text, pos = self.text, self.pos
        for quote in ('"""', "'''"):
            if text.startswith(quote, pos):
                node = self._node(_DOUBLE if quote == '"""' else _SINGLE)
                end = text.find(quote, pos + 3)
                while end >= 0 and text.startswith(quote[0], end + 3):
                    end += 1  # up to two quotes may end the content
                if end < 0:
                    raise self._fail()
                self.pos = node.end = end + 3
                node.value = self._string(text[pos : end + 3])
                return node
        if text.startswith(('"', "'"), pos):
            m = (_BASIC if text[pos] == '"' else _LITERAL).match(text, pos)
            if not m:
                raise self._fail()
            node = self._node(_DOUBLE if text[pos] == '"' else _SINGLE)
            node.value = self._string(m.group())
            self.pos = node.end = m.end()
            return node
        if text.startswith("[", pos):
            node = self._node()
            items: list[Node] = []
            node.items = items
            self.pos += 1
            while True:
                self._skip(_WS_NL)
                if self.text.startswith("]", self.pos):
                    self.pos = node.end = self.pos + 1
                    return node
                items.append(self._value(depth + 1))
                self._skip(_WS_NL)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif not self.text.startswith("]", self.pos):
                    raise self._fail()
        if text.startswith("{", pos):
            node = self._node()
            node.pairs = []
            self.pos += 1
            while True:
                self._skip(_WS)
                if self.text.startswith("}", self.pos):
                    self.pos = node.end = self.pos + 1
                    return node
                self._pair(node, depth + 1)
                self._skip(_WS)
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif not self.text.startswith("}", self.pos):
                    raise self._fail()
        m = _ATOM.match(text, pos)
        if not m or not m.group().strip():
            raise self._fail()
        node = self._node(_PLAIN)
        self.pos = node.end = m.end()
        return node

    def _pair(self, target: Node, depth: int) -> None:
        parts = self._key()
        if not self.text.startswith("=", self.pos):
            raise self._fail()
        self.pos += 1
        self._skip(_WS)
        value = self._value(depth)
        for part in parts[:-1]:  # `a.b = 1` is `a = {b = 1}`
            inner = Node(part.line, part.column, part.start, part.end, None, [])
            assert target.pairs is not None
            target.pairs.append((part, inner))
            target = inner
        assert target.pairs is not None
        target.pairs.append((parts[-1], value))

    def tree(self) -> Node:
        root = Node(1, 1, 0, len(self.text), pairs=[])
        current = root
        counts: dict[str, int] = {}
        while True:
            self._skip(_WS_NL)
            if self.pos >= len(self.text):
                return root
            before = self.pos
            if self.text.startswith("[", self.pos):
                double = self.text.startswith("[[", self.pos)
                header = self._node()
                self.pos += 2 if double else 1
                name = ".".join(p.value or "" for p in self._key())
                close = "]]" if double else "]"
                if not self.text.startswith(close, self.pos):
                    raise self._fail()
                self.pos = header.end = self.pos + len(close)
                if double:
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    header.value = f"[{name}][{index}]"
                else:
                    header.value = f"[{name}]"
                current = Node(header.line, header.column, header.start, header.end, None, [])
                assert root.pairs is not None
                root.pairs.append((header, current))
            else:
                self._pair(current, 0)
            self._skip(_WS)
            if self.text.startswith("#", self.pos):
                self._skip(_WS_NL)
            if self.pos == before:
                raise self._fail()
