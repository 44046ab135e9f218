"""Text from files and servers made safe to print: control characters become visible escapes.

A file named `a\\n::error::x.py`, a workflow name holding `\\x1b[2J`, or a bidi override in a path
must not rewrite a terminal, inject a CI workflow command or hide text: every name that enters the
pipeline from the outside is passed through `escape_controls` once, where it enters (the file
listing, the config), so every output (lock, JSON, text, SARIF) shows the same escaped name.
"""

from __future__ import annotations

import re

from llmdeps.lazyre import lazy_compile

# C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings/overrides/isolates.
_UNSAFE = lazy_compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`a\\nb` -> `a\\\\nb` shown as `a\\x0ab`; text without control characters is unchanged."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text
