"""Which brackets can hold a reference: the walk skips a group that holds none of its sources.

Walking a group has effects only through what it holds:
* a reference starts at a string literal: kept anywhere when it is `model_like`, and when it
  is only `slot_plausible`, in a strong slot (an SDK call's `model:`, a bound factory, a const
  used there), so only where a value starts;
* an identifier reaches a literal elsewhere only through a const the walk records
  (`Constants.define`: a declaration whose value has a string or a name in result position), or
  a declared type the walk remembers (`const X: LLM`);
* a function's parameter takes the literals its bare calls pass (`run('llama3.1:8b')`), so
  the parameters of a function called with a literal argument are sources too;
* a config object becomes a call when its root (a declared name or an object key) is passed to,
  or spread into, an SDK call: an identifier right after `(`, `,` or `...`.
A group with none of these emits, defines and passes nothing, so skipping it changes no
reference; it is most of a large file (test fixtures, JSX, function bodies). The names are read
off the flat tokens with the walker's own rules (result position, statement ends); a value cut
short keeps its name, and a file whose brackets do not pair up is walked whole (`build_tree`
reports the faults).
"""

from __future__ import annotations

import bisect
import functools
import itertools

from llmdeps.sources.detectors.javascript.lexer import Group, Item, Tok
from llmdeps.sources.detectors.javascript.sdk import STRONG_KEYS, names_model, split_langchain
from llmdeps.sources.detectors.javascript.syntax import RESERVED
from llmdeps.sources.idshape import model_like, slot_plausible

_DECLARE = frozenset({"const", "let", "var"})
_NOT_VALUES = RESERVED | {"true", "false", "null", "undefined"}
_RESULT_BEFORE = frozenset({"?", ":", "??", "||"})
_RESULT_START = frozenset({"=", "?", "??", "||"})
"""Operators after which a literal starts a value or a result (`:` needs a second look)."""
_RESULT_AFTER = frozenset({":", "??", "||"})
_SCAN_LIMIT = 400
"""Tokens read for one declaration's value; a longer one keeps its name."""


_NEVER, _ANYWHERE, _IN_SLOT = 0, 1, 2


@functools.lru_cache(maxsize=8192)
def _literal_reach(value: str) -> int:
    """Where can this literal be kept (raw, or split as a `provider:model` string)? Anywhere
    when it looks like a model (or holds a `/`: `pipeline(task, 'org/name')` takes any
    plausible one), in a strong slot when it is only `slot_plausible`, else never."""
    split = split_langchain(value, infer=False)[0]
    if model_like(value) or model_like(split):
        return _ANYWHERE
    if slot_plausible(value) or slot_plausible(split):
        return _ANYWHERE if "/" in value else _IN_SLOT
    return _NEVER


def _slot_position(toks: list[Tok], k: int) -> bool:
    """Can the literal at k be a strong slot's value (`model: 'x'`, `openai('x')`, a const's
    value, `a ?? 'x'`)? Not after a key that is no strong key (`type: 'text'`), an operator
    like `+` or `===`, an array or object opener, or a value."""
    prev = toks[k - 1] if k > 0 else None
    if prev is None:
        return True
    if prev.kind == "open":
        return prev.value == "("
    if prev.kind == "id":
        return prev.value == "await"
    if prev.kind != "op":
        return False
    if prev.value in _RESULT_START:
        return True
    if prev.value != ":":
        return False
    key = toks[k - 2] if k > 1 else None
    before = toks[k - 3] if k > 2 else None
    if (
        key is not None
        and key.kind in ("id", "str")
        and before is not None
        and ((before.kind == "open" and before.value == "{") or _is_op(before, ","))
    ):
        return key.value in STRONG_KEYS  # an object key
    return True  # a ternary's `:`, or a key the walker may read otherwise


def relevant_offsets(toks: list[Tok]) -> list[int]:
    """Sorted offsets of the literals that can be kept and the identifiers that reach one."""
    declared, recorded = _declarations(toks)
    keys = {
        a.value
        for a, b in zip(toks, itertools.islice(toks, 1, None), strict=False)
        if b.value == ":" and b.kind == "op" and a.kind in ("id", "str")
    }
    marks: list[int] = []
    for k in [k for k, t in enumerate(toks) if t.kind == "str"]:
        reach = _literal_reach(toks[k].value)
        if reach == _ANYWHERE or (reach == _IN_SLOT and _slot_position(toks, k)):
            marks.append(toks[k].start)
    marks.extend(t.start for t in toks if t.kind == "id" and t.value in recorded)
    params = _parameters_given_literals(toks)
    marks.extend(t.start for t in toks if t.kind == "id" and t.value in params)
    roots = (declared | keys) - recorded
    marks.extend(
        toks[k].start
        for k in [k for k, t in enumerate(toks) if t.kind == "id" and t.value in roots]
        if _passed(toks, k)
    )
    marks.sort()
    return marks


def holds_mark(marks: list[int], item: Item) -> bool:
    """Does the group hold a relevant token (tokens are never skipped)?"""
    if not isinstance(item, Group):
        return True
    k = bisect.bisect_right(marks, item.open.start)
    return k < len(marks) and marks[k] < item.end


def _passed(toks: list[Tok], k: int) -> bool:
    """Can the identifier at k be an argument on its own (`create(params)`) or a spread?"""
    prev = toks[k - 1] if k > 0 else None
    if prev is None:
        return False
    if not ((prev.kind == "open" and prev.value == "(") or _is_op(prev, ",", "...")):
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return nxt is None or not (nxt.kind == "open" or _is_op(nxt, ":", ".", "?.", "="))


def _parameters_given_literals(toks: list[Tok]) -> set[str]:
    """The parameter names of the functions that a bare call passes a string literal to
    (`function run(model) {...}` and `run('llama3.1:8b')`)."""
    called = {
        toks[k].value
        for k in range(len(toks) - 1)
        if toks[k].kind == "id"
        and _is_open(toks[k + 1])
        and not (k > 0 and _is_op(toks[k - 1], ".", "?."))
        and _args_hold_literal(toks, k + 1)
    }
    params: set[str] = set()
    for k in range(1, len(toks) - 1):
        tok = toks[k]
        if tok.kind != "id" or tok.value not in called:
            continue
        start = k + 1  # `function run(`, `run = async (`, `run = (`
        if toks[k - 1].value != "function":
            if not _is_op(toks[k + 1], "="):
                continue
            start = k + 3 if k + 2 < len(toks) and toks[k + 2].value == "async" else k + 2
        if start < len(toks) and _is_open(toks[start]):
            params |= _parameter_ids(toks, start)
    return params


def _is_open(t: Tok) -> bool:
    return t.kind == "open" and t.value == "("


def _args_hold_literal(toks: list[Tok], k: int) -> bool:
    """Does the argument list opening at k hold a string literal at its own depth?"""
    depth = 0
    for t in itertools.islice(toks, k, k + 60):
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
            if depth == 0:
                return False
        elif depth == 1 and t.kind == "str":
            return True
    return False


def _parameter_ids(toks: list[Tok], k: int) -> set[str]:
    """The names right after `(` or `,` at the depth of the parameter list opening at k."""
    out: set[str] = set()
    depth = 0
    for j, t in enumerate(itertools.islice(toks, k, k + 200), start=k):
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and t.kind == "id" and (_is_open(toks[j - 1]) or _is_op(toks[j - 1], ",")):
            out.add(t.value)
    return out


def _is_op(t: Tok, *values: str) -> bool:
    return t.kind == "op" and t.value in values


def _declarations(toks: list[Tok]) -> tuple[set[str], set[str]]:
    """(every declared name, the names whose declaration the walk records or types), read as
    `walker._declarations` reads `const a = ..., b: T = ...`."""
    declared: set[str] = set()
    recorded: set[str] = set()
    n = len(toks)
    for k in [k + 1 for k, t in enumerate(toks) if t.value in _DECLARE and t.kind == "id"]:
        while k < n and toks[k].kind == "id":
            name = toks[k].value
            declared.add(name)
            j = k + 1
            if j < n and _is_op(toks[j], "!"):
                j += 1
            if j < n and _is_op(toks[j], ":"):
                j, typed = _after_type(toks, j)
                if typed:
                    recorded.add(name)  # `const X: LLM = ...`: `_typed` may remember it
            if not (j < n and _is_op(toks[j], "=")):
                break
            end, kept = _value(toks, j + 1)
            if kept:
                recorded.add(name)
            if not (end < n and _is_op(toks[end], ",")):
                break
            k = end + 1
    return declared, recorded


def _after_type(toks: list[Tok], colon: int) -> tuple[int, bool]:
    """Skip a declared type as the walker does (up to a `=` or `;`, a group being one item, at
    most 40 items there, 48 here): (where it stopped, may `_typed` hold the name).
    The walker types a name whose type has one identifier and it says model; kept also when
    brackets do not pair up."""
    depth = 0
    items = 0
    says = False
    j = colon
    while j < len(toks):
        t = toks[j]
        if depth == 0:
            if j > colon and _is_op(t, "=", ";"):
                return j, says
            if items >= 48:
                return j, says
            items += 1
            if t.kind == "id" and names_model(t.value):
                says = True
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
            if depth < 0:
                return j, True
        j += 1
    return j, says or depth != 0


def _value(toks: list[Tok], start: int) -> tuple[int, bool]:
    """Where the value starting at toks[start] ends (as the walker reads it: at a `,` or `;` or
    a new statement) and would `Constants.define` record it (casts and `await` dropped)?"""
    items: list[Tok] = []  # the value's own items; a group stands as its opener
    depth = 0
    last: Tok | None = None
    end = start
    limit = min(len(toks), start + _SCAN_LIMIT)
    while end < limit:
        t = toks[end]
        if depth == 0:
            if _is_op(t, ",", ";") or t.kind == "close":
                break
            if items and last is not None and _ends_value(last, t):
                break
            items.append(t)
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
        last = t
        end += 1
    else:
        if end < len(toks) or depth != 0:
            return end, True  # cut short or unbalanced: keep the name
    if depth != 0:
        return end, True
    for k, t in enumerate(items):
        if k > 0 and t.kind == "id" and t.value in ("as", "satisfies"):
            items = items[:k]
            break
    while items and _is_op(items[-1], "!"):
        items.pop()
    if items and items[0].kind == "id" and items[0].value == "await":
        items = items[1:]
    if len(items) == 1 and items[0].kind == "open":
        return end, items[0].value == "("  # objects and arrays are not consts; `(x)` may be one
    for k, t in enumerate(items):
        if t.kind == "str" or (t.kind == "id" and t.value not in _NOT_VALUES):
            before = items[k - 1] if k > 0 else None
            after = items[k + 1] if k + 1 < len(items) else None
            if (before is None or _is_op(before, *_RESULT_BEFORE)) and (
                after is None or _is_op(after, *_RESULT_AFTER)
            ):
                return end, True
    return end, False


def _ends_value(prev: Tok, cur: Tok) -> bool:
    """`syntax.value_ends` on flat tokens: a closer stands for the group it closes."""
    if not (cur.nl and cur.kind in ("id", "str", "num", "tpl")):
        return False
    if prev.kind == "close":
        return True
    if prev.kind == "id":
        return prev.value not in RESERVED or prev.value in ("this", "super")
    return prev.kind in ("str", "num", "tpl", "regex")
