"""What each product's output formats provide: one protocol per product (scan, check, report,
explain). A format is a module or an object with a `name` and a `render`; the registries that list
them, and that `--format` is built from, are in `llmdeps/formats/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:  # annotations only: importing a format pulls in no stage it does not use
    from llmdeps.analysis.lockchanges import LockDiff
    from llmdeps.analysis.org import OrgReport
    from llmdeps.analysis.report import Report
    from llmdeps.inventory import Inventory
    from llmdeps.lockfile.model import Lock
    from llmdeps.model import Finding, ModelIdentity


class ReportFormat(Protocol):
    """`llmdeps report --format NAME`."""

    name: str

    def render(self, report: Report) -> str:
        """The report as text in this format."""
        ...


@dataclass(frozen=True, slots=True)
class FindingsContext:
    """What a check format needs besides the findings."""

    lock_path: str = "llmdeps.lock"
    """The lock file relative to the scanned directory: where a finding with no file points."""
    compared: tuple[str, ...] = ()
    """What install drift compared, per location (`compared 2 locked installs on ollama:11434`)."""


class FindingsFormat(Protocol):
    """`llmdeps check --format NAME`."""

    name: str
    needs_positions: bool
    """It shows lines and columns, so check locates the findings first (SARIF, GitHub)."""
    always_written: bool
    """It is written even when clean and quiet (a SARIF upload step needs a file)."""

    def render(self, findings: Sequence[Finding], ctx: FindingsContext) -> str:
        """The findings as text in this format."""
        ...


class ScanFormat(Protocol):
    """`llmdeps scan --format NAME`."""

    name: str
    writes_lock: bool
    """Its product is the lock file (default output PATH/llmdeps.lock, not stdout)."""

    def render(self, inventory: Inventory, lock: Lock) -> str:
        """The scan's product in this format."""
        ...


class ExplainFormat(Protocol):
    """`llmdeps explain --format NAME`."""

    name: str

    def render(self, explained: Sequence[tuple[str, ModelIdentity]]) -> str:
        """Each id as written with what the catalog knows of it, in this format."""
        ...


F = TypeVar(
    "F", ReportFormat, FindingsFormat, ScanFormat, ExplainFormat, "DiffFormat", "OrgFormat"
)


def registry(*formats: F) -> Mapping[str, F]:
    """{name: format} in the order given (the order --help lists them); names are unique."""
    names = [f.name for f in formats]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate format names: {names}")
    return {f.name: f for f in formats}


class DiffFormat(Protocol):
    """`llmdeps diff --format NAME`."""

    name: str

    def render(self, diff: LockDiff) -> str:
        """The changes between two locks in this format."""
        ...


class OrgFormat(Protocol):
    """`llmdeps report LOCK LOCK... --format NAME`: the organisation's report."""

    name: str

    def render(self, report: OrgReport) -> str:
        """The org report as text in this format."""
        ...
