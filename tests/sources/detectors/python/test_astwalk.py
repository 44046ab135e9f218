"""The fast walk yields what `ast.walk` does, in its order, minus the field-less markers."""

import ast

from llmdeps.sources.detectors.python.astwalk import walk

SOURCE = '''
import openai
MODEL = "gpt-4o" if FAST else "gpt-4.1"

def test_default(client):
    assert client.model == "gpt-4o-mini" and not (1 + 2 < 4)
    resp = openai.chat.completions.create(model=MODEL, messages=[{"role": "user"}])
    return [m for m in resp.models if m.id in ("o1", "o3")]
'''


def test_same_nodes_and_order_as_ast_walk():
    tree = ast.parse(SOURCE)
    markers = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)
    expected = [n for n in ast.walk(tree) if not isinstance(n, markers)]
    got = walk(tree)
    assert [id(n) for n in got] == [id(n) for n in expected]
    strings = [n.value for n in got if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert {"gpt-4o", "gpt-4.1", "gpt-4o-mini", "o1", "o3", "user"} <= set(strings)


def test_no_markers_and_subtree_root_first():
    call = ast.parse("f(a + b, not c)").body[0]
    got = walk(call)
    assert got[0] is call
    assert not any(isinstance(n, ast.Load | ast.Add | ast.Not) for n in got)
    assert {n.id for n in got if isinstance(n, ast.Name)} == {"f", "a", "b", "c"}
