"""Read one walked file and run the detectors that want it.

The content prefilter is the hot path: one RE2 search over the raw bytes decides whether a file is
parsed at all. It only has to be *sure* a file holds no model reference; detectors do the rest.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass

import re2

from llmdeps.model import Detection, ScanWarning
from llmdeps.sources.base import Detector, SourceFile
from llmdeps.sources.idshape import FAMILY_PREFIXES

log = logging.getLogger(__name__)

# Words that every model reference we detect carries somewhere in its file: an SDK or model keyword,
# or a model family name. Case-insensitive; RE2 keeps it linear in the file size.
_KEYWORDS = (
    "model",
    "ollama",
    "llm",
    "engine",
    "deploy",
    "checkpoint",
    "pretrained",
    "pipeline",
    "sentence",
    "embed",
    "repo_id",
    "snapshot_download",
    "lm(",
    "agent(",
    "vllm",
    "huggingface",
    "litellm",
    "fallback",
    "gpt",
    "openai",
    "groq",
    "phi",
    "glm",
    "aya",
    "bge",
    "e5-",
    "o1",
    "o3",
    "o4",
    "yi-",
    "yi:",
)
_WORDS = sorted(set(_KEYWORDS) | {p.rstrip(".:/-") for p in FAMILY_PREFIXES if len(p) > 3})
_PREFILTER = re2.compile(("(?i)" + "|".join(re2.escape(word) for word in _WORDS)).encode())
BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What scanning one file gave."""

    path: str
    detections: tuple[Detection, ...]
    scanned: bool
    """False when the file was skipped as binary or had no candidate text."""
    binary: bool = False


def may_reference(data: bytes) -> bool:
    """The prefilter: can this content hold a model reference at all?"""
    return _PREFILTER.search(data) is not None


def is_modelfile(name: str) -> bool:
    """Modelfiles are short and say `FROM x` with no keyword around it: always scanned."""
    low = name.lower()
    return low == "modelfile" or low.startswith("modelfile.") or low.endswith(".modelfile")


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM); otherwise decode with replacement and say so."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 ({exc.reason})"


def scan_bytes(
    path: str, name: str, data: bytes, detectors: Sequence[Detector], *, debug: bool = False
) -> FileOutcome:
    """Run the wanted detectors over one file's content; never raise on bad input."""
    if b"\0" in data[:BINARY_SNIFF]:
        return FileOutcome(path, (), scanned=False, binary=True)
    if not may_reference(data) and not is_modelfile(name):
        return FileOutcome(path, (), scanned=False)
    text, problem = decode(data)
    found: list[Detection] = []
    if problem:
        found.append(ScanWarning(path, problem))
    source = SourceFile(path=path, text=text, name=name)
    for detector in detectors:
        try:
            found.extend(detector.scan(source))
        except RecursionError:
            found.append(ScanWarning(path, f"{detector.name}: nesting too deep to analyse"))
        except Exception as exc:  # a detector bug must not lose the rest of the scan
            if debug:
                raise
            log.debug("detector %s failed on %s\n%s", detector.name, path, traceback.format_exc())
            found.append(ScanWarning(path, f"{detector.name} detector failed: {exc!r}"))
    return FileOutcome(path, tuple(found), scanned=True)


def scan_path(
    path: str, abspath: str, detectors: Sequence[Detector], *, debug: bool = False
) -> FileOutcome:
    """Read a file from disk and scan it; an unreadable file is a warning."""
    name = path.rsplit("/", 1)[-1]
    try:
        with open(abspath, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return FileOutcome(path, (ScanWarning(path, f"unreadable: {exc.strerror or exc}"),), False)
    return scan_bytes(path, name, data, detectors, debug=debug)
