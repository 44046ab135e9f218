"""Lists of model ids that code only matches against: not dependencies.

`NO_SUPPORT_TEMPERATURE_MODELS = ["o1", ...]` tested with `if model in ...`, a prefix table read
by `name.startswith(PREFIXES)` or `any(p in name for p in GEO_MODELS)`: the code never sends
these ids anywhere, it asks whether the configured id is one of them. Two signs, either enough:

* every use of the name in the module is a membership or prefix test, or only shows the list in
  a message (`str(X)`, `", ".join(X)`), with one test at least (a name used nowhere in the module
  may be a catalogue imported elsewhere, so it stays);
* the name says it lists a trait of models, not models to use (`NO_`, `NOT_`, `UNSUPPORTED`,
  `SUPPORT_<feature>`, `COMPATIBLE`, `DEPRECATED`, ...): such lists are matched in other modules.

A parameter default only ever used as a key is not sent anywhere either: RouteLLM's
`strong_model="gpt-4-1106-preview"` read only as `MODEL_IDS[strong_model]` or, once stored,
`self.model2tier[self.strong_model]` (`lookup_parameters`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from llmdeps.sources.detectors.python.astwalk import walk
from llmdeps.sources.names import says_trait

__all__ = ["lookup_parameters", "matcher_names", "read_names", "says_trait"]

_PREFIX_METHODS = frozenset({"startswith", "endswith", "__contains__", "match", "fullmatch"})


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    ):
        return node.attr
    return None


def matcher_names(tree: ast.AST, names: Iterable[str]) -> set[str]:
    """Of `names`, those used at least once in the module and only in membership tests."""
    wanted = set(names)
    if not wanted:
        return set()
    tested: set[int] = set()
    described: set[int] = set()
    """Uses that only print the list (`str(X)`, `", ".join(X)`, an f-string): an error message."""
    uses: dict[str, list[int]] = {}
    for node in walk(tree):
        if isinstance(node, ast.FormattedValue):
            described.add(id(node.value))
        elif isinstance(node, ast.Call) and _describes(node.func):
            described.update(id(a) for a in node.args)
        if isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators, strict=False):
                if isinstance(op, ast.In | ast.NotIn):
                    tested.add(id(right))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _PREFIX_METHODS:
                tested.update(id(a) for a in node.args)
                if func.attr == "__contains__":
                    tested.add(id(func.value))
            elif isinstance(func, ast.Name) and func.id in ("any", "all") and node.args:
                gen = node.args[0]
                if isinstance(gen, ast.GeneratorExp | ast.ListComp):
                    tested.update(id(g.iter) for g in gen.generators)
        else:
            name = _name_of(node)
            if name in wanted and isinstance(getattr(node, "ctx", None), ast.Load):
                uses.setdefault(name, []).append(id(node))
    return {
        name
        for name, ids in uses.items()
        if all(i in tested or i in described for i in ids) and any(i in tested for i in ids)
    }


_DESCRIBING = frozenset({"str", "repr", "print", "len"})


def _describes(func: ast.expr) -> bool:
    """`str(...)`, `print(...)`, `", ".join(...)`: a call that only shows its argument."""
    if isinstance(func, ast.Name):
        return func.id in _DESCRIBING
    return isinstance(func, ast.Attribute) and func.attr == "join"


def read_names(tree: ast.AST, names: Iterable[str]) -> set[str]:
    """Of `names`, those the module reads at least once (`NAME`, `self.NAME`, `Cls.NAME`)."""
    wanted = set(names)
    found: set[str] = set()
    if not wanted:
        return found
    for node in walk(tree):
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(
            getattr(node, "ctx", None), ast.Load
        ):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in wanted:
                found.add(name)
    return found


def lookup_parameters(tree: ast.AST) -> set[tuple[str, str]]:
    """`(Cls.method, name)` of the parameters with a string default whose every read is a key
    into a mapping (`table[name]`, `table.get(name)`), directly or through `self.attr = name`
    when every read of `self.attr` in the class is one too. A parameter never read stays."""
    found: set[tuple[str, str]] = set()
    _lookup_walk(tree, (), None, found)
    return found


def _lookup_walk(
    node: ast.AST, scope: tuple[str, ...], cls: ast.ClassDef | None, found: set[tuple[str, str]]
) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            _lookup_walk(child, (*scope, child.name), child, found)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            qual = ".".join((*scope, child.name))
            for name in _defaulted(child.args):
                if _only_keys(child, name, cls):
                    found.add((qual, name))
            _lookup_walk(child, (*scope, child.name), cls, found)
        else:
            _lookup_walk(child, scope, cls, found)


def _defaulted(args: ast.arguments) -> list[str]:
    positional = [*args.posonlyargs, *args.args]
    tail = positional[len(positional) - len(args.defaults) :]
    pairs = list(zip(tail, args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d]
    return [a.arg for a, d in pairs if isinstance(d, ast.Constant) and isinstance(d.value, str)]


def _key_reads(root: ast.AST, wanted: str, attribute: bool) -> tuple[int, int, list[str]]:
    """Reads of `wanted` (a name, or `self.<wanted>`) under `root`: how many, how many are keys,
    and the `self` attributes a plain read is stored to."""
    reads = keys = 0
    stored: list[str] = []
    for node in ast.walk(root):
        if isinstance(node, ast.Subscript):
            keys += _is_read(node.slice, wanted, attribute)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get" and node.args:
                keys += _is_read(node.args[0], wanted, attribute)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and not attribute:
            target = node.targets[0]
            self_attr = isinstance(target, ast.Attribute) and _name_of(target) is not None
            if self_attr and _is_read(node.value, wanted, attribute):
                assert isinstance(target, ast.Attribute)
                stored.append(target.attr)
                keys += 1  # judged by the attribute's own reads
        if _is_read(node, wanted, attribute):
            reads += 1
    return reads, keys, stored


def _is_read(node: ast.AST, wanted: str, attribute: bool) -> bool:
    if not isinstance(getattr(node, "ctx", None), ast.Load):
        return False
    if attribute:
        return isinstance(node, ast.Attribute) and _name_of(node) == wanted
    return isinstance(node, ast.Name) and node.id == wanted


def _only_keys(func: ast.AST, name: str, cls: ast.ClassDef | None) -> bool:
    reads, keys, stored = _key_reads(func, name, attribute=False)
    if reads == 0 or keys != reads:
        return False
    for attr in stored:
        if cls is None:
            return False
        attr_reads, attr_keys, _ = _key_reads(cls, attr, attribute=True)
        if attr_reads == 0 or attr_keys != attr_reads:
            return False
    return True
