"""Regular expressions compiled on first use, so that importing a module compiles nothing.

A module-level `NAME = lazy_compile(r"...")` costs a tuple at import; the first method call compiles
the pattern and binds its methods onto the stand-in: later calls cost what a compiled pattern's do.
A command that never reaches a detector (`--version`, `explain`) never pays for its patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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

    def __init__(self, pattern: str | bytes, flags: int, engine: Callable[..., Any] = re.compile):
        self._source = (pattern, flags)
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("_"):  # pickle, copy, our own fields
            raise AttributeError(name)
        pattern, flags = self._source
        compiled = self._engine(pattern, flags) if flags else self._engine(pattern)
        for attr in _BOUND:
            if hasattr(compiled, attr):  # RE2's patterns have no `flags`
                setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile`, deferred to the first use; typed as the pattern it stands for."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, flags))


def lazy_re2(pattern: str | bytes) -> Any:
    """`re2.compile` (linear-time matching), deferred to the first use."""
    return LazyPattern(pattern, 0, _re2_compile)


def _re2_compile(pattern: str | bytes) -> Any:
    import re2  # the prefilters' engine, loaded with the first pattern that is used

    return re2.compile(pattern)
