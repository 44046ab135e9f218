"""Modelfile text held inside another file: a heredoc, a multi-line string, a config value.

Shared by the shell and config detectors (heredocs `cat > Modelfile <<EOF`, Helm values) and the
code detectors (`ollama.create(model=..., modelfile="FROM llama3.1:8b\\n...")`). Outside a file
named Modelfile a text is read as one only when it is one: every instruction line starts with a
Modelfile instruction (REFERENCE.md 2.8: FROM, PARAMETER, TEMPLATE, SYSTEM, ADAPTER, LICENSE,
MESSAGE, REQUIRES; any case) and one of them is `FROM`. So SQL (`SELECT ... FROM users`), a
Dockerfile (`FROM python:3.12` beside `RUN`) or prose never count, and a `FROM` inside a
`\"\"\"` block of `SYSTEM`/`TEMPLATE` is text, not an instruction.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.detectors.modelfile import is_local_path, ollama_name

__all__ = ["is_local_path", "looks_like_modelfile", "modelfile_from"]

INSTRUCTIONS = frozenset(
    {"FROM", "PARAMETER", "TEMPLATE", "SYSTEM", "ADAPTER", "LICENSE", "MESSAGE", "REQUIRES"}
)
_LINE = lazy_compile(r"[^\r\n]*")
_INSTRUCTION = lazy_compile(r"[ \t]*([A-Za-z]+)(?=[ \t]|$)[ \t]*")
_TRIPLE = '"""'
_TRAILING_COMMENT = lazy_compile(r"[ \t]+#.*$")
MAX_TEXT = 1 << 20
"""Longer texts are no Modelfile anyone writes inline: not read."""


def _value(rest: str) -> tuple[str, int]:
    """The `FROM` argument as written and its offset in `rest` (quotes removed)."""
    if rest[:1] in ('"', "'") and not rest.startswith(_TRIPLE):
        end = rest.find(rest[0], 1)
        return (rest[1:end], 1) if end > 1 else ("", 0)
    rest = _TRAILING_COMMENT.sub("", rest).rstrip()
    if is_local_path(rest):
        return rest, 0  # paths may hold spaces
    return (rest.split(None, 1)[0] if rest else ""), 0


def _scan(text: str) -> tuple[bool, list[tuple[int, str]]]:
    """(every instruction line is a Modelfile instruction, the FROM values with offsets)."""
    found: list[tuple[int, str]] = []
    in_block = False
    for m in _LINE.finditer(text):
        line = m.group()
        if in_block:
            in_block = _TRIPLE not in line
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        inst = _INSTRUCTION.match(line)
        if inst is None or inst.group(1).upper() not in INSTRUCTIONS:
            return False, []
        rest = line[inst.end() :]
        if rest.count(_TRIPLE) % 2 == 1:
            in_block = True
            continue
        if inst.group(1).upper() != "FROM" or _TRIPLE in rest:
            continue
        value, shift = _value(rest)
        if value and (is_local_path(value) or ollama_name(value)):
            found.append((m.start() + inst.end() + shift, value))
    return True, found


def looks_like_modelfile(text: str) -> bool:
    """Is this text a Modelfile: only Modelfile instructions, and a `FROM` among them?"""
    if len(text) > MAX_TEXT or "from" not in text.lower():
        return False
    ok, found = _scan(text)
    return ok and bool(found)


def modelfile_from(text: str) -> list[tuple[int, str]]:
    """`(offset in text, value as written)` of each `FROM` of a text that is a Modelfile, else [].

    A value may be a local path (`./weights.gguf`): `is_local_path(value)` tells it from a model
    name (`llama3.1:8b`, `hf.co/org/repo:Q4_K_M`), which is a `modelfile` reference.
    """
    if len(text) > MAX_TEXT or "from" not in text.lower():
        return []
    ok, found = _scan(text)
    return found if ok else []
