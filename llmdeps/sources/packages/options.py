"""What the package side of a run reads besides the repository: advisory folders, Python envs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PackageOptions:
    """`--advisories DIR` and `--python-env PATH`, each repeatable; both default to none."""

    advisories: tuple[Path, ...] = ()
    """Folders of OSV JSON records added to the shipped ones."""
    python_envs: tuple[Path, ...] = ()
    """Virtual environments or site-packages folders whose installed distributions are read."""
