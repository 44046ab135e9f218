"""What `llmdeps check` reports: one finding per problem, with a rule id and where it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; `check --fail-on` compares against it."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by check: stale lock, drift, policy violation."""

    rule: str
    """Stable rule id, e.g. `lock-stale`, `drift-digest`, `max-vendor-share`."""
    message: str
    """A plain sentence a non-engineer understands."""
    severity: Severity = Severity.ERROR
    paths: tuple[str, ...] = ()
    workflow: str | None = None
    vendor: str | None = None
    model: str | None = None
    fix: str | None = None
    """What to run or change to resolve it."""
    line: int | None = None
    """1-based line in `paths[0]` (in the lock file when there are no paths), when known."""
    column: int | None = None
    """1-based column (Unicode code points) on that line, when known."""
