"""Ollama model names: parse, display and compare them as the server does (REFERENCE 2.3).

The rules follow ollama/ollama `types/model/name.go`: the tag is the text after the last `:` when
that colon comes after the last `/`; the rest splits on `/` from the right into model, namespace and
host; missing parts take the defaults `registry.ollama.ai`, `library`, `latest`. Comparisons are
case-insensitive. A name that maps to a path outside `manifests/` (`..`, absolute paths) is invalid.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "registry.ollama.ai"
DEFAULT_NAMESPACE = "library"
DEFAULT_TAG = "latest"

_MAX_HOST = 350
_MAX_PART = 80


@dataclass(frozen=True, slots=True)
class OllamaName:
    """A fully qualified Ollama name; every part present (defaults filled in)."""

    host: str
    namespace: str
    model: str
    tag: str

    @property
    def display(self) -> str:
        """The shortest form, as `/api/tags` prints it: default host and namespace dropped."""
        if self.host.casefold() == DEFAULT_HOST:
            if self.namespace.casefold() == DEFAULT_NAMESPACE:
                return f"{self.model}:{self.tag}"
            return f"{self.namespace}/{self.model}:{self.tag}"
        return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What two names must share to be the same model (case-insensitive)."""
        return (
            self.host.casefold(),
            self.namespace.casefold(),
            self.model.casefold(),
            self.tag.casefold(),
        )

    @property
    def parts(self) -> tuple[str, str, str, str]:
        """The four path components under `manifests/`."""
        return (self.host, self.namespace, self.model, self.tag)


def _alnum_or_underscore(c: str) -> bool:
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9")


def valid_part(kind: str, s: str) -> bool:
    """Whether `s` is a valid host, namespace, model or tag (`kind`) per name.go `isValidPart`."""
    limit = _MAX_HOST if kind == "host" else _MAX_PART
    if not 1 <= len(s) <= limit or ".." in s:
        return False
    if not _alnum_or_underscore(s[0]):
        return False
    for c in s[1:]:
        if c in "_-":
            continue
        if c == ".":
            if kind == "namespace":
                return False
            continue
        if c == ":":
            if kind != "host":
                return False
            continue
        if not _alnum_or_underscore(c):
            return False
    return True


def from_parts(host: str, namespace: str, model: str, tag: str) -> OllamaName | None:
    """An OllamaName from four manifest path components, or None if any part is invalid."""
    name = OllamaName(host, namespace, model, tag)
    kinds = ("host", "namespace", "model", "tag")
    if all(valid_part(k, p) for k, p in zip(kinds, name.parts, strict=True)):
        return name
    return None


def parse_name(s: str) -> OllamaName | None:
    """Parse `[scheme://][host/][namespace/]model[:tag][@digest]`; None when not a valid name."""
    s = s.strip()
    if not s:
        return None
    # A trailing @digest pins a blob; it is not part of the name.
    if "@" in s:
        s, _, _digest = s.rpartition("@")
    tag = DEFAULT_TAG
    if s.rfind(":") > s.rfind("/"):
        s, _, tag = s.rpartition(":")
    namespace = DEFAULT_NAMESPACE
    host = DEFAULT_HOST
    if "/" in s:
        s, _, model = s.rpartition("/")
        if "/" in s:
            host, _, namespace = s.rpartition("/")
            if "://" in host:
                host = host.split("://", 1)[1]
        else:
            namespace = s
    else:
        model = s
    return from_parts(host, namespace, model, tag)


def display_name(s: str) -> str:
    """`llama3` -> `llama3:latest`; `registry.ollama.ai/library/x:t` -> `x:t`; invalid: as given."""
    name = parse_name(s)
    return name.display if name else s.strip()


def same_model(wanted: str, installed: str) -> bool:
    """Whether a name in code and an installed name are the same model (defaults, any case)."""
    a, b = parse_name(wanted), parse_name(installed)
    if a is None or b is None:
        return wanted.strip().casefold() == installed.strip().casefold()
    return a.key == b.key


def name_like(value: str | None) -> str | None:
    """A name as a server or store states it (`from`, `parent_model`): printable, short, or None."""
    if value is None or len(value) > 512 or not value.isprintable():
        return None
    return value
