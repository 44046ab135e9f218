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
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Fallback, Location, Reference, RefKind, ScanWarning
from llmdeps.sources.base import Detector, SourceFile
from llmdeps.sources.detectors.shell.interpreter import model_arguments
from llmdeps.sources.idshape import plausible
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.packages.base import DeclaredPackage
from llmdeps.sources.parse import jsonpos
from llmdeps.sources.parse.shellwords import whole
from llmdeps.sources.parse.spans import Node
from llmdeps.sources.sourceurl import model_source

NAME = "notebook"

# -- cells ------------------------------------------------------------------------------------

_LINE_BREAK = lazy_compile(r"\r\n|\r|\n")
_MAGIC_LINE = lazy_compile(r"^[ \t]*(?:[!%]|[\w.,\[\] \t]+=[ \t]*[!%])")
_HELP_LINE = lazy_compile(r"^[ \t]*[?]*[\w.]+[?]{1,2}[ \t]*$")
_CELL_MAGIC = lazy_compile(r"^%%(\w+)")
_WRITEFILE = lazy_compile(r"^%%writefile(?:[ \t]+-a)?[ \t]+([^\s]+)[ \t]*\r?\n")
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "memit", "debug"})
_SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system"})
# IPython's shell escapes: `!cmd`, `!!cmd`, `x = !cmd`, `%sx cmd`, `%system cmd`.
_SHELL_ESCAPE = lazy_compile(r"[ \t]*(?:[\w.,\[\] \t]+=[ \t]*)?(?:!+|%(?:sx|system)\b)")
# The shell interpreter reads the commands; a notebook reports every model argument it finds
# (`vllm serve`, `curl` bodies, downloads), the pulls under their historical context names.
_REPORTED = {
    "ollama pull": "ollama pull",
    "ollama run": "ollama run",
    "huggingface-cli download": "huggingface-cli download",
    "hf download": "huggingface-cli download",
}
_PULLS = frozenset(_REPORTED.values())
_SAFE_ID = lazy_compile(r"^[\w.-]{1,64}$")


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
    written: tuple[str, int] | None = None
    """`%%writefile NAME`: the file's name and where its text starts in the cell source."""
    source: str = ""
    """The cell source as written (kept only for a `%%writefile` cell)."""
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
            if magic.group(1) in _SHELL_CELL_MAGICS and len(bounds) > 1:
                # one script: its `\`-continued commands and quoted JSON bodies span lines
                shell.append((bounds[1][0], source[bounds[1][0] :]))
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
        text = self.file.text
        parsed = jsonpos.read(text, strict=True)
        if parsed.error is not None:
            yield self.warn("notebook is not valid JSON")
            return
        doc = parsed.documents[0]
        cells_node = jsonpos.member(text, doc, "cells")
        source_key = "source"
        sheets = jsonpos.member(text, doc, "worksheets")
        if cells_node is None and sheets is not None and sheets.items is not None:
            first = sheets.items[0] if sheets.items else None  # nbformat 3
            cells_node = jsonpos.member(text, first, "cells")
            source_key = "input"
        if cells_node is None or cells_node.items is None:
            yield self.warn("notebook has no list of cells")
            return
        if not _is_python(text, doc):
            return
        cells: list[_Cell] = []
        bad = 0
        for index, node in enumerate(cells_node.items):
            if node.pairs is None:
                bad += 1
                continue
            cell_type = jsonpos.member(text, node, "cell_type")
            if cell_type is None or cell_type.value != "code":
                continue
            cell = self._cell(index, node, jsonpos.member(text, node, source_key))
            if cell is None:
                bad += 1
                continue
            cells.append(cell)
        if bad:
            yield self.warn(f"{bad} notebook cell(s) of an unexpected shape were skipped")
        yield from self._shell(cells)
        yield from self._written(cells)
        yield from self._python_pass(cells)

    def _cell(self, index: int, node: Node, source: Node | None) -> _Cell | None:
        """A code cell from its JSON node; its source is one string, a list of them or absent."""
        pieces: list[Node]
        if source is None:
            pieces = []
        elif source.value is not None:
            pieces = [source]
        elif source.items is not None and all(p.value is not None for p in source.items):
            pieces = source.items
        else:
            return None
        raw_id = jsonpos.member(self.file.text, node, "id")
        label = (
            raw_id.value
            if raw_id is not None and raw_id.value is not None and _SAFE_ID.match(raw_id.value)
            else str(index)
        )
        offsets: list[int] = []
        for piece in pieces:
            offsets.extend(jsonpos.string_offsets(self.file.text, piece))
        end = pieces[-1].end - 1 if pieces else 0
        offsets.append(end)
        source_text = "".join(p.value or "" for p in pieces)
        text, shell = _prepare(source_text)
        cell = _Cell(label, text, offsets, shell, _line_starts(text))
        if written := _WRITEFILE.match(source_text):
            cell.written = (written.group(1).rsplit("/", 1)[-1], written.end())
            cell.source = source_text
        return cell

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
                    verb = _REPORTED.get(found.hit.label, found.hit.label)
                    model, word = found.value.text, found.hit.word
                    if model != word.text or not (plausible(model) or model_source(model)):
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
                        kind=RefKind.PULL if verb in _PULLS else found.value.kind,
                        runtime=found.hit.runtime,
                        detector=self.name,
                    )

    def _written(self, cells: list[_Cell]) -> Iterator[Detection]:
        """`%%writefile batch_requests.jsonl`: the file a cell writes is read by the detectors
        that read such a file, at the cell's lines."""
        from llmdeps.sources.registry import DETECTORS  # the registry imports this module

        for cell in cells:
            if cell.written is None:
                continue
            name, start = cell.written
            body = cell.source[start:]
            starts = _line_starts(body)
            inner = SourceFile(self.file.path, body, name)
            for detector in DETECTORS:
                if detector.name == self.name or not detector.wants(name, name):
                    continue
                for found in detector.scan(inner):
                    if not isinstance(found, Reference):
                        continue
                    loc = found.location
                    at = start + starts[loc.line - 1] + loc.column - 1
                    line, col = self._file_pos(cell.offsets[min(at, len(cell.offsets) - 1)])
                    context = f"cell[{cell.label}]:{name}:{loc.context}"
                    yield replace(found, location=Location(self.file.path, line, col, context))

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
            if isinstance(d, DeclaredPackage):  # a detector may yield packages; Python's does not
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


def _is_python(text: str, doc: Node) -> bool:
    meta = jsonpos.member(text, doc, "metadata")
    if meta is None or meta.pairs is None:
        return True
    info = jsonpos.member(text, meta, "language_info")
    for node, key in (
        (jsonpos.member(text, info, "codemirror_mode"), "name"),
        (info, "mimetype"),
        (info, "pygments_lexer"),
    ):
        # a kernel of a Python dialect (Coconut, xonsh) still says its cells are Python here:
        # `"codemirror_mode": {"name": "python"}`, `"mimetype": "text/x-python3"`
        value = jsonpos.member(text, node, key)
        if value is not None and value.value is not None and _PYTHON_MODE.search(value.value):
            return True
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = jsonpos.member(text, jsonpos.member(text, meta, section), key)
        if value is not None and value.value is not None and value.value.strip():
            return value.value.strip().lower() in _PYTHON_LANGUAGES
    return True


_PYTHON_LANGUAGES = frozenset({"python", "python3", "ipython", "python2", "ipython3", "coconut"})
_PYTHON_MODE = lazy_compile(r"(?i)^(?:text/x-)?i?python[23]?$")
