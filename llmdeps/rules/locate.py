"""Where a finding points: a line and column for SARIF and GitHub annotations.

Findings name files, models and workflows, not positions (the lock has no line numbers). The
fresh scan knows where each reference stands, and the lock file on disk where each model is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from llmdeps.lockfile.model import Lock
from llmdeps.model import Finding, ModelId, Reference


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where the fresh scan saw a model: what the lock keys it by, plus line and column."""

    path: str
    model_id: ModelId
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
            spots.append(
                _Spot(loc.path, ModelId(r.model_id), r.workflow, loc.context, loc.line, loc.column)
            )
    return sorted(spots, key=lambda s: (s.path, s.line, s.column, s.model_id, s.context))


def _position(text: str) -> int:
    """The column where a block-YAML line's key starts (after its indent and list dash)."""
    return len(text) - len(text.lstrip(" -")) + 1


def _model_line(lock_lines: list[str], model_id: ModelId) -> tuple[int, int] | None:
    wanted = f"- id: {model_id}"
    for n, text in enumerate(lock_lines, 1):
        if text.startswith(wanted):
            return n, _position(text)
    return None


def _key_line(lock_lines: list[str], key_path: str) -> tuple[int, int] | None:
    """The line of a dotted mapping key (`concentration.hhi`) in the lock's block YAML."""
    start, found = 0, None
    for depth, key in enumerate(key_path.split(".")):
        wanted = "  " * depth + key + ":"
        found = next(
            (n for n in range(start, len(lock_lines)) if lock_lines[n].startswith(wanted)), None
        )
        if found is None:
            return None
        start = found + 1
    if found is None:
        return None
    return found + 1, _position(lock_lines[found])


def _lock_line(lock_lines: list[str], f: Finding) -> tuple[int, int] | None:
    if f.model is not None:
        return _model_line(lock_lines, ModelId(f.model))
    if f.context is not None:
        return _key_line(lock_lines, f.context)
    return None


def locate(
    findings: Iterable[Finding], references: Iterable[Reference], lock: Lock, lock_text: str
) -> list[Finding]:
    """Fill in line and column where the fresh scan (or the lock on disk) knows them.

    A finding about files gets the position of the first matching reference in its first file
    (same model, workflow and vendor; for a reference finding the one at its context). A finding
    with no file gets the line of its model, or of the lock key its context names, in the lock.
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
        named = [s for s in candidates if f.context is not None and s.context == f.context]
        best = (named or candidates)[:1]
        out.append(replace(f, line=best[0].line, column=best[0].column) if best else f)
    return out
