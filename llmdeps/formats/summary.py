"""The scan summary on stderr: models by vendor, pinned vs floating, concentration, warnings."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from llmdeps.analysis.figures import figures, pin_line
from llmdeps.analysis.risks import plural
from llmdeps.model import PinStatus
from llmdeps.pipeline import ScanSummary


def print_summary(err: Console, summary: ScanSummary, *, verbose: int, wrote: str | None) -> None:
    """A few lines a person reads after `llmdeps scan`."""
    lock = summary.lock
    f = figures(lock)
    err.print(
        f"[bold]llmdeps[/]: {plural(f.references, 'reference')} to "
        f"{plural(f.models, 'model')} in {plural(f.files, 'file')} "
        f"({plural(summary.files_scanned, 'file')} read); {pin_line(f)}"
    )
    if lock.models:
        by_vendor: dict[str, list[str]] = {}
        pinned_by: Counter[str] = Counter()
        digest_by: Counter[str] = Counter()
        for m in lock.models:
            by_vendor.setdefault(m.lineage_vendor, []).append(m.id)
            pinned_by[m.lineage_vendor] += m.pin is PinStatus.PINNED
            digest_by[m.lineage_vendor] += m.pin is PinStatus.DIGEST
        vendors = sorted(by_vendor, key=lambda v: (-len(by_vendor[v]), v))
        examples = {
            v: by_vendor[v][:3] + ([f"+{len(by_vendor[v]) - 3}"] if len(by_vendor[v]) > 3 else [])
            for v in vendors
        }
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("lineage vendor")
        table.add_column("models", justify="right")
        table.add_column("pinned", justify="right")
        table.add_column("digest-locked", justify="right")
        for vendor in vendors:
            table.add_row(
                vendor,
                str(len(by_vendor[vendor])),
                str(pinned_by[vendor]),
                str(digest_by[vendor]),
            )
        err.print(table)
        # A model id is never cut or split: the examples are plain lines the terminal wraps.
        for vendor in vendors:
            err.print(f"  {vendor}: {', '.join(examples[vendor])}", markup=False, soft_wrap=True)
    c = lock.concentration
    if c.top_vendor:
        err.print(
            f"top vendor {c.top_vendor} {c.top_share:.0%} of workflows; HHI {c.hhi}; "
            f"portability {c.portability:.0%} ({plural(len(lock.workflows), 'workflow')})"
        )
    if lock.packages:
        from llmdeps.rules.packages import covered

        names = {(p.ecosystem, p.name) for p in lock.packages}
        loose = {
            (p.ecosystem, p.name)
            for p in lock.packages
            if not (p.pinned or covered(p, lock.packages))
        }
        files = len({p.file for p in lock.packages})
        err.print(
            f"middle layer: {len(names)} packages in {files} manifests and lock files, "
            f"{len(loose)} not pinned",
            markup=False,
        )
    if lock.install_sources:
        installs = sum(len(m.installs) for m in lock.models) + len(lock.unreferenced_installs)
        sources = ", ".join(lock.install_sources)
        if summary.installs_read:
            err.print(f"installs: {plural(installs, 'install')} read from {sources}", markup=False)
        else:
            err.print(
                f"installs: not read this time; the lock's {plural(installs, 'install')} "
                f"from {sources} stand",
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
        err.print(f"[yellow]{plural(len(summary.warnings), 'warning')}[/]{hint}")
    if verbose:
        for w in summary.warnings:
            err.print(f"  warning: {w.path}: {w.reason}", markup=False)
        for path, reason in summary.skipped:
            err.print(f"  skipped: {path}: {reason}", markup=False)
    if wrote:
        err.print(f"wrote {wrote}", markup=False)
