"""The one set of figures every output counts the same way (README: "What each count means").

The scan summary, the lock, the scan JSON, the report (every format) and its JSON take their
counts from `figures(lock)`, so a figure has one meaning and one name everywhere:

* models: distinct canonical model ids the lock holds;
* references: the lock's references, one per (file, stable context, model as written, kind): a
  line that moves is the same reference; the scan JSON lists each occurrence with its line as
  `occurrences` besides;
* files: distinct files holding at least one reference (not the files read, `files_scanned`);
* workflows: workflows that reference a model;
* pinned: models whose id names one immutable artifact (a dated snapshot, an HF commit, a
  digest in the id);
* digest-locked: models with a floating name whose installed digest the lock records;
* local: models that are a file on disk;
* floating: models whose name a vendor can move, with no digest locked;
* other: the rest (a served deployment alias, a pin status the catalog cannot tell);
* open weights: models whose weights are published.

pinned + digest-locked + local + floating + other = models.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmdeps.lockfile.model import Lock
from llmdeps.model import PinStatus


@dataclass(frozen=True, slots=True)
class Figures:
    """The counts of one lock, each defined in the module docstring."""

    models: int
    references: int
    files: int
    workflows: int
    pinned: int
    digest_locked: int
    local: int
    floating: int
    other: int
    open_weights: int


def figures(lock: Lock) -> Figures:
    """The counts of this lock."""
    pins = [m.pin for m in lock.models]
    pinned = pins.count(PinStatus.PINNED)
    digest = pins.count(PinStatus.DIGEST)
    local = pins.count(PinStatus.LOCAL)
    floating = pins.count(PinStatus.FLOATING)
    return Figures(
        models=len(lock.models),
        references=len(lock.references),
        files=len({r.path for r in lock.references}),
        workflows=len(lock.workflows),
        pinned=pinned,
        digest_locked=digest,
        local=local,
        floating=floating,
        other=len(pins) - pinned - digest - local - floating,
        open_weights=sum(m.open_weights is True for m in lock.models),
    )


def pin_line(f: Figures) -> str:
    """`2 pinned, 4 digest-locked, 0 floating` (+ `, 1 local`, `, 1 other` when there are any)."""
    parts = [f"{f.pinned} pinned", f"{f.digest_locked} digest-locked", f"{f.floating} floating"]
    if f.local:
        parts.append(f"{f.local} local")
    if f.other:
        parts.append(f"{f.other} other")
    return ", ".join(parts)
