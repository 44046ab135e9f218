"""The catalog's YAML (and a large lock) in a fast form: parsed once, kept as JSON in the cache
directory under the digest of the text (the YAML stays the source: an edited file is a new
digest).

JSON cannot say everything YAML can; the few other values the catalog uses are tagged (`$date`,
`$map` for a mapping whose keys are not all strings). A value of any other type is not cached.
A missing, damaged or foreign entry is parsed again; an unwritable cache directory only costs
the parse. Nothing here is a secret: the catalog ships with llmdeps, and a lock is text a
repository commits (llmdeps never writes a secret into one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any

from llmdeps.cachedir import default_dir

FORMAT = "1"


def load_yaml(name: str, text: str) -> Any:
    """`yaml.safe_load(text)` (with the C loader), through the cached JSON form."""
    return load_cached("catalog", name, text, _safe_load)


def _safe_load(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_cached(kind: str, name: str, text: str, parse: Callable[[str], Any]) -> Any:
    """`parse(text)` through its cached JSON form in the cache folder `kind`, one entry per
    `name` (a new text replaces the entry of the old one). `parse` must be a pure function of
    the text: the digest of the text is the whole key."""
    digest = hashlib.blake2b(f"{FORMAT}\0{name}\0".encode() + text.encode(), digest_size=16)
    key = digest.hexdigest()
    folder = default_dir() / kind
    entry = folder / f"{os.path.basename(name)}-{key}.json"
    cached = _read(entry, key)
    if cached is not None:
        return cached[0]
    data = parse(text)
    _write(folder, entry, key, data, f"{os.path.basename(name)}-")
    return data


def _read(entry: os.PathLike[str], key: str) -> tuple[Any] | None:
    try:
        with open(entry, "rb") as handle:
            raw = json.loads(handle.read())
        if raw["key"] != key:
            return None
        return (_decode(raw["data"]),)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _write(
    folder: os.PathLike[str], entry: os.PathLike[str], key: str, data: Any, prefix: str
) -> None:
    try:
        body = json.dumps({"key": key, "data": _encode(data)}, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(tmp, entry)
        for old in os.scandir(folder):  # the entries of earlier editions of this file
            if old.name.startswith(prefix) and old.path != os.fspath(entry):
                os.unlink(old.path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"not cached: {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$map" in value:
            return {_decode(k): _decode(v) for k, v in value["$map"]}
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value
