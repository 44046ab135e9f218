"""Root discovery: run from a subdirectory, llmdeps works on the repository it is in.

Like git and pre-commit, a command given no PATH walks up from the working directory to the
first directory that holds `.llmdeps.yaml` (or `.yml`), `llmdeps.lock` or `.git`, in that order
of preference within one directory, and says on stderr which one it used (not under `-q`).
A PATH given on the command line is used as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKERS = (".llmdeps.yaml", ".llmdeps.yml", "llmdeps.lock", ".git")


@dataclass(frozen=True, slots=True)
class Root:
    """The directory a command works on and the marker that chose it (None: as given)."""

    path: Path
    marker: str | None = None

    def notice(self) -> str | None:
        """`llmdeps: using ../.. (holds .git)` when the root is not the working directory."""
        if self.marker is None:
            return None
        return f"llmdeps: using {self.path.as_posix()} (holds {self.marker})"


def discover(start: Path | None = None) -> Root:
    """The nearest directory at or above `start` (default: cwd) holding a marker."""
    here = Path.cwd() if start is None else start
    try:
        here = here.resolve()
    except OSError:
        return Root(Path("."))
    for level, directory in enumerate((here, *here.parents)):
        for marker in MARKERS:
            if (directory / marker).exists():
                if level == 0:
                    return Root(Path("."))
                return Root(Path(os.path.relpath(directory, here)), marker)
    return Root(Path("."))
