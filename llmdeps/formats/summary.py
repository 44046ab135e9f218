"""The scan summary on stderr: models by vendor, pinned vs floating, concentration, warnings."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from llmdeps.model import PinStatus
from llmdeps.pipeline import ScanSummary

_PINNED = (PinStatus.PINNED, PinStatus.DIGEST)


def print_summary(err: Console, summary: ScanSummary, *, verbose: int, wrote: str | None) -> None:
    """A few lines a person reads after `llmdeps scan`."""
    lock = summary.lock
    pinned = sum(m.pin is PinStatus.PINNED for m in lock.models)
    by_digest = sum(m.pin is PinStatus.DIGEST for m in lock.models)
    floating = sum(m.pin is PinStatus.FLOATING for m in lock.models)
    other = len(lock.models) - pinned - by_digest - floating
    err.print(
        f"[bold]llmdeps[/]: {len(lock.references)} references to {len(lock.models)} models "
        f"in {summary.files_scanned} files; {pinned} pinned, {by_digest} locked by install digest, "
        f"{floating} floating, {other} other"
    )
    if lock.models:
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("lineage vendor")
        table.add_column("models", justify="right")
        table.add_column("pinned", justify="right")
        table.add_column("examples")
        by_vendor: dict[str, list[str]] = {}
        pinned_by: Counter[str] = Counter()
        for m in lock.models:
            by_vendor.setdefault(m.lineage_vendor, []).append(m.id)
            pinned_by[m.lineage_vendor] += m.pin in _PINNED
        for vendor in sorted(by_vendor, key=lambda v: (-len(by_vendor[v]), v)):
            ids = by_vendor[vendor]
            shown = ", ".join(ids[:3]) + (f", +{len(ids) - 3}" if len(ids) > 3 else "")
            table.add_row(vendor, str(len(ids)), str(pinned_by[vendor]), shown)
        err.print(table)
    c = lock.concentration
    if c.top_vendor:
        err.print(
            f"top vendor {c.top_vendor} {c.top_share:.0%} of workflows; HHI {c.hhi}; "
            f"portability {c.portability:.0%} ({len(lock.workflows)} workflows)"
        )
    if lock.install_sources:
        installs = sum(len(m.installs) for m in lock.models) + len(lock.unreferenced_installs)
        sources = ", ".join(lock.install_sources)
        if summary.installs_read:
            err.print(f"installs: {installs} read from {sources}", markup=False)
        else:
            err.print(
                f"installs: not read this time; the lock's {installs} from {sources} stand",
                markup=False,
            )
    unreadable = [path for path, reason in summary.skipped if reason.startswith("unreadable dir")]
    if unreadable:
        # a directory not read is a hole in the inventory: always said, not only with -v
        shown = ", ".join(unreadable[:5]) + (
            f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
        )
        count = "1 directory" if len(unreadable) == 1 else f"{len(unreadable)} directories"
        err.print(f"[yellow]{count} could not be read[/]: {shown}", highlight=False)
    if summary.warnings:
        hint = "" if verbose else " (-v lists them)"
        err.print(f"[yellow]{len(summary.warnings)} warnings[/]{hint}")
    if verbose:
        for w in summary.warnings:
            err.print(f"  warning: {w.path}: {w.reason}", markup=False)
        for path, reason in summary.skipped:
            err.print(f"  skipped: {path}: {reason}", markup=False)
    if wrote:
        err.print(f"wrote {wrote}", markup=False)
