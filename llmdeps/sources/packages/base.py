"""What a manifest or lock file says about one package: the spec as written, the exact version."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


class Ecosystem(StrEnum):
    """Package registries, spelled as OSV records spell them."""

    PYPI = "PyPI"
    NPM = "npm"
    GO = "Go"


@dataclass(frozen=True, slots=True)
class DeclaredPackage:
    """One package as one file declares or resolves it."""

    ecosystem: Ecosystem
    name: str
    """As the registry spells it (PyPI names PEP 503-normalised: `llama-index-core`)."""
    path: str
    """The manifest or lock file, relative to the scan root."""
    key: str
    """Where in the file: `project.dependencies`, `packages.litellm`, `require`."""
    line: int
    spec: str | None = None
    """The requirement as written (`>=1.80`, `^2.2.0`, `==1.82.6`); None in a lock file."""
    version: str | None = None
    """The exact version: resolved by a lock file, or pinned by `==` / an exact npm version."""
    hashed: bool = False
    """The file pins the artifact's hash (`--hash=sha256:`, a lock's integrity or wheel hashes)."""
    locked: bool = False
    """The version comes from a lock file (what an install resolves to), not a manifest."""

    @property
    def pinned(self) -> bool:
        """Exactly one version can be installed."""
        return self.version is not None


def counted(ecosystem: Ecosystem, name: str) -> bool:
    """Whether the catalog counts this package: readers ask before the costly line lookup (a
    monorepo lock names thousands of packages, a handful of them the model layer's)."""
    from llmdeps.sources.packages import role_of  # the catalog reader imports this module

    return role_of(ecosystem, name) is not None


class Lines:
    """Offset -> 1-based line, and the line of the first occurrence of a text after an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def at(self, offset: int) -> int:
        """The 1-based line holding this offset."""
        return bisect_right(self._starts, max(offset, 0))

    def find(self, needle: str, start: int = 0) -> tuple[int, int]:
        """(line, offset) of needle's first occurrence at or after start; (1, 0) if absent."""
        index = self.text.find(needle, start)
        return (self.at(index), index) if index >= 0 else (1, 0)
