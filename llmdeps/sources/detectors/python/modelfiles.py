"""Modelfile text inside Python: `ollama.create(model=..., modelfile="FROM llama3.1:8b\\n...")`
and multi-line strings that are a Modelfile. Each `FROM` is a reference (kind `modelfile`, or
`local-file` for a path); the text is read by the shared `sources.modelfile_text`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from llmdeps.model import Location, Reference, RefKind, Runtime
from llmdeps.sources.modelfile_text import is_local_path, modelfile_from

# A file can hold one only when `FROM ` (the instruction, as written in practice) or a
# `modelfile` argument occurs in it: every other file skips the walk.


def may_hold_modelfile(text: str) -> bool:
    """Cheap test before walking the tree for Modelfile strings (substring tests only: this runs
    on every Python file)."""
    return "FROM " in text or "FROM\t" in text or "odelfile" in text or "ODELFILE" in text


def modelfile_references(
    tree: ast.AST,
    text: str,
    path: str,
    context_of: Callable[[ast.Constant], str],
    detector: str,
) -> Iterator[Reference]:
    """The `FROM` values of every string literal of the module that is a Modelfile."""
    lines: list[str] | None = None
    argument: set[int] = set()  # `modelfile=` values: a Modelfile even on one line
    for node in ast.walk(tree):  # breadth first: a call before the literals in it
        if isinstance(node, ast.Call):
            argument.update(id(k.value) for k in node.keywords if k.arg == "modelfile")
            continue
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        value = node.value
        if "from" not in value.lower() or ("\n" not in value and id(node) not in argument):
            continue
        found = modelfile_from(value)
        if not found:
            continue
        if lines is None:
            lines = text.splitlines()
        for offset, model in found:
            line, column = _position(node, value, offset, model, lines)
            local = is_local_path(model)
            yield Reference(
                model=model,
                location=Location(path, line, column, context_of(node)),
                kind=RefKind.LOCAL_FILE if local else RefKind.MODELFILE,
                runtime=Runtime.LOCAL if local else Runtime.OLLAMA,
                detector=detector,
            )


def _position(
    node: ast.Constant, value: str, offset: int, model: str, lines: list[str]
) -> tuple[int, int]:
    """1-based line and column of the model in the source: where it is written, whether the
    literal spans lines (a triple-quoted string) or spells its line breaks as `\\n`."""
    nth = value[:offset].count("\n")
    start = node.lineno
    end = getattr(node, "end_lineno", None) or start
    if end > start:  # real line breaks: the nth line of the literal
        number = start + nth
        if 0 < number <= len(lines):
            col = lines[number - 1].find(model)
            if col >= 0:
                return number, col + 1
        return number, 1
    # one source line: find the nth `FROM` of the literal's text on it
    src = lines[start - 1] if 0 < start <= len(lines) else ""
    pos = node.col_offset if src.isascii() else 0
    for _ in range(nth + 1):
        found = src.find(model, pos)
        if found < 0:
            return start, node.col_offset + 1
        pos = found + len(model)
    return start, pos - len(model) + 1
