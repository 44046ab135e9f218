"""Read one walked file and run the detectors that want it.

The content prefilter is the hot path: one RE2 search over the raw bytes per keyword set of the
detectors that want the file decides which of them decode it at all. It only has to be *sure* a
file holds nothing for a detector; detectors do the rest.
"""

from __future__ import annotations

import codecs
import functools
import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import re2

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Fallback, Found, Reference, ScanWarning
from llmdeps.safeio import ReadRefused, read_bytes
from llmdeps.sources.base import Detector, SourceFile
from llmdeps.sources.keywords import MODEL_WORDS
from llmdeps.sources.secrets import clean_url, is_bare_digest, looks_like_secret

log = logging.getLogger(__name__)

BINARY_SNIFF = 8192
MAX_READ_BYTES = 256 * 1024 * 1024
"""A hard cap on any one read, whatever the configured `max_file_size`."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What scanning one file gave."""

    path: str
    detections: tuple[Found, ...]
    scanned: bool
    """False when the file was skipped as binary or had no candidate text."""
    binary: bool = False


class OutcomeCache(Protocol):
    """Where outcomes of files some detector decoded are kept (`llmdeps.cache.ContentCache`)."""

    def key(self, path: str, detectors: tuple[str, ...], data: bytes) -> str: ...

    def get(self, key: str) -> FileOutcome | None: ...

    def put(self, key: str, outcome: FileOutcome) -> None: ...


@functools.lru_cache(maxsize=64)
def prefilter(keywords: tuple[str, ...]) -> Any:
    """One case-insensitive RE2 pattern for a keyword set (RE2 keeps it linear in the file)."""
    return re2.compile(("(?i)" + "|".join(re2.escape(word) for word in keywords)).encode())


def wants_content(detector: Detector, data: bytes) -> bool:
    """Does the content carry one of the detector's keywords (or does it read every file)?"""
    return not detector.keywords or prefilter(detector.keywords).search(data) is not None


def may_reference(data: bytes) -> bool:
    """Can this content hold a model reference for the code and config detectors at all?"""
    return prefilter(MODEL_WORDS).search(data) is not None


_LONE_CR = lazy_compile(r"\r(?!\n)")
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _from_wide(data: bytes) -> tuple[bytes, str | None]:
    """UTF-16 and UTF-32 text with a BOM (PowerShell's `>` writes UTF-16) as UTF-8 bytes, so the
    binary sniff, the prefilter and the detectors see text; other data unchanged."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            problem = None if "\ufffd" not in text else f"not valid {encoding.upper()[:6]}"
            return text.encode("utf-8", "surrogatepass"), problem
    return data, None


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM); otherwise decode with replacement and say so."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 ({exc.reason})"


def scan_bytes(
    path: str,
    name: str,
    data: bytes,
    detectors: Sequence[Detector],
    cache: OutcomeCache | None = None,
) -> FileOutcome:
    """Run the wanted detectors over one file's content; never raise on bad input.

    With a `cache`, a file some detector wants is looked up there first (after the prefilter:
    a file it turns away costs no more than hashing it would), and stored after its scan."""
    data, wide_problem = _from_wide(data)
    if b"\0" in data[:BINARY_SNIFF]:
        return FileOutcome(path, (), scanned=False, binary=True)
    detectors = [d for d in detectors if wants_content(d, data)]
    if not detectors:
        return FileOutcome(path, (), scanned=False)
    if cache is None:
        return _detect(path, name, data, detectors, wide_problem)
    key = cache.key(path, tuple(d.name for d in detectors), data)
    hit = cache.get(key)
    if hit is not None and hit.path == path:
        return hit
    outcome = _detect(path, name, data, detectors, wide_problem)
    cache.put(key, outcome)
    return outcome


def _detect(
    path: str, name: str, data: bytes, detectors: Sequence[Detector], wide_problem: str | None
) -> FileOutcome:
    text, problem = decode(data)
    found: list[Found] = []
    if problem or wide_problem:
        found.append(ScanWarning(path, wide_problem or problem or ""))
    if "\r" in text:
        # Old Mac line ends: one character for another keeps every offset and column, and gives
        # every detector the line numbers an editor shows.
        text = _LONE_CR.sub("\n", text)
    source = SourceFile(path=path, text=text, name=name)
    for detector in detectors:
        try:
            found.extend(detector.scan(source))
        except RecursionError:
            found.append(ScanWarning(path, f"{detector.name}: nesting too deep to analyse"))
        except Exception as exc:  # a detector bug must not lose the rest of the scan
            log.debug("detector %s failed on %s\n%s", detector.name, path, traceback.format_exc())
            found.append(ScanWarning(path, f"{detector.name} detector failed: {exc!r}"))
    return FileOutcome(path, tuple(_without_secrets(path, found)), scanned=True)


def _without_secrets(path: str, found: list[Found]) -> list[Found]:
    """The one guard every detector's output passes: a value shaped like a credential is never
    recorded, whatever slot it sits in (a LiteLLM `model: sk-...`, a password passed as
    `model=`), and base URLs lose their credentials. Says how many were dropped, never what."""
    out: list[Found] = []
    dropped = 0
    for item in found:
        match item:
            case Reference():
                if _credential(item.model):
                    dropped += 1
                    continue
                out.append(_cleaned(item))
            case Fallback():
                targets = tuple(t for t in item.targets if not _credential(t))
                if _credential(item.primary) or len(targets) < len(item.targets):
                    dropped += 1
                if targets and not _credential(item.primary):
                    out.append(replace(item, targets=targets) if targets != item.targets else item)
            case _:
                out.append(item)
    if dropped:
        what = "a value" if dropped == 1 else f"{dropped} values"
        out.append(
            ScanWarning(path, f"{what} shaped like a credential in a model slot; not recorded")
        )
    return out


def _credential(value: str) -> bool:
    return looks_like_secret(value) or is_bare_digest(value)


def _cleaned(ref: Reference) -> Reference:
    changes: dict[str, str | None] = {}
    if ref.base_url is not None and (url := clean_url(ref.base_url)) != ref.base_url:
        changes["base_url"] = url
    for name in ("group", "revision", "env_var"):
        value = getattr(ref, name)
        if value is not None and looks_like_secret(value):
            changes[name] = None
    return replace(ref, **changes) if changes else ref  # type: ignore[arg-type]


def scan_path(
    path: str,
    abspath: str,
    detectors: Sequence[Detector],
    *,
    limit: int = MAX_READ_BYTES,
    cache: OutcomeCache | None = None,
) -> FileOutcome:
    """Read a file from disk and scan it; an unreadable file is a warning.

    The walk saw a regular file; by the time it is read it may have become a symlink, a FIFO or
    something larger: the read is by descriptor and refuses all three (safeio)."""
    name = path.rsplit("/", 1)[-1]
    try:
        data = read_bytes(abspath, limit=limit)
    except ReadRefused as exc:
        return FileOutcome(path, (ScanWarning(path, f"not read: {exc.reason}"),), False)
    except OSError as exc:
        return FileOutcome(path, (ScanWarning(path, f"unreadable: {exc.strerror or exc}"),), False)
    return scan_bytes(path, name, data, detectors, cache)
