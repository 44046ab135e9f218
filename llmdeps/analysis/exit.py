"""The vendor exit simulation: what each workflow loses if one lineage vendor goes away.

Per workflow, for vendor V (matched case-insensitively against lineage vendors):

* unaffected: none of the workflow's primary models (the ones its code calls, not fallback-only
  targets) descends from V;
* degraded: some do, and each of them has a declared fallback (LiteLLM fallbacks, a model group's
  other deployments, `.with_fallbacks`, transitively) that reaches a model of another vendor;
* lost: some primary model of V has no such fallback. `remaining` lists the workflow's primary
  models of other vendors that keep working (a mixed workflow is partly lost).

Without `--without`, the simulated vendor is the top vendor by workflows (else the one with the
most models).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.errors import UsageError
from llmdeps.lockfile.model import Lock, WorkflowInfo
from llmdeps.model import UNKNOWN_VENDOR, ModelId, Vendor


@dataclass(frozen=True, slots=True)
class WorkflowImpact:
    """What one workflow loses when a vendor exits."""

    workflow: str
    criticality: str | None
    lost_models: tuple[ModelId, ...]
    """Its primary models from the exiting vendor."""
    fallback: tuple[ModelId, ...] = ()
    """Degraded: the models of other vendors it falls back to."""
    remaining: tuple[ModelId, ...] = ()
    """Its primary models of other vendors, which keep working."""


@dataclass(frozen=True, slots=True)
class ExitSimulation:
    """What happens to each workflow if one vendor stops serving or releasing models."""

    vendor: Vendor
    requested: bool
    """True for --without, False when the top vendor was simulated by default."""
    models: tuple[ModelId, ...]
    """The lock's models of this lineage vendor."""
    lost: tuple[WorkflowImpact, ...]
    degraded: tuple[WorkflowImpact, ...]
    unaffected: tuple[str, ...]
    fallback_lost: tuple[str, ...] = ()
    """Unaffected workflows that lose a fallback to this vendor: they run, with less cover."""


def exit_vendor(lock: Lock, without: str | None) -> Vendor | None:
    """The vendor to simulate: `without` as the lock spells it, else the top vendor.

    Raises UsageError when `without` names no vendor of the lock.
    """
    vendors = _lock_vendors(lock)
    if without is None:
        if lock.concentration.top_vendor:
            return lock.concentration.top_vendor
        counts = {v: sum(m.lineage_vendor == v for m in lock.models) for v in vendors}
        return min(counts, key=lambda v: (-counts[v], v)) if counts else None
    wanted = without.strip().casefold()
    for v in vendors:
        if v.casefold() == wanted:
            return v
    listed = ", ".join(vendors) if vendors else "none (the lock has no models)"
    raise UsageError(
        f"--without {without!r}: no model in the lock is from that vendor; "
        f"vendors in the lock: {listed}"
    )


def _lock_vendors(lock: Lock) -> list[Vendor]:
    found = {m.lineage_vendor for m in lock.models}
    for w in lock.workflows:
        found.update(w.vendors)
    found.update(s.vendor for s in lock.concentration.by_workflows)
    return sorted(found, key=str.lower)


def simulate(
    vendor: Vendor,
    requested: bool,
    lock: Lock,
    primaries: Mapping[str, tuple[ModelId, ...]],
    resolver: FallbackResolver,
) -> ExitSimulation:
    """The exit of `vendor`, workflow by workflow (sorted by name)."""
    lost: list[WorkflowImpact] = []
    degraded: list[WorkflowImpact] = []
    unaffected: list[str] = []
    fallback_lost: list[str] = []
    for w in sorted(lock.workflows, key=lambda w: w.name):
        own = primaries[w.name]
        hit = tuple(m for m in own if resolver.vendor(m) == vendor)
        if not hit:
            unaffected.append(w.name)
            if _loses_a_fallback(w, own, vendor, resolver):
                fallback_lost.append(w.name)
            continue
        impact, covered = _impact(w, own, hit, vendor, resolver)
        (degraded if covered else lost).append(impact)
    return ExitSimulation(
        vendor=vendor,
        requested=requested,
        models=tuple(sorted(m.id for m in lock.models if m.lineage_vendor == vendor)),
        lost=tuple(lost),
        degraded=tuple(degraded),
        unaffected=tuple(unaffected),
        fallback_lost=tuple(fallback_lost),
    )


def _loses_a_fallback(
    w: WorkflowInfo, own: tuple[ModelId, ...], vendor: Vendor, resolver: FallbackResolver
) -> bool:
    backups = set().union(*(resolver.reachable(w.name, m) for m in own)) if own else set()
    backups |= set(w.models) - set(own)
    return any(resolver.vendor(b) == vendor for b in backups)


def _impact(
    w: WorkflowInfo,
    own: tuple[ModelId, ...],
    hit: tuple[ModelId, ...],
    vendor: Vendor,
    resolver: FallbackResolver,
) -> tuple[WorkflowImpact, bool]:
    """What the workflow loses, and whether every lost model has a fallback to another vendor."""
    remaining = tuple(m for m in own if resolver.vendor(m) != vendor)
    fallback: set[ModelId] = set()
    covered = True
    for mid in hit:
        # A fallback to a model nobody can identify is no proof of another vendor.
        others = {
            t
            for t in resolver.reachable(w.name, mid)
            if resolver.vendor(t) not in (vendor, UNKNOWN_VENDOR)
        }
        fallback |= others
        covered = covered and bool(others)
    if (
        not fallback
        and w.cross_vendor_fallback
        and set(w.fallback_vendors) - {vendor, UNKNOWN_VENDOR}
    ):
        # The workflow analysis saw a cross-vendor fallback that the lock's fallbacks do not
        # name by model: trust it, and name the workflow's other models of other vendors.
        fallback = {
            m
            for m in w.models
            if m not in own and resolver.vendor(m) not in (vendor, UNKNOWN_VENDOR)
        }
        covered = True
    impact = WorkflowImpact(w.name, w.criticality, hit, tuple(sorted(fallback)), remaining)
    return impact, covered
