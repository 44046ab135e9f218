"""Ollama Modelfiles: `FROM <model>` is a dependency on that model, `FROM ./x.gguf` on a local file.

Facts (REFERENCE.md 2.8): instructions are case-insensitive and may come in any order, `#` starts a
comment, `TEMPLATE`/`SYSTEM`/`LICENSE`/`MESSAGE` may carry `\"\"\"` blocks over several lines (a
`FROM` inside a system prompt is text, not an instruction). `ollama show --modelfile` writes
`FROM <store path of the blob>` plus a commented `# FROM name:tag`: the path is a local file, the
comment is nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import plausible

_INSTRUCTION = lazy_compile(r"[ \t]*([A-Za-z]+)(?=[ \t]|$)[ \t]*")
_TRIPLE = '"""'
_WEIGHT_SUFFIX = lazy_compile(r"\.(gguf|bin|safetensors|ggml|pt|pth)$", re.IGNORECASE)
_WINDOWS_PATH = lazy_compile(r"^[A-Za-z]:[\\/]")
_TRAILING_COMMENT = lazy_compile(r"[ \t]+#.*$")


def is_local_path(value: str) -> bool:
    """A `FROM` value that names a file or directory rather than a model."""
    if value.startswith(("./", "../", "/", "~", ".\\", "..\\")) or value in (".", ".."):
        return True
    if _WINDOWS_PATH.match(value) or "\\" in value:
        return True
    if value.endswith("/"):
        return True
    return _WEIGHT_SUFFIX.search(value) is not None


_NAME = lazy_compile(r"(?:[\w.-]+/){0,2}[A-Za-z0-9][\w.-]*(?::[\w.-]+)?")
_NOT_NAMES = frozenset({"model", "models", "none", "null", "true", "false", "default", "auto"})


def ollama_name(value: str) -> bool:
    """A model `FROM` can name: id-shaped, including library names that are also provider words
    (`FROM mistral`)."""
    if plausible(value):
        return True
    return (
        _NAME.fullmatch(value) is not None
        and value.lower() not in _NOT_NAMES
        and not value.replace(".", "").isdigit()
    )


def _value(rest: str) -> tuple[str, int]:
    """The instruction argument as written and its offset in `rest` (quotes removed)."""
    if rest.startswith('"') and not rest.startswith(_TRIPLE):
        end = rest.find('"', 1)
        if end > 1:
            return rest[1:end], 1
        return "", 0
    if rest.startswith("'"):
        end = rest.find("'", 1)
        if end > 1:
            return rest[1:end], 1
        return "", 0
    rest = _TRAILING_COMMENT.sub("", rest).rstrip()
    if is_local_path(rest):
        return rest, 0  # paths may hold spaces
    return rest.split(None, 1)[0] if rest else "", 0


class ModelfileDetector:
    """`FROM` and `ADAPTER` in Ollama Modelfiles."""

    name = "modelfile"
    keywords: tuple[str, ...] = ()  # a Modelfile says `FROM x`, nothing else

    def wants(self, path: str, name: str) -> bool:
        """`Modelfile`, `Modelfile.*`, `*.modelfile`, any case."""
        low = name.lower()
        return low == "modelfile" or low.startswith("modelfile.") or low.endswith(".modelfile")

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """One reference per `FROM`/`ADAPTER` instruction outside quoted blocks."""
        text = file.text[1:] if file.text.startswith("\ufeff") else file.text
        in_block = False
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.rstrip("\r")
            if in_block:
                if _TRIPLE in line:
                    in_block = False
                continue
            match = _INSTRUCTION.match(line)
            if match is None or line.lstrip().startswith("#"):
                continue
            word = match.group(1).upper()
            rest = line[match.end() :]
            if rest.count(_TRIPLE) % 2 == 1:
                in_block = True  # a block opens here and closes on a later line
                continue
            if _TRIPLE in rest:
                continue
            if word not in ("FROM", "ADAPTER"):
                continue
            value, shift = _value(rest)
            if not value:
                continue
            column = match.end() + shift + 1
            location = Location(file.path, number, column, word)
            if word == "ADAPTER" or is_local_path(value):
                yield Reference(value, location, RefKind.LOCAL_FILE, Runtime.LOCAL, self.name)
            elif ollama_name(value):
                yield Reference(value, location, RefKind.MODELFILE, Runtime.OLLAMA, self.name)
