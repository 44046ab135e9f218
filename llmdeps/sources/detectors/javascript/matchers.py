"""Arrays of model ids that code only matches against (`compatibleModels.includes(model)`).

Read off the flat tokens before the walk: a `const` array (or `new Set([...])`) whose every use
in the file is a membership test names no dependency; one used nowhere in the file may be a
catalogue imported elsewhere and stays. Names that say a trait (`NO_VISION`, `compatibleModels`,
`sources.names.says_trait`) are matched elsewhere too.
"""

from __future__ import annotations

from llmdeps.sources.detectors.javascript.lexer import Tok
from llmdeps.sources.names import says_trait

__all__ = ["matcher_names", "says_trait"]

_TESTS = frozenset(
    {"includes", "has", "indexOf", "some", "every", "startsWith", "find", "findIndex"}
)
"""`find`: `reasoningModels.find((m) => model.includes(m))` looks the configured id up."""


def _is(t: Tok | None, kind: str, *values: str) -> bool:
    return t is not None and t.kind == kind and (not values or t.value in values)


def matcher_names(toks: list[Tok]) -> set[str]:
    """Names of the file's array constants that are used, and only in membership tests."""
    n = len(toks)
    arrays: set[str] = set()
    decl_at: set[int] = set()
    for k, t in enumerate(toks):
        if t.kind != "id" or t.value not in ("const", "let", "var") or k + 2 >= n:
            continue
        name = toks[k + 1]
        if name.kind != "id":
            continue
        j = k + 2
        if _is(toks[j], "op", ":"):  # a type annotation: up to the `=`
            while j < n and j < k + 40 and not _is(toks[j], "op", "=", ";"):
                j += 1
        if j + 1 >= n or not _is(toks[j], "op", "="):
            continue
        v = toks[j + 1]
        if _is(v, "open", "[") or (
            _is(v, "id", "new")
            and j + 3 < n
            and _is(toks[j + 2], "id", "Set")
            and _is(toks[j + 3], "open", "(")
        ):
            arrays.add(name.value)
            decl_at.add(k + 1)
    if not arrays:
        return set()
    uses: dict[str, bool] = {}
    for k, t in enumerate(toks):
        if t.kind != "id" or t.value not in arrays or k in decl_at:
            continue
        if k > 0 and _is(toks[k - 1], "op", ".", "?."):
            continue  # `obj.name`: another thing of the same name
        tested = k + 2 < n and _is(toks[k + 1], "op", ".", "?.") and _is(toks[k + 2], "id", *_TESTS)
        uses[t.value] = uses.get(t.value, True) and tested
    return {name for name, only_tests in uses.items() if only_tests}
