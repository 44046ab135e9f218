"""`.llmdeps.yaml` or `[tool.llmdeps]` in pyproject.toml -> Config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WorkflowSpec:
    """A named workflow: the files whose references belong to it."""

    name: str
    paths: tuple[str, ...]
    """gitignore-style globs relative to the repository root."""
    owner: str | None = None
    criticality: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    """Limits that `llmdeps check` enforces."""

    max_vendor_share: float | None = None
    max_hhi: int | None = None
    require_cross_vendor_fallback: tuple[str, ...] | bool = False
    """True for every workflow, or the criticalities it applies to."""
    allowed_vendors: tuple[str, ...] = ()
    denied_vendors: tuple[str, ...] = ()
    allowed_licenses: tuple[str, ...] = ()
    require_pinned: bool = False


DEFAULT_CRITICALITY_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 4.0}


@dataclass(frozen=True, slots=True)
class Config:
    """Everything configurable, with defaults for a repo that has no config."""

    workflows: tuple[WorkflowSpec, ...] = ()
    policy: Policy = field(default_factory=Policy)
    criticality_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_CRITICALITY_WEIGHTS)
    )
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()
    """Extra gitignore-style patterns to skip."""
    source: str | None = None
    """The file the config was read from, for messages."""


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Read `.llmdeps.yaml` (or `explicit`) else `[tool.llmdeps]` from pyproject.toml under root."""
    return Config()
