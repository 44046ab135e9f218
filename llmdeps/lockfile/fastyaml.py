"""A linear-time writer and reader for the one YAML shape the lock codec emits.

PyYAML builds and walks a Python object per node even with libyaml underneath: about a second
per megabyte of lock each way, too slow for a large monorepo's lock (integrity issue, item 5;
issue 15: `report` on a 3 MB lock under a second). The lock is block-style YAML of mappings,
lists and one-line scalars in a fixed layout, so both directions are done here line by line,
with PyYAML kept as the authority:

- `emit` lays out the structure itself and asks PyYAML (in one batch) how to write every string
  that is not trivially a plain scalar, so the bytes are PyYAML's by construction;
- `parse` accepts only text in exactly that layout (printable ASCII, two-space indents, one
  scalar per line, no comment after a value, no anchor, tag, flow collection or multi-line
  scalar) and returns None for anything else, which the codec then hands to PyYAML. Quoted
  scalars are decoded by PyYAML, in one batch.

The tests prove `emit(x) == yaml.dump(x)` and `parse(t) == yaml.load(t)` on the demo lock,
generated locks and mutated ones (`tests/lockfile/test_fastyaml.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from llmdeps.lazyre import lazy_compile

_STR_TAG = "tag:yaml.org,2002:str"
_SAFE_PLAIN = lazy_compile(r"[A-Za-z_/][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*\Z")
"""Strings made of these characters (no indicator first; a `:` only between two of them, so
never `: ` or a trailing `:`; no `#`, quote or space) are written plain by PyYAML unless they
would read back as another type (`true`, `null`, `on`)."""
_KEY = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT = lazy_compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_FLOAT = lazy_compile(r"-?[0-9]{1,20}\.[0-9]{1,20}(?:e[-+][0-9]{1,3})?\Z")
_PLAIN_VALUE = lazy_compile(r"-{0,2}[A-Za-z0-9_/.(~=<^+$][\x20-\x7e]*\Z")
"""A one-line plain scalar the reader takes as written: no indicator first (`=`, `<`, `^` are
none: `spec: ==1.15.17`; nor are one or two `-` before a safe character: `env_var: --model`);
`: ` and ` #` are refused apart; what resolves to another tag than str is PyYAML's to read."""
_SINGLE = lazy_compile(r"'(?:[^']|'')*'\Z")
_DOUBLE = lazy_compile(r'"(?:[^"\\]|\\.)*"\Z')
_UNSAFE_TEXT = lazy_compile(r"[^\x20-\x7e\n]")
_MAX_SCALAR = 2000
"""Longer strings may be folded at the 4096-column width: left to PyYAML whole."""
_MAX_DEPTH = 32

Dump = Callable[[object], str]


class _Unsupported(Exception):
    """A value or text outside the shape handled here: the caller uses PyYAML."""


def emit(data: dict[str, object], dump: Dump, resolve: Callable[[str], str]) -> str | None:
    """`data` written as PyYAML's block style would (`dump` is that PyYAML call, `resolve` the
    tag a plain scalar would read back as); None when the data is outside the handled shape."""
    strings: dict[str, str | None] = {}
    try:
        _collect(data, strings, resolve, 0)
    except _Unsupported:
        return None
    pending = [s for s, shown in strings.items() if shown is None]
    if pending:
        lines = dump(pending).split("\n")
        if len(lines) != len(pending) + 1 or lines[-1] != "":
            return None  # a string PyYAML writes on several lines: let it write everything
        for text, line in zip(pending, lines, strict=False):
            if not line.startswith("- "):
                return None
            strings[text] = line[2:]
    out: list[str] = []
    _mapping(data, "", out, strings)
    out.append("")
    return "\n".join(out)


def _collect(
    value: object,
    strings: dict[str, str | None],
    resolve: Callable[[str], str],
    depth: int,
    keys: set[str] | None = None,
) -> None:
    """Every string of `value` into `strings` (its plain form, or None: PyYAML decides)."""
    if depth > _MAX_DEPTH:
        raise _Unsupported
    keys = set() if keys is None else keys
    if isinstance(value, str):
        _add(value, strings, resolve)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in keys:
                if not isinstance(key, str) or not _KEY.match(key) or resolve(key) != _STR_TAG:
                    raise _Unsupported
                keys.add(key)
            if isinstance(item, str):  # the common case, without a call per scalar
                if item not in strings:
                    _add(item, strings, resolve)
            elif isinstance(item, dict | list):
                _collect(item, strings, resolve, depth + 1, keys)
            elif not (item is None or isinstance(item, bool | int | float)):
                raise _Unsupported
    elif isinstance(value, list):
        for item in value:
            _collect(item, strings, resolve, depth + 1, keys)
    elif not (value is None or isinstance(value, bool | int | float)):
        raise _Unsupported


def _add(value: str, strings: dict[str, str | None], resolve: Callable[[str], str]) -> None:
    if value in strings:
        return
    if len(value) > _MAX_SCALAR:
        raise _Unsupported
    plain = _SAFE_PLAIN.match(value) is not None and resolve(value) == _STR_TAG
    strings[value] = value if plain else None


def _scalar(value: object, strings: dict[str, str | None]) -> str:
    if isinstance(value, str):
        shown = strings[value]
        assert shown is not None
        return shown
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    assert isinstance(value, float)
    return _float(value)


def _float(value: float) -> str:
    # SafeRepresenter.represent_float
    if value != value:
        return ".nan"
    if value == float("inf"):
        return ".inf"
    if value == float("-inf"):
        return "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _mapping(
    data: dict[str, object],
    indent: str,
    out: list[str],
    strings: dict[str, str | None],
    first: str | None = None,
) -> None:
    """Each `key: value` line at `indent`; `first` is the `- ` that opens a list item."""
    lead = first if first is not None else indent
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.append(f"{lead}{key}:")
            _mapping(value, indent + "  ", out, strings)
        elif isinstance(value, list) and value:
            out.append(f"{lead}{key}:")
            _sequence(value, indent, out, strings)  # PyYAML does not indent a mapping's list
        else:
            out.append(f"{lead}{key}: {_empty_or_scalar(value, strings)}")
        lead = indent


def _sequence(
    data: list[object], indent: str, out: list[str], strings: dict[str, str | None]
) -> None:
    for item in data:
        if isinstance(item, dict) and item:
            _mapping(item, indent + "  ", out, strings, first=indent + "- ")
        elif isinstance(item, list) and item:
            raise AssertionError("a list in a list is not part of the lock")  # pragma: no cover
        else:
            out.append(f"{indent}- {_empty_or_scalar(item, strings)}")


def _empty_or_scalar(value: object, strings: dict[str, str | None]) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value, strings)


# ---- reading ------------------------------------------------------------------------------------


class _Lines:
    __slots__ = ("indents", "texts", "at", "keys")

    def __init__(self, text: str) -> None:
        raw = text.split("\n")
        bodies = [line.lstrip(" ") for line in raw]
        kept = [i for i, body in enumerate(bodies) if body and body[0] != "#"]
        self.texts: list[str] = [bodies[i] for i in kept]
        if any(body[-1] == " " for body in self.texts):
            raise _Unsupported
        self.indents: list[int] = [len(raw[i]) - len(bodies[i]) for i in kept]
        self.keys: set[str] = set()
        """Keys already checked (a lock repeats a dozen keys a million times)."""
        self.at = 0


Load = Callable[[str], object]


def parse(text: str, load: Load, resolve: Callable[[str], str]) -> dict[str, object] | None:
    """The mapping `yaml.load(text)` would give, or None when the text is outside the handled
    shape (`load` is the PyYAML call, used for quoted scalars only; `resolve` as for emit)."""
    if _UNSAFE_TEXT.search(text):
        return None
    try:
        lines = _Lines(text)
        if not lines.texts or lines.indents[0] != 0:
            return None
        quoted: dict[str, object] = {}
        data = _read_mapping(lines, 0, None, quoted, resolve, 0)
        if lines.at != len(lines.texts):
            return None
        if quoted:
            _decode_quoted(quoted, load)
            data = _fill(data, quoted)
    except _Unsupported:
        return None
    assert isinstance(data, dict)
    return data


_QUOTED = object()


class _Quoted:
    """A quoted scalar, decoded in one batch after the structure is read."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _read_mapping(
    lines: _Lines,
    indent: int,
    first: str | None,
    quoted: dict[str, object],
    resolve: Callable[[str], str],
    depth: int,
) -> dict[str, object]:
    """Lines `key: value` at `indent`; `first` is the text after a `- ` that opened the item."""
    if depth > _MAX_DEPTH:
        raise _Unsupported
    out: dict[str, object] = {}
    indents, texts, good = lines.indents, lines.texts, lines.keys
    while True:
        if first is not None:
            body, first = first, None
        elif (
            lines.at < len(texts)
            and indents[lines.at] == indent
            and not texts[lines.at].startswith("-")
        ):
            body = texts[lines.at]
            lines.at += 1
        else:
            return out
        key, sep, rest = body.partition(":")
        if key not in good:
            if not sep or not _KEY.match(key) or resolve(key) != _STR_TAG:
                raise _Unsupported
            good.add(key)
        if not sep or key in out:
            raise _Unsupported
        if rest:
            if rest[0] != " ":
                raise _Unsupported
            out[key] = _read_scalar(rest[1:], quoted, resolve)
            continue
        # a nested block: a mapping indented more, or a list at this indent or more
        if lines.at >= len(texts):
            raise _Unsupported  # `key:` at the end is a null PyYAML reads; not the lock's shape
        nxt, nxt_indent = texts[lines.at], indents[lines.at]
        if nxt.startswith("- ") and nxt_indent == indent:
            out[key] = _read_sequence(lines, indent, quoted, resolve, depth + 1)
        elif nxt_indent > indent and not nxt.startswith("-"):
            out[key] = _read_mapping(lines, nxt_indent, None, quoted, resolve, depth + 1)
        else:
            raise _Unsupported


def _read_sequence(
    lines: _Lines, indent: int, quoted: dict[str, object], resolve: Callable[[str], str], depth: int
) -> list[object]:
    if depth > _MAX_DEPTH:
        raise _Unsupported
    out: list[object] = []
    indents, texts = lines.indents, lines.texts
    while (
        lines.at < len(texts) and indents[lines.at] == indent and texts[lines.at].startswith("- ")
    ):
        body = texts[lines.at][2:]
        lines.at += 1
        if body.startswith(("-", " ")):
            raise _Unsupported
        key, sep, rest = body.partition(":")
        if sep and (not rest or rest[0] == " ") and _KEY.match(key):
            out.append(_read_mapping(lines, indent + 2, body, quoted, resolve, depth + 1))
        else:
            out.append(_read_scalar(body, quoted, resolve))
    if lines.at < len(texts) and indents[lines.at] > indent:
        raise _Unsupported  # a continuation or deeper item PyYAML would read otherwise
    return out


def _read_scalar(text: str, quoted: dict[str, object], resolve: Callable[[str], str]) -> object:
    if text == "{}":
        return {}
    if text == "[]":
        return []
    first = text[0]
    if first == "'":
        if not _SINGLE.match(text):
            raise _Unsupported
        return text[1:-1].replace("''", "'")
    if first == '"':
        if not _DOUBLE.match(text):
            raise _Unsupported
        quoted[text] = _QUOTED
        return _Quoted(text)
    if not _PLAIN_VALUE.match(text) or ": " in text or " #" in text or text.endswith(":"):
        raise _Unsupported
    tag = resolve(text)
    if tag == _STR_TAG:
        return text
    if tag == "tag:yaml.org,2002:int" and _INT.match(text):
        return int(text)
    if tag == "tag:yaml.org,2002:float" and _FLOAT.match(text):
        return float(text)
    if tag == "tag:yaml.org,2002:bool" and text in ("true", "false"):
        return text == "true"
    if tag == "tag:yaml.org,2002:null" and text in ("null", "~"):
        return None
    raise _Unsupported  # octal, sexagesimal, timestamps, yes/no...: PyYAML's own rules


def _decode_quoted(quoted: dict[str, object], load: Load) -> None:
    texts = list(quoted)
    values = load("".join(f"- {t}\n" for t in texts))
    if not isinstance(values, list) or len(values) != len(texts):
        raise _Unsupported
    for text, value in zip(texts, values, strict=True):
        if not isinstance(value, str):
            raise _Unsupported
        quoted[text] = value


def _fill(value: object, quoted: dict[str, object]) -> Any:
    if isinstance(value, _Quoted):
        return quoted[value.text]
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, _Quoted | dict | list):
                value[key] = _fill(item, quoted)
        return value
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, _Quoted | dict | list):
                value[index] = _fill(item, quoted)
        return value
    return value
