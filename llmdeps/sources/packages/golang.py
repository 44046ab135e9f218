"""go.mod: `require` lines and blocks; `replace` directives change what a module resolves to."""

from __future__ import annotations

from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem

_REQUIRE_LINE = lazy_compile(r"^\s*require\s+(\S+)\s+(\S+)")
_BLOCK_START = lazy_compile(r"^\s*(require|replace)\s*\(\s*(?://.*)?$")
_ENTRY = lazy_compile(r"^\s*(\S+)\s+(v\S+)")
_REPLACE_LINE = lazy_compile(r"^\s*replace\s+(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?")
_REPLACE_ENTRY = lazy_compile(r"^\s*(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(v\S+))?")


def go_mod(path: str, text: str) -> Iterator[DeclaredPackage]:
    """Every required module with its version (a go.mod version is exact: minimal version
    selection picks at least it); a `replace` to another version wins."""
    required: list[tuple[str, str, int]] = []
    replaced: dict[str, str] = {}
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("//", 1)[0] if "//" in raw and not raw.strip().startswith("//") else raw
        if block is not None:
            if line.strip() == ")":
                block = None
                continue
            if block == "require" and (m := _ENTRY.match(line)):
                required.append((m.group(1), m.group(2), number))
            elif block == "replace" and (m := _REPLACE_ENTRY.match(line)) and m.group(3):
                replaced[m.group(1)] = m.group(3)
            continue
        if m := _BLOCK_START.match(line):
            block = m.group(1)
        elif m := _REQUIRE_LINE.match(line):
            required.append((m.group(1), m.group(2), number))
        elif (m := _REPLACE_LINE.match(line)) and m.group(3):
            replaced[m.group(1)] = m.group(3)
    for module, version, number in required:
        final = replaced.get(module, version)
        yield DeclaredPackage(
            Ecosystem.GO,
            module,
            path,
            "require",
            number,
            spec=version,
            version=final.removeprefix("v"),
        )
