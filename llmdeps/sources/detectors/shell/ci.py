"""CI and compose YAML: GitHub workflow `run:` steps, GitLab scripts, compose commands.

The YAML is read by `parse.yamlpos`, and only the command keys (`steps[].run`, GitLab `script`,
compose `command`/`entrypoint`/healthcheck `test`) are interpreted. A workflow step sees the
workflow, job and step `env:`, its job's `matrix` values and the `workflow_dispatch` /
`workflow_call` input defaults; a GitLab script sees the global and job `variables:`. Flow
mappings, anchored values and aliases are not followed (a merged template is read where it is
written, once). A document that does not parse is skipped; the ones before it are read.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile
from llmdeps.model import RefKind
from llmdeps.sources.detectors.shell.interpreter import Dialect, Interpreter, Scope, Value
from llmdeps.sources.parse import yamlpos
from llmdeps.sources.parse.shellwords import Segment, Word
from llmdeps.sources.parse.spans import Node, Style
from llmdeps.sources.secrets import is_secret_name

_COMMAND_KEYS = {
    Dialect.WORKFLOW: frozenset({"run"}),
    Dialect.GITLAB: frozenset({"script", "before_script", "after_script"}),
    Dialect.COMPOSE: frozenset({"command", "entrypoint", "test"}),
}
# workflow and GitLab commands run after the whole file is read: `env:` and `matrix:` come later
_DEFERRED = frozenset({Dialect.WORKFLOW, Dialect.GITLAB})
_STEP_RUN = lazy_compile(r"steps\[\d+\]\.run$")  # `defaults.run`, `env.run` are not steps
_INPUT_DEFAULT = lazy_compile(r"on\.(?:workflow_dispatch|workflow_call)\.inputs\.([\w-]+)\.default")
_MATRIX = lazy_compile(r"jobs\.[^.]+\.strategy\.matrix\.(?:include\[\d+\]\.)?([\w-]+)")
_BLOCK = (Style.LITERAL, Style.FOLDED)


def read_ci_yaml(interp: Interpreter, text: str, dialect: Dialect) -> None:
    """Command keys anywhere; for workflows also `env:`, `matrix:` and input defaults."""
    reader = _Reader(interp, text, dialect)
    for document in yamlpos.read(text).documents:
        reader.walk(document)
    for node, path in reader.commands:
        if dialect is Dialect.WORKFLOW:
            _workflow_env(interp.scope, reader.tables, path)
        else:
            _gitlab_variables(interp.scope, reader.tables, path)
        reader.command(node, path)


class _Reader:
    """One walk over the nodes: command keys, and the scalar values by their key path."""

    def __init__(self, interp: Interpreter, text: str, dialect: Dialect) -> None:
        self.interp = interp
        self.text = text
        self.dialect = dialect
        self.keys = _COMMAND_KEYS[dialect]
        self.deferred = dialect in _DEFERRED
        self.tables: dict[str, list[Value]] = {}
        """`jobs.x.env.MODEL` -> its literal(s); lists of scalars extend their key's entry."""
        self.commands: list[tuple[Node, str]] = []
        self.seen: set[int] = set()

    def _opening(self, node: Node) -> str:
        """The node's first own character: `{` or `[` for a flow collection."""
        start = yamlpos.body_start(self.text, node)
        return self.text[start : start + 1]

    def walk(self, document: Node) -> None:
        """The keys under a document, in order; flow collections and aliases are not read into.

        A loop, not recursion: `- - - ...` nests as deep as the file is long.
        """
        # (node, its path, its key or None, the path of the sequence holding it or None)
        todo: list[tuple[Node, str, str | None, str | None]] = [(document, "", None, None)]
        while todo:
            node, path, key, sequence = todo.pop()
            if id(node) in self.seen:
                continue  # an alias is the anchored node: it is read where it is written
            if key is not None and not self.pair(key, path, node):
                continue
            if sequence is not None and self.deferred and self._inline(node):
                self.tables.setdefault(sequence, []).extend(self.literals(node))
            self.seen.add(id(node))
            if self._opening(node) in ("{", "["):
                continue
            children: list[tuple[Node, str, str | None, str | None]] = []
            for name_node, value in node.pairs or ():
                if name_node.value is not None:
                    name = name_node.value.strip()
                    children.append((value, f"{path}.{name}" if path else name, name, None))
            for index, item in enumerate(node.items or ()):
                children.append((item, f"{path}[{index if path else 0}]", None, path))
            todo.extend(reversed(children))

    def pair(self, name: str, path: str, value: Node) -> bool:
        """One `key: value`: a command, or a value to remember; whether to read below it."""
        if name in self.keys:
            if not self.deferred:
                self.command(value, path)
                return value.pairs is not None  # a compose service may be named `test`
            if self.dialect is not Dialect.WORKFLOW or _STEP_RUN.search(path):
                self.commands.append((value, path))
        elif self.deferred and self._inline(value) and value.start < value.end:
            self.tables[path] = self.literals(value)  # `key:` alone names no value: skipped
        return True

    def _inline(self, node: Node) -> bool:
        """A value written on its key's line: a flow list, or a scalar that is no block."""
        if self.text[node.start : node.start + 1] == "&":
            return False  # an anchored value is read where an alias uses it: nowhere here
        return self._flow_list(node) or node.value is not None and node.style not in _BLOCK

    def _flow_list(self, node: Node) -> bool:
        return node.items is not None and self._opening(node) == "["

    def literals(self, node: Node) -> list[Value]:
        """The literal(s) of an inline value: a scalar or a flow list of scalars."""
        if self._flow_list(node):
            return [Value(seg.text, tuple(seg.offs)) for seg in self._items(node) if seg.text]
        seg = self.scalar(node)
        if not seg.text or "${{" in seg.text:
            return []
        return [Value(seg.text, tuple(seg.offs))]

    def scalar(self, node: Node) -> Segment:
        text, offs = yamlpos.scalar_text(self.text, node)
        return Segment(text, offs)

    def _items(self, node: Node) -> list[Segment]:
        return [self.scalar(item) for item in node.items or () if item.value is not None]

    def _words(self, node: Node) -> list[Word]:
        items = [item for item in node.items or () if item.value is not None]
        return [
            Word(seg.text, list(seg.offs), item.style is not Style.PLAIN)
            for item, seg in zip(items, self._items(node), strict=True)
        ]

    def command(self, node: Node, path: str) -> None:
        """Interpret a command key's value: a script, an exec-form list or a list of scripts."""
        prefix = path + ":"
        if node.value is not None:
            seg = self.scalar(node)
            if self.dialect is Dialect.COMPOSE and seg.text.lstrip().startswith("-"):
                # `command: --model-id org/name --port 80`: only the entrypoint's options
                words = [
                    Word(m.group(), list(seg.offs[m.start() : m.end()]))
                    for m in re.finditer(r"\S+", seg.text)
                ]
                self.interp.exec_words(words, prefix)
            elif seg.text.strip():
                self.interp.run(seg, prefix)
        elif self._flow_list(node):
            self.interp.exec_words(self._words(node), prefix)
        elif node.items is not None:
            # a block sequence of commands (GitLab script, compose command list)
            scripts = self._items(node)
            if self.dialect is Dialect.COMPOSE:
                self.interp.exec_words(self._words(node), prefix)
                scripts = [seg for seg in scripts if re.search(r"\s", seg.text.strip())]
            for script in scripts:
                self.interp.run(script, prefix)


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
