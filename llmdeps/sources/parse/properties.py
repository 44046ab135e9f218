"""Java `.properties` (Spring Boot `application.properties`) read into positioned nodes.

One flat mapping of dotted keys (`spring.ai.ollama.chat.options.model`), as Spring reads them.
`key=value`, `key: value` and `key value`; `#` and `!` start a comment line (there are no inline
comments); a line ending in an odd number of backslashes continues on the next, and such a value
is kept only up to its first line (model ids never span lines). `\\` escapes are undone in the
value only where they do not move characters (`\\:` `\\=` keep their column). Reading never fails.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.parse.spans import Lines, Node, Parsed, Style

_PAIR = lazy_compile(r"^[ \t\f]*((?:[^\s=:\\]|\\.)+)[ \t\f]*(?:[=:][ \t\f]*|[ \t\f]+|$)(.*)$")


def _continued(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def read(text: str, lines: Lines | None = None) -> Parsed:
    """The file as one mapping of its keys; every line is read, so there is no error."""
    lines = lines if lines is not None else Lines(text)
    root = Node(1, 1, 0, len(text), pairs=[])
    assert root.pairs is not None
    count = 0
    number = 1
    total = lines.count()
    while number <= total:
        line = lines.line(number)
        at = lines.starts[number - 1]
        first = number
        while _continued(lines.line(number)) and number < total:
            number += 1
        number += 1
        stripped = line.lstrip(" \t\f")
        if not stripped or stripped[0] in "#!":
            continue
        pair = _PAIR.match(line)
        if pair is None:
            continue
        key = re.sub(r"\\(.)", r"\1", pair.group(1))
        raw = pair.group(2)
        if _continued(raw):
            raw = raw[:-1].rstrip()
        raw = raw.rstrip()
        start = pair.start(2)
        root.pairs.append(
            (
                Node(first, pair.start(1) + 1, at + pair.start(1), at + pair.end(1), key,
                     style=Style.PLAIN),
                Node(first, start + 1, at + start, at + start + len(raw), raw, style=Style.PLAIN),
            )
        )  # fmt: skip
        count += 2
    return Parsed((root,), None, total, count)
