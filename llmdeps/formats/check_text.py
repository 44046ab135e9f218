"""`llmdeps check --format text`: one line per finding, then the fixes, then a count."""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.formats.base import FindingsContext
from llmdeps.model import Finding

name = "text"
needs_positions = False
always_written = False


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """One line per finding, then the fixes."""
    compared = "".join(f"{line}\n" for line in ctx.compared)
    if not findings:
        return compared + "llmdeps check: ok\n"
    lines = []
    for f in findings:
        where = (
            f" [{', '.join(f.paths[:5])}{', ...' if len(f.paths) > 5 else ''}]" if f.paths else ""
        )
        lines.append(f"{f.severity.value}: {f.rule}: {f.message}{where}")
    fixes = sorted({f.fix for f in findings if f.fix})
    lines += [f"fix: {fix}" for fix in fixes]
    lines += list(ctx.compared)
    lines.append(f"llmdeps check: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
    return "\n".join(lines) + "\n"
