"""Where llmdeps keeps what it can compute again: `LLMDEPS_CACHE_DIR`, else the user cache
directory of the platform (`platformdirs`)."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "LLMDEPS_CACHE_DIR"


def default_dir() -> Path:
    """`LLMDEPS_CACHE_DIR`, else the platform's user cache directory for llmdeps."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named)
    import platformdirs

    return Path(platformdirs.user_cache_dir("llmdeps", appauthor=False))
