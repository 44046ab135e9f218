"""What a value expression can evaluate to, and the file's `const` definitions names resolve to.

`value_hits` reads the literals and names in result position of an expression (`a ?? 'x'`,
`c ? 'x' : 'y'`, `process.env.M || 'x'`); `Constants` keeps `const NAME = <value>` per name with
its offset, so a use resolves to the definition before it (simple propagation within one file).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from llmdeps.sources.detectors.javascript.lexer import Group, Item, Tok
from llmdeps.sources.detectors.javascript.sdk import names_model
from llmdeps.sources.detectors.javascript.syntax import (
    RESERVED,
    at,
    is_group,
    is_id,
    is_op,
    strip_casts,
)


@dataclass(frozen=True, slots=True)
class Hit:
    """A string literal a value can evaluate to."""

    tok: Tok
    env_var: str | None
    """The literal is this environment variable's default (`process.env.X ?? 'lit'`)."""
    origin: str | None = None
    """The context of the const that holds the literal (`MODEL`, `run:MODEL`)."""
    via_model: bool = False
    """The default of a model-named read: `settings.model ?? 'llama3'`,
    `localStorage.getItem('selectedModel') || 'gemma:2b'`."""


ValueHit = Hit | Tok
"""A literal, or an identifier (`Tok`) that resolves through `Constants` at the end."""


@dataclass(slots=True)
class Const:
    """One `const NAME = <value>` whose value can be a model id."""

    name: str
    offset: int
    context: str
    hits: list[Hit]


def env_name(items: Sequence[Item]) -> str | None:
    """The variable an expression reads: `process.env.X`, `env['X']`, `getenv('X')`."""
    for k, it in enumerate(items):
        nxt = at(items, k + 1)
        if is_id(it, "env") and is_op(nxt, ".", "?.") and is_id(at(items, k + 2)):
            name = items[k + 2]
            assert isinstance(name, Tok)
            return name.value
        if (
            is_id(it, "env")
            and isinstance(nxt, Group)
            and nxt.kind == "["
            and len(nxt.items) == 1
            and isinstance(nxt.items[0], Tok)
            and nxt.items[0].kind == "str"
        ):
            return nxt.items[0].value
        if is_id(it, "getenv", "getEnv") and isinstance(nxt, Group) and nxt.kind == "(":
            first = at(nxt.items, 0)
            if isinstance(first, Tok) and first.kind == "str":
                return first.value
    return None


def value_hits(items: list[Item]) -> list[ValueHit]:
    """String literals and identifiers in result position of a value expression."""
    items = strip_casts(items)
    if len(items) == 1 and is_group(items[0], "("):
        inner = items[0]
        assert isinstance(inner, Group)
        items = inner.items
    env = env_name(items)
    out: list[ValueHit] = []
    for k, it in enumerate(items):
        if not isinstance(it, Tok) or it.kind not in ("str", "id"):
            continue
        prev, nxt = at(items, k - 1), at(items, k + 1)
        if not (prev is None or is_op(prev, "?", ":", "??", "||")):
            continue
        if not (nxt is None or is_op(nxt, ":", "??", "||")):
            continue
        if it.kind == "id":
            if it.value in RESERVED or it.value in ("true", "false", "null", "undefined"):
                continue
            out.append(it)
        else:
            defaulted = is_op(prev, "??", "||")
            use_env = env if env and defaulted else None
            out.append(Hit(it, use_env, via_model=defaulted and _reads_model(items, k - 1)))
    return out


def _reads_model(items: Sequence[Item], op: int) -> bool:
    """Does the operand left of the `??` / `||` at `op` read something a name says is a model?"""
    k = op - 1
    while k >= 0 and not is_op(items[k], "?", ":", "??", "||", "=", ","):
        it = items[k]
        if isinstance(it, Tok) and it.kind in ("id", "str") and names_model(it.value):
            return True
        if isinstance(it, Group) and it.kind in ("(", "["):
            for sub in it.items[:8]:
                if isinstance(sub, Tok) and sub.kind == "str" and names_model(sub.value):
                    return True
        k -= 1
    return False


class Constants:
    """The file's scalar `const` definitions, by name, in definition order."""

    def __init__(self) -> None:
        self._defs: dict[str, list[Const]] = {}

    def define(self, name: Tok, value: list[Item], context: str) -> None:
        """Record `const name = value` (objects and arrays are read as objects, not here)."""
        value = strip_casts(value)
        if is_id(at(value, 0), "await"):
            value = value[1:]
        if len(value) == 1 and is_group(value[0], "{", "["):
            return
        hits = value_hits(value)
        if not hits:
            return
        lits = [replace(h, origin=context) for h in hits if isinstance(h, Hit)]
        idents = [h for h in hits if isinstance(h, Tok)]
        const = Const(name.value, name.start, context, lits)
        self._defs.setdefault(name.value, []).append(const)
        for ident in idents:  # an alias: `const M = OTHER` resolves through OTHER
            const.hits.extend(self.resolve(ident.value, ident.start))

    def resolve(self, name: str, offset: int) -> list[Hit]:
        """The literals of the definition of `name` before `offset` (else the first one)."""
        defs = self._defs.get(name)
        if not defs:
            return []
        before = [d for d in defs if d.offset < offset]
        chosen = before[-1] if before else defs[0]
        return list(chosen.hits)

    def __iter__(self) -> Iterator[Const]:
        for defs in self._defs.values():
            yield from defs
