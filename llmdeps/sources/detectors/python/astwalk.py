"""`ast.walk` without its generators: the same nodes in the same (breadth-first) order, minus
the field-less markers (`Load`, `Add`, `Eq`...) no rule reads. `ast.walk` spends most of a walk
in its `iter_child_nodes`/`iter_fields` generators; this reads `_fields` directly."""

from __future__ import annotations

import ast

_MARKERS = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)


def walk(root: ast.AST) -> list[ast.AST]:
    """`root` and every node under it, breadth first (as `ast.walk` yields them)."""
    nodes = [root]
    append = nodes.append
    index = 0
    while index < len(nodes):
        node = nodes[index]
        index += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST) and not isinstance(item, _MARKERS):
                        append(item)
            elif isinstance(value, ast.AST) and not isinstance(value, _MARKERS):
                append(value)
    return nodes
