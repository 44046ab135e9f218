"""Every install, whatever source found it, passes the secret classifier before it is kept.

A GGUF header, an Ollama `/api/show` answer or a cache's metadata is free text somebody else
wrote: `general.name`, a base model's `repo_url`, `parent_model`, `remote_host` can hold a token
or `user:password@`. One pass here, over every string field of the install (generic over the
dataclasses, so a field a source adds later is covered too), keeps them out of the lock, the
JSON and every report (integrity issue, item 8).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from llmdeps.model import Install, ScanWarning
from llmdeps.printable import escape_controls
from llmdeps.sources.secrets import (
    looks_like_secret,
    mask_credentials,
    scrub_text,
    strip_credentials,
)

T = TypeVar("T")

_VERBATIM = frozenset({"digest", "weights_digest", "license_text_digest", "sha256", "revision"})
"""Hex digests and commits: checked by shape where they are read, never free text."""


def scrub_install(install: Install) -> Install | None:
    """The install with credential-like text dropped; None when its very name looks like one."""
    if looks_like_secret(install.name):
        return None
    scrubbed: Install = _scrub(install)
    return scrubbed


def scrub_warning(warning: ScanWarning) -> ScanWarning:
    """A warning's location and reason with URL credentials masked and controls escaped."""
    path = escape_controls(mask_credentials(warning.path))
    reason = escape_controls(_mask_words(warning.reason))
    if (path, reason) == (warning.path, warning.reason):
        return warning
    return dataclasses.replace(warning, path=path, reason=reason)


def _mask_words(text: str) -> str:
    if "@" not in text:
        return text
    return " ".join(mask_credentials(w) if "@" in w else w for w in text.split(" "))


def _scrub(value: T) -> T:
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        if f.name in _VERBATIM:
            continue
        item = getattr(value, f.name)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and isinstance(item, str):
            # a slot that must hold text (a name, a location, a file path): credentials
            # stripped, controls escaped, kept
            new: object = escape_controls(strip_credentials(item) if "@" in item else item)
            if new == item:
                continue
        else:
            new = _scrub_item(item)
        if new is not item:
            changes[f.name] = new
    return dataclasses.replace(value, **changes) if changes else value


def _scrub_item(item: object) -> object:
    if isinstance(item, str):
        cleaned = scrub_text(item)
        if cleaned is not None:
            cleaned = escape_controls(cleaned)  # server and file text never reaches a terminal raw
        return item if cleaned == item else cleaned
    if isinstance(item, tuple):
        items = [_scrub_item(i) for i in item]
        if all(a is b for a, b in zip(items, item, strict=True)):
            return item
        return tuple(i for i in items if i is not None)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return _scrub(item)
    return item
