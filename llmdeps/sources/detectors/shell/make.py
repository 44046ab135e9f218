"""Makefiles and justfiles: recipe lines are shell, make and just variables are read first.

make expands `$(VAR)` before the shell runs (`$$VAR` is the shell's), so all assignments of the file
are read before any recipe; `VAR ?= x` is a default the environment overrides. In a justfile,
`x := env_var_or_default("M", "llama3")` and recipe parameter defaults are the same.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind
from llmdeps.sources.detectors.shell.interpreter import Interpreter, Value
from llmdeps.sources.parse.shellwords import NAME, Segment, offset_lines, strip_quotes
from llmdeps.sources.secrets import is_secret_name

# -- Makefile ----------------------------------------------------------------------------------

_MAKE_ASSIGN = lazy_compile(
    r"[ \t]*(?:(?:export|override|private)[ \t]+)*("
    + NAME
    + r")[ \t]*(\?=|::?=|:::=|\+=|!=|=)[ \t]*"
)
_MAKE_RULE = lazy_compile(r"([^\s:#=][^:#=]*?)[ \t]*::?(?!=)(.*)$")
_MAKE_CONDITIONAL = lazy_compile(r"[ \t]*(ifeq|ifneq|ifdef|ifndef|else|endif)\b")


def _make_values(value: str, start: int, kind: RefKind, env: str | None) -> list[Value]:
    """The literal words of a make assignment's value."""
    out: list[Value] = []
    for m in re.finditer(r"\S+", value):
        text, offs = strip_quotes(m.group(), range(start + m.start(), start + m.end()))
        if "$" not in text and text:
            out.append(Value(text, offs, kind, env))
    return out


def read_makefile(interp: Interpreter, text: str) -> None:
    """Variables first (make expands recipes after reading the whole file), then recipes."""
    lines = offset_lines(text)
    target: str | None = None
    recipes: list[tuple[Segment, str]] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        end = i
        while end + 1 < len(lines) and lines[end][1].endswith("\\"):
            end += 1
        stop = lines[end][0] + len(lines[end][1])
        if line.startswith("\t") and target is not None:
            body = line[1:].lstrip(" \t@+-")
            first = offset + len(line) - len(body)
            recipes.append((Segment(text[first:stop], range(first, stop)), f"{target}:"))
        elif not line.strip() or line.lstrip().startswith("#") or _MAKE_CONDITIONAL.match(line):
            pass
        elif (m := _MAKE_ASSIGN.match(line)) is not None:
            target = None
            value = line[m.end() :].split("#", 1)[0].rstrip()
            if m.group(2) in ("+=", "!=") or (
                m.group(2) == "?=" and m.group(1) in interp.scope.outer
            ):
                pass
            elif end == i:
                kind = RefKind.ENV_DEFAULT if m.group(2) == "?=" else RefKind.PULL
                env = m.group(1) if m.group(2) == "?=" else None
                values = _make_values(value, offset + m.end(), kind, env)
                if values and not is_secret_name(m.group(1)):
                    interp.scope.outer[m.group(1)] = values
                else:
                    interp.scope.outer.pop(m.group(1), None)
        elif (m := _MAKE_RULE.match(line)) is not None:
            target = m.group(1).split()[0]
            recipe = m.group(2)
            if ";" in recipe:
                cut = offset + m.start(2) + recipe.index(";") + 1
                recipes.append((Segment(text[cut:stop], range(cut, stop)), f"{target}:"))
        else:
            target = None
        i = end + 1
    for name, values in interp.scope.outer.items():
        interp.model_variable(name, values)  # `MODEL ?= llama3.1:8b`, read by a recipe or not
    for segment, prefix in recipes:
        interp.run(segment, prefix)


# -- justfile ----------------------------------------------------------------------------------

_JUST_ASSIGN = lazy_compile(r"(?:export[ \t]+)?(" + NAME + r")[ \t]*:=[ \t]*(.*)$")
_JUST_PARAM = lazy_compile(r"""[ \t]+[+*]?\$?([A-Za-z_][\w-]*)(?:=("[^"]*"|'[^']*'|[^\s:'"]+))?""")
_JUST_ENV = lazy_compile(
    r"""env(?:_var_or_default)?\(\s*(["'])(""" + NAME + r""")\1\s*,\s*(["'])([^"']*)\3\s*\)"""
)


def _recipe_header(line: str, offset: int) -> tuple[str, dict[str, list[Value]]] | None:
    """`name param="default" +rest:` -> the name and the literal parameter defaults."""
    m = re.match(r"@?([A-Za-z_][\w-]*)", line)
    if m is None:
        return None
    params: dict[str, list[Value]] = {}
    pos = m.end()
    for p in _JUST_PARAM.finditer(line, pos):
        if p.start() != pos:
            break
        pos = p.end()
        default = p.group(2)
        if default is not None:
            start = offset + p.start(2)
            lit, offs = strip_quotes(default, range(start, start + len(default)))
            if lit and "{{" not in lit and "(" not in lit:
                params[p.group(1)] = [Value(lit, offs)]
    if not re.match(r"[ \t]*:(?!=)", line[pos:]):
        return None
    return m.group(1), params


def read_justfile(interp: Interpreter, text: str) -> None:
    """Variables and recipe parameter defaults first, then each recipe's lines with its own."""
    recipe: str | None = None
    params: dict[str, list[Value]] = {}
    bodies: list[tuple[Segment, str, dict[str, list[Value]]]] = []
    for offset, line in offset_lines(text):
        if line[:1] in (" ", "\t"):
            if recipe is not None and line.strip():
                body = line.lstrip(" \t@-")
                first = offset + len(line) - len(body)
                segment = Segment(body, range(first, first + len(body)))
                bodies.append((segment, f"{recipe}:", params))
            continue
        recipe = None
        if not line.strip() or line.startswith("#"):
            continue
        if (m := _JUST_ASSIGN.match(line)) is not None:
            value, start = m.group(2).rstrip(), offset + m.start(2)
            env = _JUST_ENV.match(value)
            if env:
                vstart = start + env.start(4)
                values = [
                    Value(env.group(4), tuple(range(vstart, vstart + len(env.group(4)))),
                          RefKind.ENV_DEFAULT, env.group(2))
                ]  # fmt: skip
            else:
                lit, offs = strip_quotes(value, range(start, start + len(value)))
                values = [Value(lit, offs)] if lit and lit != value else []
            if not is_secret_name(m.group(1)):
                interp.scope.outer[m.group(1)] = values
        elif (header := _recipe_header(line, offset)) is not None:
            recipe, params = header
    variables = dict(interp.scope.outer)
    for name, values in variables.items():
        interp.model_variable(name, values)
    for segment, prefix, local in bodies:
        interp.scope.outer = {**variables, **local}
        interp.run(segment, prefix)
