"""Regular expressions compiled on first use, so that importing a module compiles nothing.

A module-level `NAME = lazy_compile(r"...")` costs a tuple at import; the first method call compiles
the pattern and binds its methods onto the stand-in: later calls cost what a compiled pattern's do.
A command that never reaches a detector (`--version`, `explain`) never pays for its patterns.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

_BOUND = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    """Stands in for `re.compile(pattern, flags)` until the pattern is first used."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickle and copy probe dunders: no reason to compile
            raise AttributeError(name)
        pattern, flags = self._source
        compiled: re.Pattern[Any] = re.compile(pattern, flags)
        for attr in _BOUND:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile`, deferred to the first use; typed as the pattern it stands for."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, flags))
