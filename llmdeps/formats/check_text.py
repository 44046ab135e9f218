"""`llmdeps check --format text`: one line per finding, then the fixes, then a count."""

from __future__ import annotations

from collections.abc import Sequence

from llmdeps.analysis.risks import plural
from llmdeps.formats.base import FindingsContext
from llmdeps.model import Finding

name = "text"
needs_positions = False
always_written = False


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """One line per finding, then the fixes; suppressed findings after the others, marked."""
    if not findings:
        return "llmdeps check: ok\n"
    active = [f for f in findings if f.suppression is None]
    accepted = [f for f in findings if f.suppression is not None]
    lines = []
    for f in (*active, *accepted):
        where = (
            f" [{', '.join(f.paths[:5])}{', ...' if len(f.paths) > 5 else ''}]" if f.paths else ""
        )
        line = f"{f.severity.value}: {f.rule}: {f.message}{where}"
        if f.suppression is not None:
            s = f.suppression
            until = f", until {s.until}" if s.until else ""
            line = f"suppressed {line} ({s.reason}{until}; {s.entry})"
        lines.append(line)
    fixes = sorted({f.fix for f in active if f.fix})
    lines += [f"fix: {fix}" for fix in fixes]
    n = len(active)
    tail = f", {len(accepted)} suppressed" if accepted else ""
    head = "ok" if not n else plural(n, "finding")
    lines.append(f"llmdeps check: {head}{tail}")
    return "\n".join(lines) + "\n"
