"""INI / cfg / conf read line by line into positioned nodes, in configparser's shape.

Sections become mappings keyed `[name]` under the root; `key = value` and `key: value` pairs
belong to the section above them (or to the root before the first header). A value loses an
inline ` #`/` ;` comment and one pair of matching quotes. Reading never fails.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.parse.spans import Lines, Node, Parsed, Style

_SECTION = lazy_compile(r"^\s*\[([^\]\n]+)\]")
_PAIR = lazy_compile(r"^([^\s=:#;\[][^=:]*?)[ \t]*[=:][ \t]*(.*?)\s*$")
_COMMENT = lazy_compile(r"\s[#;]")


def read(text: str, lines: Lines | None = None) -> Parsed:
    """The document as one mapping of sections; every line is read, so there is no error."""
    lines = lines if lines is not None else Lines(text)
    root = Node(1, 1, 0, len(text), pairs=[])
    current = root
    count = 0
    for number in range(1, lines.count() + 1):
        line = lines.line(number)
        at = lines.starts[number - 1]
        section = _SECTION.match(line)
        if section:
            # the section sits at its `[`, its header key at the start of the line
            current = Node(number, section.start(1), at + section.start(1) - 1, at + len(line))
            current.pairs = []
            name = f"[{section.group(1).strip()}]"
            header = Node(number, 1, at, at + section.end(), name, style=Style.PLAIN)
            assert root.pairs is not None
            root.pairs.append((header, current))
            count += 2
            continue
        pair = _PAIR.match(line)
        if not pair:
            continue
        raw = _COMMENT.split(pair.group(2), maxsplit=1)[0].rstrip()
        start = pair.start(2)
        style = Style.PLAIN
        end = start + len(raw)
        if len(raw) >= 2 and raw[0] in "\"'" and raw[-1] == raw[0]:
            style = Style.DOUBLE if raw[0] == '"' else Style.SINGLE
            raw = raw[1:-1]
        key = pair.group(1).strip()
        assert current.pairs is not None
        current.pairs.append(
            (
                Node(number, 1, at, at + pair.end(1), key, style=Style.PLAIN),
                Node(number, start + 1, at + start, at + end, raw, style=style),
            )
        )
        count += 2
    return Parsed((root,), None, lines.count(), count)
