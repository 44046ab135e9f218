"""What every reader in `llmdeps.sources.parse` promises about the nodes it builds."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from llmdeps.sources.parse.spans import Lines, Node, Parsed

PROPERTY = settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
"""Small enough to run by default; the deadline (ms) catches a reader gone super-linear."""


def texts(snippets: list[str]) -> st.SearchStrategy[str]:
    """Any text, and texts made of pieces of the format (more likely to parse, and go deep)."""
    return st.one_of(
        st.text(max_size=300),
        st.lists(st.sampled_from(snippets), max_size=60).map("".join),
    )


def nodes(parsed: Parsed) -> Iterator[Node]:
    """Every node of every document once (YAML aliases share nodes: visit each once)."""
    seen: set[int] = set()
    todo = list(parsed.documents)
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        for key, value in node.pairs or ():
            todo += (key, value)
        todo += node.items or ()


def assert_positioned(parsed: Parsed, text: str, breaks: str, *, bom_column: bool = False) -> None:
    """Each node's span lies inside `text` and its line/column is where its start offset is.

    `bom_column`: a leading byte-order mark is not a column of line 1 (YAML).
    """
    lines = Lines(text, breaks)
    for node in nodes(parsed):
        assert 0 <= node.start <= node.end <= len(text), (node, len(text))
        line, column = lines.position(node.start)
        if bom_column and line == 1 and text.startswith("\ufeff"):
            column -= 1
        assert (node.line, node.column) == (line, column), (node, text[node.start : node.end])
        if node.value is not None or node.pairs is not None or node.items is not None:
            assert (node.pairs is None) + (node.items is None) + (node.value is None) == 2
    if parsed.error is not None:
        assert 0 <= parsed.error <= lines.count() + 1
    assert 0 <= parsed.last_line <= lines.count() + 1
