"""The lexical fallback: references in Python that does not parse, from quoted values next to
model names, env reads and known calls, line by line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Location, Reference, RefKind, Runtime
from llmdeps.sources.detectors.python.names import name_says_model, strong_ok, weak_ok
from llmdeps.sources.detectors.python.sdk import SDK_MODULES, top_module

_NEWLINE = lazy_compile(r"\r\n|\r|\n")
_LEX_ENV = lazy_compile(
    r"""(?:getenv|environ\.get|setdefault)\(\s*(['"])([A-Za-z_]\w{0,80})\1\s*,\s*"""
    r"""(?:default\s*=\s*)?(['"])([^'"\\\r\n]{1,200})\3"""
)
_LEX_KEY = lazy_compile(
    r"""(?<![\w.'"])(?:(['"])([A-Za-z_][\w.-]{0,80})\1\s*:|([A-Za-z_]\w{0,80})\s*"""
    r"""(?::\s*[A-Za-z_][\w\[\]., |]{0,80})?=)\s*(['"])([^'"\\\r\n]{1,200})\4"""
)
_LEX_CALL = lazy_compile(
    r"""(?:from_pretrained|SentenceTransformer|CrossEncoder|init_chat_model|GenerativeModel|"""
    r"""snapshot_download|hf_hub_download|ollama\.(?:chat|generate|embed|embeddings|pull|show|"""
    r"""create|copy|push)|completion|acompletion)\(\s*(['"])([^'"\\\r\n]{1,200})\1"""
)
_LEX_IMPORT = lazy_compile(r"^\s*(?:import|from)\s+([A-Za-z_][\w.]*)", re.MULTILINE)


def source_lines(text: str) -> list[str]:
    """The lines of Python source as `ast` numbers them (`\\n`, `\\r\\n` and `\\r` end a line)."""
    return _NEWLINE.split(text)


def _in_comment(line: str, pos: int) -> bool:
    hash_at = line.find("#")
    while 0 <= hash_at < pos:
        before = line[:hash_at]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return True
        hash_at = line.find("#", hash_at + 1)
    return False


def lexical_references(
    path: str, module: str, text: str, is_test: bool, detector: str
) -> Iterator[Reference]:
    """Find references in Python that does not parse: quoted values next to model names."""
    sdks = {
        SDK_MODULES[top_module(m)]
        for m in _LEX_IMPORT.findall(text)
        if top_module(m) in SDK_MODULES
    }
    hint = next(iter(sdks)) if len(sdks) == 1 else Runtime.UNKNOWN
    seen: set[tuple[int, int]] = set()
    for number, line in enumerate(source_lines(text), start=1):
        if '"' not in line and "'" not in line:
            continue
        found: list[tuple[int, str, str, RefKind, str | None, bool]] = []
        for m in _LEX_ENV.finditer(line):
            if name_says_model(m.group(2)) or name_says_model(line[: m.start()]):
                env = m.group(2)
                found.append((m.start(3), m.group(4), env, RefKind.ENV_DEFAULT, env, False))
        for m in _LEX_KEY.finditer(line):
            key = m.group(2) or m.group(3) or ""
            if not name_says_model(key):
                continue
            before = line[: m.start()].rstrip()
            kind = RefKind.CALL if before.endswith(("(", ",")) else RefKind.CONSTANT
            found.append((m.start(4), m.group(5), key, kind, None, False))
        for m in _LEX_CALL.finditer(line):
            callee = m.group(0).split("(", 1)[0].rsplit(".", 1)[-1]
            found.append((m.start(1), m.group(2), callee, RefKind.CALL, None, True))
        for col, value, name, kind, env_var, strong in found:
            if (number, col) in seen or _in_comment(line, col):
                continue
            ok = strong_ok(value) if strong else weak_ok(value)
            if not ok:
                continue
            seen.add((number, col))
            yield Reference(
                model=value,
                location=Location(path, number, col + 1, f"{module}:{name}"),
                kind=RefKind.TEST if is_test else kind,
                runtime=Runtime.HUGGINGFACE if name == "from_pretrained" else hint,
                detector=detector,
                env_var=env_var,
            )
