"""Which brackets can hold a reference: the walk skips a group that holds none of its sources.

Walking a group has effects only through what it holds: a reference starts at a string literal
(kept when it is `slot_plausible` at least, `model_like` being stricter), and an identifier
reaches a literal elsewhere only through a name the file declares (`const M = ...`; the same
names are the consts an SDK call is passed, spread, typed or aliased). A group with neither
a plausible literal nor a declared name emits, defines and passes nothing, so skipping it
changes no reference; it is most of a large file (test fixtures, JSX, function bodies).
"""

from __future__ import annotations

import bisect
import functools

from llmdeps.sources.detectors.javascript.lexer import Group, Item, Tok
from llmdeps.sources.detectors.javascript.sdk import split_langchain
from llmdeps.sources.idshape import slot_plausible

_DECLARE = frozenset({"const", "let", "var"})


@functools.lru_cache(maxsize=8192)
def _plausible_literal(value: str) -> bool:
    """Can this literal be kept anywhere (raw, or split as a `provider:model` string)?"""
    if slot_plausible(value):
        return True
    return slot_plausible(split_langchain(value, infer=False)[0])


def relevant_offsets(toks: list[Tok]) -> list[int]:
    """Sorted offsets of the plausible string literals and of the uses of declared names."""
    declared: set[str] = set()
    for k in range(1, len(toks)):
        t = toks[k]
        if t.kind != "id":
            continue
        prev = toks[k - 1]
        if (prev.kind == "id" and prev.value in _DECLARE) or (
            prev.kind == "op" and prev.value == "," and _is_eq(toks, k + 1)
        ):
            declared.add(t.value)  # `const a = ..., b = ...` declares both
    return [
        t.start
        for t in toks
        if (t.kind == "str" and _plausible_literal(t.value))
        or (t.kind == "id" and t.value in declared)
    ]


def _is_eq(toks: list[Tok], k: int) -> bool:
    return k < len(toks) and toks[k].kind == "op" and toks[k].value == "="


def holds_mark(marks: list[int], item: Item) -> bool:
    """Does the group hold a relevant token (tokens are never skipped)?"""
    if not isinstance(item, Group):
        return True
    k = bisect.bisect_right(marks, item.open.start)
    return k < len(marks) and marks[k] < item.end
