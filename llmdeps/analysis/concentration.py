"""Vendor concentration (README: Metrics): shares by workflows and references, HHI, portability.

* by workflows: each workflow counts with its weight (criticality), split evenly between the
  lineage vendors of its models; shares sum to 1.
* by references: each reference counts once for its model's lineage vendor.
* top vendor / top share: the largest share by workflows; ties go to the name sorted first.
* HHI: round(sum((share * 100) ** 2)) over the shares by workflows, 0..10000.
* portability: weighted share of workflows that are configurable and have a cross-vendor
  fallback, or are switchable (their models are runtime options across several lineage vendors).

`unknown` (a model the catalog cannot place) counts as a vendor of its own: it is a dependency
whose concentration risk nobody has assessed, and hiding it would make a portfolio look spread
out that may not be. Shares are rounded to 4 decimals (the lock's precision); the HHI is computed
from the unrounded shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from llmdeps.lockfile.model import (
    EMPTY_CONCENTRATION,
    Concentration,
    LockedModel,
    LockedReference,
    VendorShare,
    WorkflowInfo,
)
from llmdeps.model import UNKNOWN_VENDOR, ModelId, Vendor

_DIGITS = 4


def _shares(
    counts: Mapping[Vendor, float],
) -> tuple[tuple[VendorShare, ...], dict[Vendor, float]]:
    total = sum(counts.values())
    if total <= 0:
        return (), {}
    exact = {vendor: count / total for vendor, count in counts.items()}
    ordered = sorted(counts, key=lambda v: (-exact[v], v))
    shares = tuple(
        VendorShare(v, round(exact[v], _DIGITS), round(counts[v], _DIGITS)) for v in ordered
    )
    return shares, exact


def compute_concentration(
    workflows: tuple[WorkflowInfo, ...],
    references: tuple[LockedReference, ...],
    models: dict[ModelId, LockedModel],
) -> Concentration:
    """Concentration figures for the lock; EMPTY_CONCENTRATION when nothing depends on a model."""
    by_wf: dict[Vendor, float] = defaultdict(float)
    total_weight = 0.0
    portable_weight = 0.0
    for w in workflows:
        vendors = w.vendors or (UNKNOWN_VENDOR,)
        for vendor in vendors:
            by_wf[vendor] += w.weight / len(vendors)
        total_weight += w.weight
        if (w.configurable and w.cross_vendor_fallback) or w.switchable:
            portable_weight += w.weight
    by_ref: dict[Vendor, float] = defaultdict(float)
    for r in references:
        model = models.get(r.model_id)
        by_ref[model.lineage_vendor if model else UNKNOWN_VENDOR] += 1
    wf_shares, exact = _shares(by_wf)
    ref_shares, _ = _shares(by_ref)
    if not wf_shares and not ref_shares:
        return EMPTY_CONCENTRATION
    top = wf_shares[0] if wf_shares else None
    hhi = round(sum((share * 100) ** 2 for share in exact.values()))
    portability = portable_weight / total_weight if total_weight > 0 else 0.0
    return Concentration(
        by_workflows=wf_shares,
        by_references=ref_shares,
        top_vendor=top.vendor if top else None,
        top_share=top.share if top else 0.0,
        hhi=hhi,
        portability=round(portability, _DIGITS),
    )
