"""Batch request files (`.jsonl`): one request per line, `{"custom_id": ..., "method": "POST",
"url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", ...}}` (the OpenAI, Azure, Gemini
and Mistral batch APIs, and vLLM's `run_batch`). Each line's `body.model` is the model the batch
runs on. Any other JSON Lines file (a data set, a log of outputs) names no dependency: a line
counts only when it has the shape of a request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Detection, Location, Reference, RefKind, Runtime, ScanWarning
from llmdeps.sources.base import SourceFile
from llmdeps.sources.idshape import model_like
from llmdeps.sources.keywords import MODEL_WORDS

MAX_LINES = 10_000
"""Lines read from one file: a batch this long repeats its model; the rest is its data."""
MAX_LINE_CHARS = 100_000
_MODEL_FIELD = lazy_compile(r'"model"\s*:\s*"')


class BatchFileDetector:
    """`body.model` of each request line of a `.jsonl` batch file."""

    name = "batch-file"
    keywords = MODEL_WORDS

    def wants(self, path: str, name: str) -> bool:
        """JSON Lines files."""
        return name.endswith((".jsonl", ".ndjson"))

    def scan(self, file: SourceFile) -> Iterator[Detection]:
        """A reference per request line; an unreadable file is one warning."""
        try:
            found = list(_requests(file))
        except Exception:  # never let an exception text (which may quote a value) escape
            yield ScanWarning(file.path, "batch file: could not be read")
            return
        yield from found


def _requests(file: SourceFile) -> Iterator[Reference]:
    for number, line in enumerate(file.text.split("\n")[:MAX_LINES], start=1):
        if '"custom_id"' not in line or '"body"' not in line or len(line) > MAX_LINE_CHARS:
            continue
        try:
            request = json.loads(line)
        except ValueError:
            continue
        body = request.get("body") if isinstance(request, dict) else None
        model = body.get("model") if isinstance(body, dict) else None
        if not isinstance(model, str) or not model_like(model):
            continue
        at = _column(line, model)
        if at is None:
            continue
        location = Location(file.path, number, at, "body.model")
        yield Reference(model, location, RefKind.CONFIG, Runtime.UNKNOWN, BatchFileDetector.name)


def _column(line: str, model: str) -> int | None:
    """1-based column of the model's text after a `"model":` key, as written."""
    for match in _MODEL_FIELD.finditer(line):
        if line.startswith(model + '"', match.end()):
            return match.end() + 1
    return None
