"""The JS/TS lexer as it was before the one-`finditer` rewrite: the oracle `lex` must match.

Its main loop only (the string, template and regex readers are shared): a character at a time
where the small fast regex does not apply. Kept so that tests can compare token streams (kind,
value, offset, line break) on any text.
"""

from __future__ import annotations

import re

from llmdeps.sources.detectors.javascript.lexer import (
    Tok,
    _regex_allowed,
    _scan_regex,
    _scan_string,
    _scan_template,
)

_IDENT = re.compile(r"[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*")
_NUMBER = re.compile(r"\.?\d[\w.]*")
_FAST = re.compile(
    r"(?P<ws>[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+)"
    r"|(?P<id>[A-Za-z_$\u00aa-\uffff][\w$\u00aa-\uffff]*)"
    r"|(?P<str>'[^'\\\n\r]*'|\"[^\"\\\n\r]*\")"
)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\ufeff]+")
_OPS = re.compile(
    r"=>|\?\?=?|\?\.(?!\d)|\|\|=?|&&=?|===?|!==?|\.\.\.|<<=?|>>>?=?|[<>]=?|\*\*=?|\+\+|--"
    r"|[-+*/%&|^]=|."
)


def reference_lex(text: str) -> list[Tok]:
    """Tokens of a JS/TS source; comments dropped; never raises."""
    toks: list[Tok] = []
    n = len(text)
    i = 0
    braces: list[str] = []
    nl = True
    if text.startswith("#!"):
        i = text.find("\n")
        i = n if i < 0 else i
    while i < n:
        fast = _FAST.match(text, i)  # the common tokens in one regex step
        if fast is not None:
            kind = fast.lastgroup
            if kind == "ws":
                if "\n" in fast.group() or "\u2028" in fast.group() or "\u2029" in fast.group():
                    nl = True
            elif kind == "id":
                toks.append(Tok("id", fast.group(), i, nl))
                nl = False
            else:
                toks.append(Tok("str", fast.group()[1:-1], i, nl))
                nl = False
            i = fast.end()
            continue
        c = text[i]
        if c in "\n\u2028\u2029":
            nl = True
            i += 1
            continue
        if c in " \t\r\f\v\u00a0\ufeff":
            m0 = _SPACE.match(text, i)
            i = m0.end() if m0 else i + 1
            continue
        if c.isspace():
            i += 1
            continue
        if c == "/" and i + 1 < n and text[i + 1] in "/*":
            if text[i + 1] == "/":
                j = text.find("\n", i)
                i = n if j < 0 else j
            else:
                j = text.find("*/", i + 2)
                end = n if j < 0 else j + 2
                if "\n" in text[i:end]:
                    nl = True
                i = end
            continue
        start = i
        if c in "'\"":
            end, value = _scan_string(text, i)
            toks.append(Tok("str" if value is not None else "bad", value or "", start, nl))
            i = end
        elif c == "`" or (c == "}" and braces and braces[-1] == "${"):
            if c == "}":
                braces.pop()
                toks.append(Tok("close", "}", start, nl))
                nl = False
            i, value, subst = _scan_template(text, i + 1)
            if c == "`" and not subst:
                toks.append(Tok("str", value, start, nl))
            else:
                toks.append(Tok("tpl", value, start, nl))  # a piece, never read as an id
                if subst:
                    toks.append(Tok("open", "${", i - 2, False))
                    braces.append("${")
        elif c in "([{":
            if c == "{":
                braces.append("{")
            toks.append(Tok("open", c, start, nl))
            i += 1
        elif c in ")]}":
            if c == "}" and braces:
                braces.pop()
            toks.append(Tok("close", c, start, nl))
            i += 1
        elif c == "/" and _regex_allowed(toks) and (end_rx := _scan_regex(text, i)) is not None:
            toks.append(Tok("regex", "", start, nl))
            i = end_rx
        elif (m := _IDENT.match(text, i)) is not None:
            toks.append(Tok("id", m.group(), start, nl))
            i = m.end()
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            m2 = _NUMBER.match(text, i)
            i = m2.end() if m2 else i + 1
            toks.append(Tok("num", text[start:i], start, nl))
        else:
            m3 = _OPS.match(text, i)
            op = m3.group() if m3 else c
            toks.append(Tok("op", op, start, nl))
            i += len(op)
        nl = False
    return toks
