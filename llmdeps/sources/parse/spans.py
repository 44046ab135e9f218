"""The positioned tree every reader in `parse/` builds, and offset -> line/column for a text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

LINE_BREAKS = r"\r\n|\r|\n"
"""Line breaks of JSON, TOML and INI (and of Python's `str.splitlines` minus the exotic ones)."""
YAML_LINE_BREAKS = "\r\n|\r|\n|\x85|\u2028|\u2029"
"""Line breaks of YAML 1.1, which is what PyYAML and libyaml count lines by."""


class Style(StrEnum):
    """How a scalar is written in its source: what a reader must undo to map its characters."""

    PLAIN = "plain"
    SINGLE = "single"
    DOUBLE = "double"
    LITERAL = "literal"
    FOLDED = "folded"


@dataclass(eq=False, slots=True)
class Node:
    """A scalar (`value`), a mapping (`pairs`) or a sequence (`items`), with where it stands.

    `line` and `column` are 1-based; `start` and `end` are offsets into the text read (`end` one
    past the last character). A scalar that is not a string (a JSON number, a TOML date) has
    `value` None and no children. `style` is set on scalars only.
    """

    line: int
    column: int
    start: int
    end: int
    value: str | None = None
    pairs: list[tuple[Node, Node]] | None = None
    items: list[Node] | None = None
    style: Style | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a reader made of one text: its documents and, if it stopped early, where."""

    documents: tuple[Node, ...]
    error: int | None = None
    """1-based line where reading stopped; 0 when the text is valid but this reader could not
    follow it (nothing to warn about, though the documents are incomplete); None when read."""
    last_line: int = 0
    """Last line of the last document read completely (0 if none): a line-by-line fallback for
    the rest of a broken text starts after it."""
    nodes: int = 0
    """Nodes built (a YAML alias is the anchored node, never counted twice)."""


class Lines:
    """Line starts of a text, for offset -> (line, column) and for reading one line back.

    Built on first use: a YAML file whose references need no column adjustment never pays.
    """

    def __init__(self, text: str, breaks: str = LINE_BREAKS) -> None:
        self.text = text
        self.breaks = breaks
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    @property
    def starts(self) -> list[int]:
        """Offset of the first character of each line."""
        if self._starts is None:
            starts, ends = [0], []
            for m in re.finditer(self.breaks, self.text):
                ends.append(m.start())
                starts.append(m.end())
            ends.append(len(self.text))
            self._starts, self._ends = starts, ends
        return self._starts

    def count(self) -> int:
        """Number of lines (a text that ends with a break has an empty last line)."""
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; `len(text)` is the column after the last one."""
        starts = self.starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based (line, column); the inverse of `position`."""
        return self.starts[line - 1] + column - 1

    def line(self, number: int) -> str:
        """The text of a 1-based line without its break; "" outside the text."""
        starts = self.starts
        if 1 <= number <= len(starts):
            return self.text[starts[number - 1] : self._ends[number - 1]]
        return ""
