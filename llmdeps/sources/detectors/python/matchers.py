"""Lists of model ids that code only matches against: not dependencies.

`NO_SUPPORT_TEMPERATURE_MODELS = ["o1", ...]` tested with `if model in ...`, a prefix table read
by `name.startswith(PREFIXES)` or `any(p in name for p in GEO_MODELS)`: the code never sends
these ids anywhere, it asks whether the configured id is one of them. Two signs, either enough:

* every use of the name in the module is a membership or prefix test (a name used nowhere in the
  module may be a catalogue imported elsewhere, so it stays);
* the name says it lists a trait of models, not models to use (`NO_`, `NOT_`, `UNSUPPORTED`,
  `SUPPORT_<feature>`, `COMPATIBLE`, `DEPRECATED`, ...): such lists are matched in other modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from llmdeps.sources.detectors.python.astwalk import walk
from llmdeps.sources.names import says_trait

__all__ = ["matcher_names", "read_names", "says_trait"]

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
    uses: dict[str, list[int]] = {}
    for node in walk(tree):
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
    return {name for name, ids in uses.items() if all(i in tested for i in ids)}


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
