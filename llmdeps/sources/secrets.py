"""The one secret classifier: what is never read into, recorded in or printed by any output.

Every detector asks `is_secret_name` before it reads a value by its key or variable name, and
`looks_like_secret` before it records a value as a model id; every URL that is stored or printed
passes `strip_credentials` first. Keeping the word list in one place is the point: five copies
that disagreed were the guard behind "no secret in any output" (architecture issue).
"""

from __future__ import annotations

import functools
import re

from llmdeps.lazyre import lazy_compile

SECRET_WORDS = (
    "KEY",
    "TOKEN",
    "SECRET",
    "PASS",  # PASSWORD, PASSWD, PASSPHRASE
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "COOKIE",
    "BEARER",
    "SESSION",
    "PRIVATE",
    "SIGNING",
    "CERT",
    "DSN",
    "CONNECTION",
)
"""Words that make a key, variable or option name a secret's name (case-insensitive, anywhere in
the name): `OPENAI_API_KEY`, `hf_token`, `MODEL_PASSWORD`, `DATABASE_DSN`."""

_SECRET_NAME = lazy_compile("|".join(SECRET_WORDS), re.IGNORECASE)

_KNOWN_PREFIXES = lazy_compile(
    r"^(?:sk-|sk_|rk-|ghp_|gho_|ghs_|github_pat_|hf_|xox[abpr]-|AKIA|ASIA|AIza|glpat-|pplx-|gsk_|"
    r"r8_|nvapi-|xai-(?=[A-Za-z0-9]{20})|sk-ant-|csk-|fw_|tgp_)"
)
"""Prefixes of API keys and tokens that vendors issue (OpenAI, Anthropic, GitHub, Hugging Face,
Slack, AWS, Google, GitLab, Perplexity, Groq, Replicate, NVIDIA, xAI, Cerebras, Fireworks,
Together)."""
_TOKENISH = lazy_compile(r"^[A-Za-z0-9+/=_]{32,}$")
_SEGMENTS = lazy_compile(r"[-_.:/@ ]+")
_RANDOM_SEGMENT = 16
"""A random-looking run this long (upper and lower case and digits, no separator) is a
credential, not a model name: model names are short words joined by `-`, `.`, `/`, `:`."""
_LONG_HEX = lazy_compile(r"^(?:sha256[:-])?[0-9a-fA-F]{32,}$")
_SCHEME = lazy_compile(r"[a-zA-Z][\w+.-]*://")
_EMBEDDED_URL = lazy_compile(r"[a-zA-Z][\w+.-]*://\S*@\S*")
_URL_SHAPE = lazy_compile(r"^(?:[a-zA-Z][\w+.-]*://)?[\w.\-\[\]:%]+(?:/[\w.\-/~%]*)?$")
MAX_URL = 300


@functools.lru_cache(maxsize=16384)
def is_secret_name(name: str) -> bool:
    """Does this key, variable or option name say it holds a secret?"""
    return _SECRET_NAME.search(name) is not None


def looks_like_secret(value: str) -> bool:
    """Is this value shaped like a credential and so never to be recorded as a model id?

    A vendor key prefix (`sk-`, `hf_`, `ghp_`, `AKIA`...), a URL with `user:password@`, a long
    token, or a random-looking run of 16+ characters that mixes upper case, lower case and
    digits (`aB3dE5fG7hJ9kL1mN3pQ`, a pasted password)."""
    if _KNOWN_PREFIXES.match(value) or _has_userinfo(value):
        return True
    if _TOKENISH.match(value) and any(c.isdigit() for c in value) and value != value.lower():
        return True
    return any(_random(segment) for segment in _SEGMENTS.split(value))


def is_bare_digest(value: str) -> bool:
    """A bare digest or key of 32+ hex digits: never a model's name (`name@sha256:...` is)."""
    return _LONG_HEX.match(value) is not None


def _random(segment: str) -> bool:
    if len(segment) < _RANDOM_SEGMENT:
        return False
    upper = any(c.isupper() for c in segment)
    lower = any(c.islower() for c in segment)
    digits = sum(c.isdigit() for c in segment)
    if upper and lower and digits:
        return True
    # One case only (`k3j5h7g9f1d2s4a6q8w0`, an API token in lower case): a long run of letters
    # and digits interleaved, which no model name is. Hex digests (a revision) are not secrets.
    return (
        len(segment) >= _ONE_CASE_SEGMENT
        and segment.isalnum()
        and segment.isascii()
        and digits >= 4
        and len(segment) - digits >= 4
        and not _HEX.match(segment)
        and _switches(segment) >= len(segment) // 3
    )


_ONE_CASE_SEGMENT = 20
_HEX = lazy_compile(r"[0-9a-fA-F]+\Z")


def _switches(segment: str) -> int:
    """How often a letter follows a digit or a digit a letter: a word with a version number
    (`qwen25coder`) switches twice, a random token about every other character."""
    return sum(a.isdigit() != b.isdigit() for a, b in zip(segment, segment[1:], strict=False))


def _userinfo_end(rest: str) -> int:
    """Where the `user:password@` of a URL ends in `rest` (the URL after `scheme://`): the index
    of its `@`, or -1. A password may hold a `/` (`u:pa/ss@host`): then the authority before the
    first `/` is `user:` and something that is not a port number."""
    rest = rest.split(None, 1)[0] if rest and not rest[0].isspace() else ""
    end = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if 0 <= i < end:
            end = i
    at = rest.rfind("@", 0, end)
    if at >= 0:
        return at
    _user, colon, password = rest[:end].partition(":")
    if not colon or password.isdigit():
        return -1
    return rest.find("@", end)


def _has_userinfo(value: str) -> bool:
    scheme = _SCHEME.match(value)
    return scheme is not None and _userinfo_end(value[scheme.end() :]) >= 0


def strip_credentials(url: str) -> str:
    """The URL without `user:password@`: `http://u:p@host:11434` -> `http://host:11434`, also
    when the password holds a `/` (`http://u:pa/ss@host` -> `http://host`)."""
    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    rest = url[scheme.end() :]
    at = _userinfo_end(rest)
    return url if at < 0 else scheme.group(0) + rest[at + 1 :]


def mask_credentials(value: str) -> str:
    """A host or URL fit for a message: `user:password@` shown as `***@`, with or without a
    scheme (`OLLAMA_HOST=u:p@host` has none)."""
    value = value.strip()
    scheme = _SCHEME.match(value)
    head = scheme.group(0) if scheme else ""
    rest = value[len(head) :]
    at = _userinfo_end(rest)
    return value if at < 0 else f"{head}***{rest[at:]}"


def scrub_text(value: str) -> str | None:
    """Free text from an artifact or server (a GGUF `general.name`, a parent model) fit to record:
    URL credentials stripped wherever they sit, None when any word of it looks like a credential."""
    if "@" in value and "://" in value:
        value = _EMBEDDED_URL.sub(lambda m: strip_credentials(m.group(0)), value)
    if looks_like_secret(value) or any(looks_like_secret(w) for w in value.split()):
        return None
    return value


def clean_url(value: str) -> str | None:
    """A base URL fit to store: no credentials, query or fragment; None if it is not URL-shaped."""
    url = strip_credentials(value).split("?", 1)[0].split("#", 1)[0]
    if not url or len(url) > MAX_URL or not _URL_SHAPE.match(url):
        return None
    return url
