"""Jupyter notebooks: the Python detector run over the code cells, mapped back into the `.ipynb`.

Only code cells are read (markdown, raw cells and every output are never code). The code cells are
concatenated, so a constant defined in one cell and used in a later one is one reference, and each
detection is mapped back to its cell and then to the line and column in the notebook file as
stored: the JSON text, with its string escapes (`\\"`, `\\n`, `\\u00e9`) and whether the source is
one string, a list of strings or a minified one-line document. The position is that of the first
stored character of the literal (for `"x"` in a cell, the backslash of `\\"x\\"` in the JSON).

IPython syntax never breaks the parse: `%magic`, `!shell`, `x = !cmd` and `obj?` lines are blanked
(same length, so positions hold), and `!ollama pull X` / `!ollama run X` lines are references of
kind `pull`. Contexts are `cell[<id>]` (the nbformat 4.5 cell id, else the cell's index among all
cells) followed by the Python context without its module: `cell[1]:CANDIDATES`,
`cell[2].score:generate`.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from llmdeps.model import Detection, Fallback, Location, Reference, RefKind, ScanWarning
from llmdeps.sources.base import Detector, SourceFile
from llmdeps.sources.detectors.shell.interpreter import model_arguments
from llmdeps.sources.idshape import plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.parse.shellwords import whole

NAME = "notebook"
_MAX_JSON_DEPTH = 200

# -- a JSON reader that keeps where each string starts ----------------------------------------


@dataclass(frozen=True, slots=True)
class JStr:
    """A JSON string: its decoded value and the offset of its opening quote in the document."""

    value: str
    start: int
    end: int


class _JsonError(ValueError):
    pass


_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


def parse_json(text: str) -> Any:
    """Parse JSON; strings become `JStr` (value and position); raises `_JsonError`."""
    value, end = _value(text, _WS.match(text, 0).end(), 0)  # type: ignore[union-attr]
    end = _WS.match(text, end).end()  # type: ignore[union-attr]
    if end != len(text):
        raise _JsonError("trailing data")
    return value


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]


def _value(text: str, i: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_JSON_DEPTH:
        raise _JsonError("nested too deeply")
    if i >= len(text):
        raise _JsonError("unexpected end")
    c = text[i]
    if c == '"':
        m = _STRING.match(text, i)
        if m is None:
            raise _JsonError("bad string")
        return JStr(json.loads(m.group()), i, m.end()), m.end()
    if c == "{":
        obj: dict[str, Any] = {}
        i = _skip(text, i + 1)
        if text.startswith("}", i):
            return obj, i + 1
        while True:
            m = _STRING.match(text, i)
            if m is None:
                raise _JsonError("bad key")
            key = json.loads(m.group())
            i = _skip(text, m.end())
            if not text.startswith(":", i):
                raise _JsonError("expected colon")
            obj[key], i = _value(text, _skip(text, i + 1), depth + 1)
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            if text.startswith("}", i):
                return obj, i + 1
            raise _JsonError("expected , or }")
    if c == "[":
        arr: list[Any] = []
        i = _skip(text, i + 1)
        if text.startswith("]", i):
            return arr, i + 1
        while True:
            item, i = _value(text, i, depth + 1)
            arr.append(item)
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            if text.startswith("]", i):
                return arr, i + 1
            raise _JsonError("expected , or ]")
    for word, lit in _LITERALS.items():
        if text.startswith(word, i):
            return lit, i + len(word)
    m = _NUMBER.match(text, i)
    if m is None:
        raise _JsonError("unexpected character")
    return float(m.group()), m.end()


_JSON_ESC = {'"': 1, "\\": 1, "/": 1, "b": 1, "f": 1, "n": 1, "r": 1, "t": 1}


def char_offsets(text: str, s: JStr) -> list[int]:
    """For each character of `s.value`, the offset in `text` where its stored form starts."""
    out: list[int] = []
    i = s.start + 1
    end = s.end - 1
    while i < end:
        if text[i] != "\\":
            out.append(i)
            i += 1
            continue
        out.append(i)
        if text[i + 1] != "u":
            i += 2
            continue
        code = int(text[i + 2 : i + 6], 16)
        i += 6
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i):
            low = int(text[i + 2 : i + 6], 16)
            if 0xDC00 <= low < 0xE000:
                i += 6  # a surrogate pair decodes to one character
    if len(out) != len(s.value):  # lone surrogates and the like: fall back to a plain count
        return [min(s.start + 1 + k, max(s.end - 2, s.start)) for k in range(len(s.value))]
    return out


# -- cells ------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAGIC_LINE = re.compile(r"^[ \t]*(?:[!%]|[\w.,\[\] \t]+=[ \t]*[!%])")
_HELP_LINE = re.compile(r"^[ \t]*[?]*[\w.]+[?]{1,2}[ \t]*$")
_CELL_MAGIC = re.compile(r"^%%(\w+)")
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "memit", "debug"})
_SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system"})
# IPython's shell escapes: `!cmd`, `!!cmd`, `x = !cmd`, `%sx cmd`, `%system cmd`.
_SHELL_ESCAPE = re.compile(r"[ \t]*(?:[\w.,\[\] \t]+=[ \t]*)?(?:!+|%(?:sx|system)\b)")
# The shell interpreter reads the commands; a notebook reports, as it always has, the literal
# model of these (label -> context). Its other commands (`ollama create|cp|show|push`, `vllm
# serve`, `curl .../api/pull`) and variables are not reported here yet: that is a change of output.
_REPORTED = {
    "ollama pull": "ollama pull",
    "ollama run": "ollama run",
    "huggingface-cli download": "huggingface-cli download",
    "hf download": "huggingface-cli download",
}
_SAFE_ID = re.compile(r"^[\w.-]{1,64}$")


@dataclass(slots=True)
class _Cell:
    label: str
    text: str
    """The cell source, IPython lines blanked to spaces (same length)."""
    offsets: list[int]
    """Offset in the .ipynb text of each character of `text`, plus one past the end."""
    shell_lines: list[tuple[int, str]]
    """(offset in `text`, line) of shell commands: `!...` lines and shell cell magic bodies."""
    line_starts: list[int]
    first_line: int = 0
    """Line of this cell in the concatenated Python text (1-based); 0 when scanned alone."""


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\r\n]", " ", text[start:end]) + text[end:]


def _prepare(source: str) -> tuple[str, list[tuple[int, str]]]:
    """Blank IPython syntax; return the Python text and the shell command lines."""
    shell: list[tuple[int, str]] = []
    starts = _line_starts(source)
    bounds = [(s, e) for s, e in zip(starts, [*starts[1:], len(source)], strict=True)]
    text = source
    first = source[: bounds[0][1]].strip() if bounds else ""
    magic = _CELL_MAGIC.match(first)
    if magic:
        if magic.group(1) in _PYTHON_CELL_MAGICS:
            text = _blank(text, 0, bounds[0][1])
        else:
            if magic.group(1) in _SHELL_CELL_MAGICS:
                shell.extend((s, source[s:e]) for s, e in bounds[1:])
            return _blank(text, 0, len(text)), shell
    for s, e in bounds:
        line = source[s:e]
        if _MAGIC_LINE.match(line) or _HELP_LINE.match(line.rstrip("\r\n")):
            if "!" in line or re.match(r"[ \t]*%(?:sx|system)\b", line):
                shell.append((s, line))
            text = _blank(text, s, e)
    return text, shell


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _module_prefixes(path: str) -> tuple[str, ...]:
    """Module names the Python detector may derive from the notebook path, longest first."""
    try:
        from llmdeps.sources.detectors.python import module_path
    except ImportError:  # pragma: no cover - the Python detector ships with the package

        def module_path(path: str) -> str:
            return ".".join(p for p in path.split("/") if p)

    stem = path.rsplit(".", 1)[0]
    found = {module_path(path), module_path(stem + ".py"), stem.replace("/", ".")}
    return tuple(sorted((p for p in found if p), key=len, reverse=True))


def _cell_context(label: str, context: str, prefixes: Sequence[str]) -> str:
    """`notebooks.eval:CANDIDATES` -> `cell[1]:CANDIDATES`; `m.score:generate` ->
    `cell[1].score:generate`."""
    rest = context
    for prefix in prefixes:
        if context == prefix or context.startswith((prefix + ":", prefix + ".")):
            rest = context[len(prefix) :]
            break
    rest = rest.lstrip(".")
    head = f"cell[{label}]"
    if rest.startswith(":") or not rest:
        return head + rest
    return f"{head}.{rest}" if ":" in rest else f"{head}:{rest}"


class NotebookDetector:
    """Model references in the code cells of Jupyter notebooks."""

    name = NAME
    keywords = MODEL_WORDS

    def __init__(self, python: Detector | None = None) -> None:
        self._python = python

    def _detector(self) -> Detector:
        if self._python is None:
            from llmdeps.sources.detectors.python import PythonDetector

            self._python = PythonDetector()
        return self._python

    def wants(self, path: str, name: str) -> bool:
        """`.ipynb` files, not Jupyter's checkpoint copies."""
        return name.endswith(".ipynb") and ".ipynb_checkpoints/" not in path

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """Yield the references of the code cells, positioned in the notebook file."""
        yield from _Scan(file, self._detector(), self.name).run()


class _Scan:
    def __init__(self, file: SourceFile, python: Detector, name: str) -> None:
        self.file = file
        self.python = python
        self.name = name
        self.file_lines = [0, *(m.end() for m in re.finditer(r"\n", file.text))]
        self.prefixes = _module_prefixes(file.path)

    def warn(self, reason: str) -> ScanWarning:
        return ScanWarning(self.file.path, reason)

    def run(self) -> Iterator[Detection]:
        try:
            doc = parse_json(self.file.text)
        except (_JsonError, RecursionError, ValueError):
            yield self.warn("notebook is not valid JSON")
            return
        cells_node = doc.get("cells") if isinstance(doc, dict) else None
        source_key = "source"
        if cells_node is None and isinstance(doc, dict) and isinstance(doc.get("worksheets"), list):
            sheets = doc["worksheets"]  # nbformat 3
            first = sheets[0] if sheets else None
            cells_node = first.get("cells") if isinstance(first, dict) else None
            source_key = "input"
        if not isinstance(cells_node, list):
            yield self.warn("notebook has no list of cells")
            return
        if not _is_python(doc):
            return
        cells: list[_Cell] = []
        bad = 0
        for index, node in enumerate(cells_node):
            if not isinstance(node, dict):
                bad += 1
                continue
            cell_type = node.get("cell_type")
            if not isinstance(cell_type, JStr) or cell_type.value != "code":
                continue
            cell = self._cell(index, node, node.get(source_key))
            if cell is None:
                bad += 1
                continue
            cells.append(cell)
        if bad:
            yield self.warn(f"{bad} notebook cell(s) of an unexpected shape were skipped")
        yield from self._shell(cells)
        yield from self._python_pass(cells)

    def _cell(self, index: int, node: dict[str, Any], source: Any) -> _Cell | None:
        pieces: list[JStr]
        if isinstance(source, JStr):
            pieces = [source]
        elif isinstance(source, list) and all(isinstance(p, JStr) for p in source):
            pieces = source
        elif source is None:
            pieces = []
        else:
            return None
        raw_id = node.get("id")
        label = (
            raw_id.value
            if isinstance(raw_id, JStr) and _SAFE_ID.match(raw_id.value)
            else str(index)
        )
        offsets: list[int] = []
        for piece in pieces:
            offsets.extend(char_offsets(self.file.text, piece))
        end = pieces[-1].end - 1 if pieces else 0
        offsets.append(end)
        source_text = "".join(p.value for p in pieces)
        text, shell = _prepare(source_text)
        return _Cell(label, text, offsets, shell, _line_starts(text))

    def _file_pos(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.file_lines, offset)
        return line, offset - self.file_lines[line - 1] + 1

    def _shell(self, cells: list[_Cell]) -> Iterator[Detection]:
        for cell in cells:
            for start, line in cell.shell_lines:
                escape = _SHELL_ESCAPE.match(line)
                cut = escape.end() if escape else 0
                bang = "!" if line.lstrip().startswith("!") else ""
                for found in model_arguments(whole(line[cut:])):
                    verb = _REPORTED.get(found.hit.label)
                    model, word = found.value.text, found.hit.word
                    if verb is None or model != word.text or not plausible(model):
                        continue
                    at = start + cut + found.value.offs[0]
                    if word.quoted and line[at - start - 1 : at - start] in ("'", '"'):
                        at -= 1  # report the opening quote, as for code
                    line_no, col = self._file_pos(cell.offsets[min(at, len(cell.offsets) - 1)])
                    yield Reference(
                        model=model,
                        location=Location(
                            self.file.path, line_no, col, f"cell[{cell.label}]:{bang}{verb}"
                        ),
                        kind=RefKind.PULL,
                        runtime=found.hit.runtime,
                        detector=self.name,
                    )

    def _python_pass(self, cells: list[_Cell]) -> Iterator[Detection]:
        if not any(c.text.strip() for c in cells):
            return
        joined = [c for c in cells if _parses(c.text)]
        alone = [c for c in cells if c not in joined]
        if joined:
            parts: list[str] = []
            line = 1
            for c in joined:
                c.first_line = line
                body = c.text if c.text.endswith(("\n", "\r")) else c.text + "\n"
                parts.append(body)
                line += len(_LINE_BREAK.findall(body))
            concat = "".join(parts)
            if not _parses(concat):  # cells fine alone, not together (rare): scan them one by one
                alone, joined = cells, []
            else:
                yield from self._map(joined, concat)
        for c in alone:
            c.first_line = 1
            yield from self._map([c], c.text)

    def _map(self, cells: list[_Cell], text: str) -> Iterator[Detection]:
        path = self.file.path
        firsts = [c.first_line for c in cells]
        src = SourceFile(path=path, text=text, name=path.rsplit("/", 1)[-1])
        try:
            found = list(self.python.scan(src))
        except RecursionError:
            yield self.warn("notebook code nested too deeply to analyse")
            return
        for d in found:
            if isinstance(d, ScanWarning):
                label = cells[0].label if len(cells) == 1 else "*"
                reason = "scanned lexically" if "lexical" in d.reason else "partly read"
                yield self.warn(f"notebook cell {label}: Python could not be parsed; {reason}")
                continue
            loc = d.location
            k = bisect.bisect_right(firsts, loc.line) - 1
            if k < 0:
                continue
            cell = cells[k]
            offset = self._cell_offset(cell, loc.line - cell.first_line, loc.column)
            if offset is None:
                continue
            line, col = self._file_pos(cell.offsets[offset])
            where = Location(path, line, col, _cell_context(cell.label, loc.context, self.prefixes))
            if isinstance(d, Reference):
                yield replace(d, location=where, detector=self.name)
            elif isinstance(d, Fallback):
                yield replace(d, location=where)

    @staticmethod
    def _cell_offset(cell: _Cell, line_index: int, column: int) -> int | None:
        if not 0 <= line_index < len(cell.line_starts):
            return None
        start = cell.line_starts[line_index]
        end = cell.line_starts[line_index + 1] if line_index + 1 < len(cell.line_starts) else None
        line = cell.text[start:end]
        col = column - 1
        if not 0 <= col <= len(line):
            # a detector that counts UTF-8 bytes: convert to characters
            col = len(line.encode("utf-8")[: max(col, 0)].decode("utf-8", "ignore"))
        return min(start + min(col, len(line)), len(cell.offsets) - 1)


def _is_python(doc: dict[str, Any]) -> bool:
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return True
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        part = meta.get(section)
        value = part.get(key) if isinstance(part, dict) else None
        if isinstance(value, JStr) and value.value.strip():
            return value.value.strip().lower() in ("python", "python3", "ipython", "python2")
    return True
