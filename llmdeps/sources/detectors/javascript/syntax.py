"""Reading JS/TS syntax off the bracket tree: item tests, statement ends, casts, names, callees.

Only the language, no SDK: where an expression ends without a semicolon, whether a `{` is an
object literal or a block, which function or class a body belongs to, which name chain is called.
"""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.sources.detectors.javascript.lexer import EXPRESSION_KEYWORDS, Group, Item, Tok

RESERVED = frozenset(
    [
        "if",
        "for",
        "while",
        "switch",
        "catch",
        "with",
        "function",
        "return",
        "typeof",
        "void",
        "delete",
        "in",
        "of",
        "new",
        "await",
        "yield",
        "else",
        "do",
        "case",
        "throw",
        "import",
        "export",
        "class",
        "const",
        "let",
        "var",
        "super",
    ]
)
"""Keywords that never name a value, a callee or a function."""


def is_op(it: Item | None, *values: str) -> bool:
    return isinstance(it, Tok) and it.kind == "op" and (not values or it.value in values)


def is_id(it: Item | None, *values: str) -> bool:
    return isinstance(it, Tok) and it.kind == "id" and (not values or it.value in values)


def is_str(it: Item | None) -> bool:
    return isinstance(it, Tok) and it.kind == "str"


def is_group(it: Item | None, *kinds: str) -> bool:
    return isinstance(it, Group) and (not kinds or it.kind in kinds)


def at(items: Sequence[Item], k: int) -> Item | None:
    """items[k], or None out of range (either side)."""
    return items[k] if 0 <= k < len(items) else None


def split(items: Sequence[Item], sep: str = ",") -> list[list[Item]]:
    """The items between separators (arguments, object entries, array elements)."""
    out: list[list[Item]] = [[]]
    for it in items:
        if is_op(it, sep):
            out.append([])
        else:
            out[-1].append(it)
    return out


def strip_casts(items: list[Item]) -> list[Item]:
    """Drop a trailing `as const` / `as T` / `satisfies T` / non-null `!`."""
    for k, it in enumerate(items):
        if k > 0 and is_id(it, "as", "satisfies"):
            return items[:k]
    while items and is_op(items[-1], "!"):
        items = items[:-1]
    return items


def value_ends(prev: Item | None, cur: Item) -> bool:
    """Automatic semicolon insertion, roughly: a new line starts a statement after a value."""
    if not (isinstance(cur, Tok) and cur.nl and cur.kind in ("id", "str", "num", "tpl")):
        return False
    if isinstance(prev, Group):
        return True
    if isinstance(prev, Tok):
        if prev.kind == "id":
            return prev.value not in RESERVED or prev.value in ("this", "super")
        return prev.kind in ("str", "num", "tpl", "regex")
    return False


def expr_end(items: Sequence[Item], s: int) -> int:
    """Index just past the expression that starts at s (a `,`, a `;` or a new statement)."""
    k = s
    while k < len(items):
        it = items[k]
        if is_op(it, ",", ";"):
            return k
        if k > s and value_ends(items[k - 1], it):
            return k
        k += 1
    return k


def _after_return_type(items: Sequence[Item], k: int) -> bool:
    """`(...): Promise<T> {` : the `{` at k is a function body after a TS return type."""
    for j in range(k - 1, max(-1, k - 24), -1):
        it = items[j]
        if isinstance(it, Group):
            if it.kind == "(":
                return is_op(at(items, j + 1), ":")
            continue
        if it.kind == "op" and it.value not in (":", "<", ">", "|", "&", ".", ",", "?", "[", "]"):
            return False
        if it.kind not in ("op", "id", "str", "num"):
            return False
    return False


def object_position(items: Sequence[Item], k: int, role: str) -> bool:
    """Is the `{` at k an object literal (not a block), in a sequence read in `role`?"""
    if k == 0:
        return role in ("args", "paren", "expr", "array")
    prev = items[k - 1]
    if isinstance(prev, Group):
        return False
    if prev.kind == "op":
        return prev.value != "=>" and not _after_return_type(items, k)
    if prev.kind == "id":
        return prev.value in ("return", "yield", "await", "in", "of", "case", "default")
    return False


def array_position(items: Sequence[Item], k: int) -> bool:
    """Is the `[` at k an array literal (not an index or a computed key)?"""
    if k == 0:
        return True
    prev = items[k - 1]
    if isinstance(prev, Group):
        return False
    if prev.kind == "op":
        return True
    if prev.kind == "id":
        return prev.value in EXPRESSION_KEYWORDS or prev.value == "default"
    return False


def block_name(items: Sequence[Item], k: int) -> tuple[str | None, bool]:
    """Name of the function, method or class whose body is the `{` at k, and is it a class."""
    for j in range(k - 1, max(-1, k - 16), -1):
        it = items[j]
        if isinstance(it, Group) and it.kind == "{":
            break
        if is_op(it, ";", "=", "=>"):
            break
        if is_id(it, "class"):
            name = at(items, j + 1)
            if isinstance(name, Tok) and name.kind == "id" and name.value != "extends":
                return name.value, True
            return None, True
    j = k - 1
    if is_op(at(items, j), "=>"):
        j -= 1
        p = j
        while p >= 0 and p > j - 20 and not is_group(items[p], "("):
            if is_op(items[p], "=", ",", ";", "=>"):
                break
            p -= 1
        if is_group(at(items, p), "("):
            j = p
        j -= 1
        if is_id(at(items, j), "async"):
            j -= 1
        if is_op(at(items, j), "=", ":"):
            name = at(items, j - 1)
            if isinstance(name, Tok) and name.kind in ("id", "str"):
                return name.value, False
        return None, False
    p = j
    while p >= 0 and p > j - 20 and not is_group(items[p], "("):
        it = items[p]
        if isinstance(it, Group) and it.kind == "{":
            return None, False
        if is_op(it, "=", ",", ";", "=>") or (isinstance(it, Tok) and it.kind == "str"):
            return None, False
        p -= 1
    if not is_group(at(items, p), "("):
        return None, False
    n = p - 1
    if is_op(at(items, n), ">"):
        while n >= 0 and not is_op(items[n], "<"):
            n -= 1
        n -= 1
    name = at(items, n)
    if not isinstance(name, Tok) or name.kind not in ("id", "str"):
        return None, False
    if name.value == "function":
        before = at(items, n - 1)
        if is_op(before, "=", ":"):
            target = at(items, n - 2)
            if isinstance(target, Tok) and target.kind in ("id", "str"):
                return target.value, False
        return None, False
    if name.kind == "id" and name.value in RESERVED:
        return None, False
    return name.value, False


def callee(items: Sequence[Item], k: int, role: str) -> tuple[list[str], bool] | None:
    """The name chain called by the `(` group at k (`this.` dropped) and whether `new` precedes
    it; None when the group is not a call (a definition, a keyword, a method signature)."""
    nxt = at(items, k + 1)
    if is_group(nxt, "{"):
        return None  # a definition: `name(...) { ... }`
    if role in ("class", "object") and is_op(nxt, ":"):
        return None
    j = k - 1
    if is_op(at(items, j), "?."):
        j -= 1
    if is_op(at(items, j), ">"):
        b = j
        while b >= 0 and b > j - 12 and not is_op(items[b], "<"):
            b -= 1
        if is_op(at(items, b), "<"):
            j = b - 1
    chain: list[str] = []
    while True:
        it = at(items, j)
        if not (isinstance(it, Tok) and it.kind == "id"):
            if chain:
                chain.insert(0, "")
            break
        chain.insert(0, it.value)
        if is_op(at(items, j - 1), ".", "?."):
            j -= 2
            continue
        j -= 1
        break
    if not chain or (len(chain) == 1 and chain[0] in RESERVED):
        return None
    if is_id(at(items, j), "function"):
        return None
    if chain[0] == "":
        chain = chain[1:]
        if not chain:
            return None
    if chain[0] == "this" and len(chain) > 1:
        chain = chain[1:]
    return chain, is_id(at(items, j), "new")
