"""The workflow x vendor matrix: each workflow's primary and fallback models and their vendors.

A workflow's primary models are the ones its code calls; a model it reaches only as a declared
fallback target (or as a LiteLLM deployment another of its models falls back to) is a fallback
model. The matrix has one column per lineage vendor, in the order of the vendor shares (then the
others by name), and marks each vendor a workflow uses as primary or only as fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.lockfile.model import Lock, VendorShare, WorkflowInfo, WorkflowModel
from llmdeps.model import UNKNOWN_VENDOR, ModelId, ModelUse, RefKind, Vendor


class Cell(StrEnum):
    """A workflow's relation to a vendor in the matrix."""

    PRIMARY = "primary"
    """The workflow calls or offers (a runtime option) a model of this vendor."""
    FALLBACK = "fallback"
    """A model of this vendor is only a fallback target."""
    NONE = "none"


@dataclass(frozen=True, slots=True)
class WorkflowRow:
    """One workflow: its models and its row of the workflow x vendor matrix."""

    name: str
    owner: str | None
    criticality: str | None
    weight: float
    models: tuple[ModelId, ...]
    """Primary models: the ones its code calls."""
    fallback_models: tuple[ModelId, ...]
    """Models reached only as fallback targets."""
    vendors: tuple[Vendor, ...]
    """Lineage vendors of the primary models."""
    fallback_vendors: tuple[Vendor, ...]
    configurable: bool
    cross_vendor_fallback: bool
    cells: tuple[Cell, ...]
    """Aligned with Report.matrix_vendors."""
    switchable: bool = False
    """Its models are runtime options across several lineage vendors (issue 10)."""
    uses: tuple[WorkflowModel, ...] = ()
    """How it depends on each model: calls, fallback or option (the lock's `uses`)."""


def primary_models(lock: Lock, resolver: FallbackResolver) -> dict[str, tuple[ModelId, ...]]:
    """Workflow name -> the models its code uses directly, not only as a fallback target.

    A model is fallback-only when every reference to it in the workflow is a fallback target, or
    is a config entry (a LiteLLM deployment) that another of the workflow's models falls back to.
    A workflow whose every model is fallback-only keeps them all as primary.
    """
    held = {m.id for m in lock.models}
    kinds: dict[str, dict[ModelId, set[RefKind]]] = {}  # workflow -> model id -> reference kinds
    for r in lock.references:
        if r.model_id in held:
            kinds.setdefault(r.workflow, {}).setdefault(r.model_id, set()).add(r.kind)
    return {
        w.name: _from_uses(w, held) or _primary(w, kinds.get(w.name, {}), resolver)
        for w in lock.workflows
    }


def _from_uses(w: WorkflowInfo, held: set[ModelId]) -> tuple[ModelId, ...]:
    """The workflow's called and offered models as the lock records them (issue 10), if it does."""
    return tuple(
        sorted(u.model for u in w.uses if u.use is not ModelUse.FALLBACK and u.model in held)
    )


def _primary(
    w: WorkflowInfo, kinds: Mapping[ModelId, set[RefKind]], resolver: FallbackResolver
) -> tuple[ModelId, ...]:
    candidates = sorted(set(w.models) | set(kinds))
    backups: set[ModelId] = set()
    for mid in candidates:
        backups |= resolver.backups(w.name, mid)
    primary = []
    for mid in candidates:
        found = kinds.get(mid, set())
        if found and found <= {RefKind.FALLBACK}:
            continue
        if mid in backups and found <= {RefKind.CONFIG, RefKind.FALLBACK}:
            continue
        primary.append(mid)
    return tuple(primary or candidates)


def workflow_rows(
    lock: Lock,
    primaries: Mapping[str, tuple[ModelId, ...]],
    resolver: FallbackResolver,
    shares: tuple[VendorShare, ...],
) -> tuple[tuple[Vendor, ...], tuple[WorkflowRow, ...]]:
    """The matrix columns (vendors by workflow share, then others by name) and the rows."""
    rows = [
        _row(w, primaries[w.name], resolver) for w in sorted(lock.workflows, key=lambda w: w.name)
    ]
    columns = tuple(s.vendor for s in shares)
    extra = {v for r in rows for v in r.vendors + r.fallback_vendors} - set(columns)
    columns += tuple(sorted(extra, key=str.lower))
    return columns, tuple(replace(r, cells=_cells(r, columns)) for r in rows)


def _row(w: WorkflowInfo, own: tuple[ModelId, ...], resolver: FallbackResolver) -> WorkflowRow:
    reach: set[ModelId] = set(w.models) - set(own)
    for mid in own:
        reach |= resolver.reachable(w.name, mid)
    backups = tuple(sorted(reach - set(own)))
    vendors = tuple(sorted({resolver.vendor(m) for m in own}, key=str.lower))
    fb_vendors = tuple(
        sorted(
            ({resolver.vendor(m) for m in backups} | set(w.fallback_vendors)) - set(vendors),
            key=str.lower,
        )
    )
    return WorkflowRow(
        name=w.name,
        owner=w.owner,
        criticality=w.criticality,
        weight=w.weight,
        models=own,
        fallback_models=backups,
        vendors=vendors,
        fallback_vendors=fb_vendors,
        configurable=w.configurable,
        cross_vendor_fallback=w.cross_vendor_fallback or bool(set(fb_vendors) - {UNKNOWN_VENDOR}),
        cells=(),
        switchable=w.switchable,
        uses=w.uses,
    )


def _cells(row: WorkflowRow, columns: tuple[str, ...]) -> tuple[Cell, ...]:
    return tuple(
        Cell.PRIMARY
        if v in row.vendors
        else Cell.FALLBACK
        if v in row.fallback_vendors
        else Cell.NONE
        for v in columns
    )
