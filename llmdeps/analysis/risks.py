"""The report's risks: one plain sentence each, ranked most severe first.

Each risk has a stable `code` and its own function below; `rank_risks` runs them all and sorts
by level, then by how many workflows or models a risk touches, then by sentence. The levels are
the report's own scale (`RiskLevel`), apart from the check findings' `Severity`: a risk is a
judgement for people reading the report, never a reason for `check` to fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from llmdeps.analysis.exit import ExitSimulation, ExitStatus
from llmdeps.analysis.matrix import WorkflowRow
from llmdeps.lockfile.model import Lock
from llmdeps.model import UNKNOWN_VENDOR, PinStatus

HHI_HIGH = 2500
"""Above this, competition authorities call a market highly concentrated (US DOJ/FTC 2023)."""
HHI_MODERATE = 1500

_HIGH_CRITICALITY = ("critical", "high")


class RiskLevel(StrEnum):
    """How much a risk matters, most severe first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NOTE = "note"


_LEVEL_RANK = {s: i for i, s in enumerate(RiskLevel)}


@dataclass(frozen=True, slots=True)
class Risk:
    """One risk in a plain sentence."""

    severity: RiskLevel
    code: str
    """Stable identifier: vendor-concentration, no-cross-vendor-fallback, floating, hhi, ..."""
    sentence: str
    size: float
    """How many workflows or models it touches (ranks risks of equal severity)."""
    subjects: tuple[str, ...] = ()
    """Workflow names or model ids it is about."""


def plural(n: float, one: str, many: str | None = None) -> str:
    """`1 workflow`, `3 workflows`, `2.5 workflows` (at most two decimals)."""
    word = one if n == 1 else (many or one + "s")
    shown = f"{round(n, 2):g}"
    return f"{shown} {word}"


def _listing(items: Iterable[str], limit: int = 4) -> str:
    shown = list(items)
    head = ", ".join(shown[:limit])
    return head + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


def rank_risks(
    lock: Lock, rows: tuple[WorkflowRow, ...], simulation: ExitSimulation | None
) -> tuple[Risk, ...]:
    """Every risk of this lock, most severe first."""
    found = [
        *_vendor_concentration(lock, rows),
        *_no_cross_vendor_fallback(rows),
        *_exit_loss(simulation, len(rows)),
        *_hhi(lock),
        *_floating(lock),
        *_hard_coded(rows),
        *_unpinned(lock),
        *_unknown_vendor(lock),
        *_unknown_maker(lock),
        *_unreferenced_install(lock),
    ]
    return tuple(sorted(found, key=lambda r: (_LEVEL_RANK[r.severity], -r.size, r.sentence)))


def _covered(row: WorkflowRow) -> bool:
    """It falls back to another vendor, or its users can pick another vendor's model."""
    return row.cross_vendor_fallback or row.switchable


def _vendor_concentration(lock: Lock, rows: tuple[WorkflowRow, ...]) -> Iterator[Risk]:
    """How many workflows hang on the top vendor alone, or next to others with no fallback."""
    total = len(rows)
    top = lock.concentration.top_vendor
    if not (top and total):
        return
    # A switchable workflow (options across vendors) is covered like one with a fallback.
    only = [r for r in rows if r.vendors == (top,) and not _covered(r)]
    mixed = [r for r in rows if top in r.vendors and len(r.vendors) > 1 and not _covered(r)]
    backed = [r for r in rows if top in r.vendors and _covered(r)]
    exposed = only + mixed
    if not (exposed or backed):
        return
    parts = [
        f"{len(only)} of {plural(total, 'workflow')} "
        f"{'depends' if len(only) == 1 else 'depend'} only on {top} models"
        if only
        else f"no workflow depends only on {top} models"
    ]
    if mixed:
        verb = "uses" if len(mixed) == 1 else "use"
        more = " more" if only else ""
        parts.append(f"{len(mixed)}{more} {verb} {top} next to other vendors with no fallback")
    falls = [r for r in backed if r.cross_vendor_fallback]
    switch = len(backed) - len(falls)
    if falls:
        verb = "falls" if len(falls) == 1 else "fall"
        parts.append(f"{len(falls)} {verb} back to another vendor")
    if switch:
        verb = "lets" if switch == 1 else "let"
        parts.append(f"{switch} {verb} users pick another vendor's model")
    if not backed:
        parts.append("none falls back to another vendor")
    sentence = "; ".join(parts) + "."
    level = (
        RiskLevel.HIGH
        if len(exposed) * 2 > total
        else RiskLevel.MEDIUM
        if exposed
        else RiskLevel.LOW
    )
    yield Risk(
        level,
        "vendor-concentration",
        sentence[0].upper() + sentence[1:],
        len(exposed),
        tuple(sorted(r.name for r in exposed)),
    )


def _no_cross_vendor_fallback(rows: tuple[WorkflowRow, ...]) -> Iterator[Risk]:
    """A critical or high workflow with no fallback to another vendor."""
    for r in rows:
        crit = (r.criticality or "").lower()
        if crit in _HIGH_CRITICALITY and not _covered(r):
            yield Risk(
                RiskLevel.HIGH if crit == "critical" else RiskLevel.MEDIUM,
                "no-cross-vendor-fallback",
                f"{r.name} ({crit}) has no fallback to another vendor.",
                r.weight,
                (r.name,),
            )


def _exit_loss(simulation: ExitSimulation | None, total: int) -> Iterator[Risk]:
    """The workflows the simulated exit stops, wholly (lost) or in part (api-withdrawn)."""
    if not simulation:
        return
    stopped = simulation.stopped
    if stopped:
        names = [i.workflow for i in stopped]
        whole = [i.workflow for i in stopped if i.status is ExitStatus.LOST]
        part = len(names) - len(whole)
        verb = "stops" if len(whole) == 1 else "stop"
        text = (
            f"{plural(len(whole), 'workflow')} {verb} working"
            if whole
            else "no workflow stops working"
        )
        if part:
            text += f" and {part} {'stops' if part == 1 else 'stop'} in part"
        yield Risk(
            RiskLevel.HIGH if len(names) * 2 > max(total, 1) else RiskLevel.MEDIUM,
            "exit-loss",
            f"Without {simulation.vendor}, {text}: {_listing(names)}.",
            len(names),
            tuple(names),
        )
    frozen = [i.workflow for i in simulation.with_status(ExitStatus.FROZEN)]
    if frozen:
        verb = "runs" if len(frozen) == 1 else "run"
        yield Risk(
            RiskLevel.LOW,
            "exit-frozen",
            f"Without {simulation.vendor}, {plural(len(frozen), 'workflow')} {verb} on "
            f"{simulation.vendor} open weights that get no new releases: {_listing(frozen)}.",
            len(frozen),
            tuple(frozen),
        )


def _hhi(lock: Lock) -> Iterator[Risk]:
    """The concentration index, in the bands competition authorities use."""
    if not (lock.models and lock.workflows):
        return
    hhi = lock.concentration.hhi
    if hhi > HHI_HIGH:
        level, sentence = RiskLevel.HIGH, f"HHI {hhi}: highly concentrated (above {HHI_HIGH})."
    elif hhi >= HHI_MODERATE:
        level = RiskLevel.MEDIUM
        sentence = f"HHI {hhi}: moderately concentrated ({HHI_MODERATE} to {HHI_HIGH})."
    else:
        level, sentence = RiskLevel.NOTE, f"HHI {hhi}: unconcentrated (below {HHI_MODERATE})."
    yield Risk(level, "hhi", sentence, hhi / 10000)


def _floating(lock: Lock) -> Iterator[Risk]:
    """Models a vendor can change under the same name."""
    floating = sorted(m.id for m in lock.models if m.pin is PinStatus.FLOATING)
    if not floating:
        return
    what = "1 model floats" if len(floating) == 1 else f"{len(floating)} models float"
    them = "it runs" if len(floating) == 1 else "they run"
    yield Risk(
        RiskLevel.MEDIUM,
        "floating",
        f"{what}: a vendor can change what {them} without a code change.",
        len(floating),
        tuple(floating),
    )


def _hard_coded(rows: tuple[WorkflowRow, ...]) -> Iterator[Risk]:
    """Workflows whose model only a code change can switch."""
    fixed = [r for r in rows if not r.configurable and not r.switchable]
    if not (fixed and rows):
        return
    yield Risk(
        RiskLevel.LOW,
        "hard-coded",
        f"{len(fixed)} of {plural(len(rows), 'workflow')} hard-code their model: "
        "switching vendor needs a code change.",
        len(fixed),
        tuple(r.name for r in fixed),
    )


def _unpinned(lock: Lock) -> Iterator[Risk]:
    """Models the code alone cannot pin (deployment names, unknown ids)."""
    unpinned = sorted(
        m.id for m in lock.models if m.pin in (PinStatus.DEPLOYMENT, PinStatus.UNKNOWN)
    )
    if not unpinned:
        return
    yield Risk(
        RiskLevel.NOTE,
        "unpinned",
        f"{plural(len(unpinned), 'model')} cannot be pinned from the code alone "
        f"(deployment names or unknown ids): {_listing(unpinned)}.",
        len(unpinned),
        tuple(unpinned),
    )


def _unknown_vendor(lock: Lock) -> Iterator[Risk]:
    """Models of unknown lineage: the only thing that distorts the shares."""
    # Shares follow lineage, so only an unknown lineage distorts them; an unknown maker of a
    # model whose weights say where they come from (a local build FROM llama3.1) is a note.
    unknown = sorted(m.id for m in lock.models if m.lineage_vendor == UNKNOWN_VENDOR)
    if not unknown:
        return
    yield Risk(
        RiskLevel.LOW,
        "unknown-vendor",
        f"{plural(len(unknown), 'model')} of unknown lineage: "
        f"{_listing(unknown)}; their shares count as 'unknown'.",
        len(unknown),
        tuple(unknown),
    )


def _unknown_maker(lock: Lock) -> Iterator[Risk]:
    """Models built by an unknown party on a base of known lineage."""
    unknown_maker = sorted(
        m.id
        for m in lock.models
        if m.vendor == UNKNOWN_VENDOR and m.lineage_vendor != UNKNOWN_VENDOR
    )
    if not unknown_maker:
        return
    yield Risk(
        RiskLevel.NOTE,
        "unknown-maker",
        f"{plural(len(unknown_maker), 'model')} built by an unknown party on a known base: "
        f"{_listing(unknown_maker)}; they count for their base model's vendor.",
        len(unknown_maker),
        tuple(unknown_maker),
    )


def _unreferenced_install(lock: Lock) -> Iterator[Risk]:
    """Installed models no code references."""
    spare = sorted({i.name for i in lock.unreferenced_installs})
    if not spare:
        return
    yield Risk(
        RiskLevel.NOTE,
        "unreferenced-install",
        f"{plural(len(spare), 'installed Ollama model')} no code references: "
        f"{_listing(spare)} (unused disk, or a dependency the scan cannot see).",
        len(spare),
        tuple(spare),
    )
