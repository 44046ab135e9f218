"""Where a finding points: a line and column for SARIF and GitHub annotations.

Findings name files, models and workflows, not positions (the lock has no line numbers). The
fresh scan knows where each reference stands, and the lock file on disk where each model is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from llmdeps.lockfile.model import Lock
from llmdeps.model import Finding, Reference


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where the fresh scan saw a model: what the lock keys it by, plus line and column."""

    path: str
    model_id: str
    workflow: str
    context: str
    line: int
    column: int


def _spots(references: Iterable[Reference], lock: Lock) -> list[_Spot]:
    locked = defaultdict(list)
    for r in lock.references:
        locked[(r.path, r.context, r.model, r.kind)].append(r)
    spots = []
    for ref in references:
        loc = ref.location
        for r in locked.get((loc.path, loc.context, ref.model, ref.kind), ()):
            spots.append(_Spot(loc.path, r.model_id, r.workflow, loc.context, loc.line, loc.column))
    return sorted(spots, key=lambda s: (s.path, s.line, s.column, s.model_id, s.context))


def _lock_line(lock_lines: list[str], f: Finding) -> tuple[int, int] | None:
    if f.model is not None:
        wanted = f"- id: {f.model}"
    elif f.rule == "max-hhi":
        wanted = "  hhi: "
    else:
        return None
    for n, text in enumerate(lock_lines, 1):
        if text.startswith(wanted):
            return n, len(text) - len(text.lstrip(" -")) + 1
    return None


def locate(
    findings: Iterable[Finding], references: Iterable[Reference], lock: Lock, lock_text: str
) -> list[Finding]:
    """Fill in line and column where the fresh scan (or the lock on disk) knows them.

    A finding about files gets the position of the first matching reference in its first file
    (same model, workflow and vendor; for a reference finding the one whose context it names).
    A finding with no file gets the line of its model (or of the HHI) in the lock file.
    """
    spots = _spots(references, lock)
    vendors = {m.id: {m.vendor, m.lineage_vendor} for m in lock.models}
    lock_lines = lock_text.splitlines()
    out = []
    for f in findings:
        if f.line is not None:
            out.append(f)
            continue
        if not f.paths:
            at = _lock_line(lock_lines, f)
            out.append(replace(f, line=at[0], column=at[1]) if at else f)
            continue
        candidates = [
            s
            for s in spots
            if s.path == f.paths[0]
            and (f.model is None or s.model_id == f.model)
            and (f.workflow is None or s.workflow == f.workflow)
            and (f.model is not None or f.vendor is None or f.vendor in vendors.get(s.model_id, ()))
        ]
        named = [s for s in candidates if f"({s.context})" in f.message]
        best = (named or candidates)[:1]
        out.append(replace(f, line=best[0].line, column=best[0].column) if best else f)
    return out
