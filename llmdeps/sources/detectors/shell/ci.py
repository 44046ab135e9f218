"""CI and compose YAML: GitHub workflow `run:` steps, GitLab scripts, compose commands.

The YAML is read lexically, line by line, and only the command keys (`steps[].run`, GitLab
`script`, compose `command`/`entrypoint`/healthcheck `test`) are interpreted. A workflow step sees
the workflow, job and step `env:`, its job's `matrix` values and the `workflow_dispatch` /
`workflow_call` input defaults; a GitLab script sees the global and job `variables:`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llmdeps.model import RefKind
from llmdeps.sources.detectors.shell.interpreter import Dialect, Interpreter, Scope, Value
from llmdeps.sources.parse.shellwords import Segment, Word, exec_form, offset_lines
from llmdeps.sources.secrets import is_secret_name

_YAML_KEY = re.compile(r"""(["']?)([^\s"'#:][^"'#:]*?|[^"']+)\1[ \t]*:(?:[ \t]+|$)""")
_YAML_KEYS = {
    Dialect.WORKFLOW: frozenset({"run"}),
    Dialect.GITLAB: frozenset({"script", "before_script", "after_script"}),
    Dialect.COMPOSE: frozenset({"command", "entrypoint", "test"}),
}


@dataclass(slots=True)
class _Entry:
    indent: int
    name: str
    item: bool
    count: int = -1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _path(stack: list[_Entry]) -> str:
    path = ""
    for entry in stack:
        path += entry.name if entry.item or not path else "." + entry.name
    return path


def read_ci_yaml(interp: Interpreter, text: str, dialect: Dialect) -> None:
    """Command keys anywhere; for workflows also `env:`, `matrix:` and input defaults."""
    lines = offset_lines(text)
    keys = _YAML_KEYS[dialect]
    stack: list[_Entry] = []
    tables: dict[str, list[Value]] = {}
    runs: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            i += 1
            continue
        col = _indent(line)
        if stripped.startswith("- ") or stripped == "-":
            while stack and (
                stack[-1].indent > col or (stack[-1].indent == col and stack[-1].item)
            ):
                stack.pop()
            parent = stack[-1] if stack else None
            index = 0
            if parent is not None:
                parent.count += 1
                index = parent.count
            stack.append(_Entry(col, f"[{index}]", True))
            rest = stripped[1:].lstrip(" ")
            col = len(line) - len(rest)
            if not rest:
                i += 1
                continue
            if dialect in _DEFERRED and _YAML_KEY.match(rest) is None:
                parent_path = _path(stack[:-1])
                seg = Segment(rest, range(offset + col, offset + col + len(rest)))
                tables.setdefault(parent_path, []).extend(_yaml_scalars(seg))
        else:
            rest = stripped
        m = _YAML_KEY.match(rest)
        if m is None:
            i += 1
            continue
        while stack and stack[-1].indent >= col and not (stack[-1].item and stack[-1].indent < col):
            stack.pop()
        key = m.group(2).strip()
        stack.append(_Entry(col, key, False))
        if key not in keys:
            head = rest[m.end() :].strip()
            if dialect in _DEFERRED and head and head[:1] not in ("|", ">", "{", "&", "*"):
                start = offset + col + m.end()
                seg = Segment(rest[m.end() :], range(start, start + len(rest) - m.end()))
                tables[_path(stack)] = _yaml_scalars(seg)
            # skip block scalars of other keys: their text is not YAML structure
            i = _block(lines, i, col, False)[1] if head[:1] in ("|", ">") else i + 1
            continue
        if dialect in _DEFERRED:
            # `defaults.run`, `env.run` are not steps
            if dialect is not Dialect.WORKFLOW or re.search(r"steps\[\d+\]\.run$", _path(stack)):
                runs.append((i, _path(stack)))  # after the whole file: env and matrix come later
            head = rest[m.end() :].strip()
            i = _block(lines, i, col, False)[1] if head[:1] in ("|", ">") else i + 1
            continue
        value_col = col + m.end()
        i = _yaml_value(interp, text, lines, i, col, value_col, _path(stack) + ":", dialect)
    for start, path in runs:
        if dialect is Dialect.WORKFLOW:
            _workflow_env(interp.scope, tables, path)
        else:
            _gitlab_variables(interp.scope, tables, path)
        offset, line = lines[start]
        m = _YAML_KEY.match(line.lstrip(" -"))
        if m is not None:
            col = len(line) - len(line.lstrip(" -"))
            _yaml_value(interp, text, lines, start, col, col + m.end(), path + ":", dialect)


_DEFERRED = frozenset({Dialect.WORKFLOW, Dialect.GITLAB})
_INPUT_DEFAULT = re.compile(r"on\.(?:workflow_dispatch|workflow_call)\.inputs\.([\w-]+)\.default")
_MATRIX = re.compile(r"jobs\.[^.]+\.strategy\.matrix\.(?:include\[\d+\]\.)?([\w-]+)")


def _workflow_env(scope: Scope, tables: dict[str, list[Value]], run_path: str) -> None:
    """The `env:` (workflow, job, step), matrix and input defaults a run step sees."""
    parts = run_path.split(".")
    job = ".".join(parts[:2]) if parts[0] == "jobs" and len(parts) > 2 else None
    step = run_path.rsplit(".", 1)[0]
    scope.env = {}
    scope.outer = {}
    for level in ("", f"{job}." if job else None, f"{step}."):
        if level is None:
            continue
        for key, values in tables.items():
            name = key[len(level) + 4 :]
            if key.startswith(level + "env.") and "." not in name and not is_secret_name(name):
                scope.env[name] = values
    for key, values in tables.items():
        m = _INPUT_DEFAULT.fullmatch(key)
        if m:
            name = f"inputs.{m.group(1)}"
            scope.outer[name] = [Value(v.text, v.offs, RefKind.ENV_DEFAULT, name) for v in values]
        m = _MATRIX.fullmatch(key)
        if m and job is not None and key.startswith(job + "."):
            scope.outer.setdefault(f"matrix.{m.group(1)}", []).extend(values)


def _gitlab_variables(scope: Scope, tables: dict[str, list[Value]], script_path: str) -> None:
    """Global and job `variables:` (plain or `{value: ...}`) a GitLab script sees."""
    job = script_path.split(".", 1)[0]
    scope.env = {}
    for level in ("variables.", f"{job}.variables."):
        for key, values in tables.items():
            if key.startswith(level):
                name = key[len(level) :].removesuffix(".value")
                if "." not in name and not is_secret_name(name):
                    scope.env[name] = values


def _yaml_scalars(seg: Segment) -> list[Value]:
    """The literal(s) of an inline YAML value: a scalar or a flow list of scalars."""
    head = seg.text.strip()
    if head.startswith("["):
        words = exec_form(_scalar(seg) if "#" in head else seg) or []
        return [Value(w.text, tuple(w.offs)) for w in words if w.text]
    lead = len(seg.text) - len(seg.text.lstrip())
    scalar = _scalar(seg.slice(lead, len(seg.text)))
    if not scalar.text or "${{" in scalar.text:
        return []
    return [Value(scalar.text, tuple(scalar.offs))]


def _block(lines: list[tuple[int, str]], i: int, key_col: int, folded: bool) -> tuple[Segment, int]:
    """The block scalar starting after line i, and the index of the first line after it."""
    chars: list[str] = []
    offs: list[int] = []
    indent: int | None = None
    j = i + 1
    while j < len(lines):
        offset, line = lines[j]
        if line.strip():
            if _indent(line) <= key_col:
                break
            if indent is None:
                indent = _indent(line)
            cut = min(indent, _indent(line))
            chars.append(line[cut:])
            offs.extend(range(offset + cut, offset + len(line)))
        chars.append(" " if folded and line.strip() else "\n")
        offs.append(offset + len(line))
        j += 1
    return Segment("".join(chars), offs), j


def _scalar(seg: Segment) -> Segment:
    """An inline YAML scalar without its quotes or trailing comment."""
    text = seg.text.rstrip()
    if text[:1] in ("'", '"'):
        end = text.rfind(text[0])
        if end > 0:
            return seg.slice(1, end)
        return seg.slice(1, len(text))
    m = re.search(r"[ \t]#", text)
    return seg.slice(0, m.start() if m else len(text))


def _yaml_value(
    interp: Interpreter,
    text: str,
    lines: list[tuple[int, str]],
    i: int,
    key_col: int,
    value_col: int,
    prefix: str,
    dialect: Dialect,
) -> int:
    """Interpret the value of a command key; return the next line index to read."""
    offset, line = lines[i]
    value = line[value_col:]
    seg = Segment(value, range(offset + value_col, offset + len(line)))
    head = value.strip()
    if head[:1] in ("|", ">"):
        block, nxt = _block(lines, i, key_col, head.startswith(">"))
        interp.run(block, prefix)
        return nxt
    if head.startswith("["):
        words = exec_form(_scalar(seg) if "#" in head else seg)
        if words is not None:
            interp.exec_words(words, prefix)
        return i + 1
    if head:
        chars: list[str] = []
        offs: list[int] = []
        lead = len(value) - len(value.lstrip())
        chars.append(value[lead:])
        offs.extend(seg.offs[lead:])
        j = i + 1
        while j < len(lines) and lines[j][1].strip() and _indent(lines[j][1]) > key_col:
            o, ln = lines[j]
            body = ln.strip()
            if head[:1] not in ("'", '"') and (body.startswith("#") or _YAML_KEY.match(body)):
                break
            chars.append(" " + body)
            offs.append(o - 1)
            offs.extend(range(o + _indent(ln), o + _indent(ln) + len(body)))
            j += 1
        interp.run(_scalar(Segment("".join(chars), offs)), prefix)
        return j
    # a block sequence of commands (GitLab script, compose command list)
    j = i + 1
    items: list[Word] = []
    scripts: list[Segment] = []
    while j < len(lines):
        o, ln = lines[j]
        s = ln.strip()
        if not s or s.startswith("#"):
            j += 1
            continue
        if _indent(ln) < key_col or not (s.startswith("- ") or s == "-"):
            break
        item_col = len(ln) - len(s) + 2
        item = Segment(ln[item_col:], range(o + item_col, o + len(ln)))
        if item.text.strip()[:1] in ("|", ">"):
            scalar, j = _block(lines, j, len(ln) - len(s), item.text.strip().startswith(">"))
        else:
            lead = len(item.text) - len(item.text.lstrip())
            scalar = _scalar(item.slice(lead, len(item.text)))
            j += 1
        scripts.append(scalar)
        items.append(Word(scalar.text, list(scalar.offs), True))
    if dialect is Dialect.COMPOSE:
        interp.exec_words(items, prefix)
        scripts = [seg for seg in scripts if re.search(r"\s", seg.text.strip())]
    for script in scripts:
        interp.run(script, prefix)
    return j
