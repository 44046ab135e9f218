"""Whether the model catalog knows an id, for the places where the value alone must decide: a
constant whose name says nothing (`Whisper1 = "whisper-1"`, `LLAMA_3_1 = "llama3.1"`)."""

from __future__ import annotations

import functools

from llmdeps.catalog import Catalog
from llmdeps.model import Runtime


@functools.lru_cache(maxsize=4096)
def catalog_knows(value: str) -> bool:
    """The packaged catalog names this id's family (`text-similarity-ada-001`, not `gpt-jay`)."""
    return Catalog.load().identify(value, Runtime.UNKNOWN).known
