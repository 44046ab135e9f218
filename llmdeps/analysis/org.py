"""The organisation's report: many repositories' locks in one picture (issue 14, item 3).

`build_org_report(repos, without=..., date=...)` is pure. Each repository comes as its lock with
its derived figures already recomputed from the facts (`analysis/derived.rederive`), so nothing a
lock states about itself is trusted. The organisation's figures use the same definitions as one
repository's (README: Metrics), over every repository's workflows together:

* vendor shares by workflows: each workflow of each repository counts with its weight, split
  evenly between its lineage vendors; HHI over those shares (0..10000);
* shares by references: each reference of each repository counts once;
* the exit: one vendor (`--without`, else the organisation's top vendor) simulated in every
  repository that uses it (`analysis/exit.py`); the hits are listed repository by repository;
* where used: each model with the repositories and workflows that reference it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from llmdeps.analysis.concentration import compute_concentration
from llmdeps.analysis.exit import ExitStatus, WorkflowExit, simulate
from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.analysis.matrix import primary_models
from llmdeps.analysis.report import Audited, ModelAlternatives
from llmdeps.errors import UsageError
from llmdeps.lockfile.model import Lock, LockedModel, LockedPackage, VendorShare, WorkflowInfo
from llmdeps.model import UNKNOWN_VENDOR, ModelId, PinStatus, Vendor

_DIGITS = 4
_PINNED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)


@dataclass(frozen=True, slots=True)
class OrgRepoInput:
    """One repository as the org report reads it."""

    name: str
    """Unique among the inputs (the lock's directory name; a clash gets ` (2)`, ` (3)` ...)."""
    audited: Audited
    lock: Lock
    """With its derived figures recomputed from its facts."""


@dataclass(frozen=True, slots=True)
class OrgWorkflow:
    """One workflow of one repository."""

    name: str
    vendors: tuple[Vendor, ...]
    models: tuple[ModelId, ...]
    criticality: str | None
    weight: float
    cross_vendor_fallback: bool


@dataclass(frozen=True, slots=True)
class OrgRepo:
    """One repository's line in the org report, with its recomputed figures."""

    name: str
    audited: Audited
    workflows: tuple[OrgWorkflow, ...]
    models: int
    references: int
    vendors: tuple[Vendor, ...]
    top_vendor: Vendor | None
    top_share: float
    hhi: int
    portability: float
    pinned: int
    floating: int
    locked_models: tuple[LockedModel, ...]
    """Every model as its lock has it, sorted by id (for CycloneDX and SPDX)."""
    tool_version: str
    local_builds: tuple[ModelId, ...] = ()
    """Ids an `ollama create` in the repository builds."""
    alternatives: tuple[ModelAlternatives, ...] = ()
    """None in an org report (the catalog is not consulted); for the CycloneDX model context."""
    packages: tuple[LockedPackage, ...] = field(default=(), compare=False, repr=False)
    """The lock's `packages:` section (SPDX reads it)."""


@dataclass(frozen=True, slots=True)
class ExitHit:
    """A workflow of a repository that the simulated exit reaches (any status but unaffected)."""

    repository: str
    exit: WorkflowExit


HIT_ORDER: tuple[ExitStatus, ...] = (
    ExitStatus.LOST,
    ExitStatus.API_WITHDRAWN,
    ExitStatus.DEGRADED,
    ExitStatus.FROZEN,
    ExitStatus.SWITCHABLE,
)
"""The statuses a hit can have, worst first: the order hits are listed in."""


@dataclass(frozen=True, slots=True)
class OrgExit:
    """One vendor's exit across the organisation, workflow by workflow (issue 10's statuses)."""

    vendor: Vendor
    requested: bool
    """True for --without, False when the organisation's top vendor was simulated by default."""
    repositories: tuple[str, ...]
    """Repositories with at least one workflow the exit reaches."""
    hits: tuple[ExitHit, ...]
    """Every workflow the exit reaches, by repository, worst status first."""
    unaffected: int
    """Workflows, over every repository, that use no model of the vendor."""

    def with_status(self, status: ExitStatus) -> tuple[ExitHit, ...]:
        """The hits that end in this status."""
        return tuple(h for h in self.hits if h.exit.status is status)

    @property
    def statuses(self) -> dict[ExitStatus, int]:
        """How many workflows end in each status (every status, unaffected included)."""
        counts = {s: len(self.with_status(s)) for s in ExitStatus}
        counts[ExitStatus.UNAFFECTED] = self.unaffected
        return counts


@dataclass(frozen=True, slots=True)
class ModelUse:
    """Where one model is used: repositories and their workflows."""

    id: ModelId
    lineage_vendor: Vendor
    license: str
    open_weights: bool | None
    references: int
    used_in: tuple[tuple[str, tuple[str, ...]], ...]
    """(repository, its workflows that reference the model), sorted by repository."""


@dataclass(frozen=True, slots=True)
class OrgSummary:
    """The organisation's headline figures."""

    repositories: int
    workflows: int
    models: int
    """Distinct model ids over every repository."""
    references: int
    vendors: int
    top_vendor: Vendor | None
    top_share: float
    hhi: int
    portability: float
    workflow_weight: float
    weighted: bool


@dataclass(frozen=True, slots=True)
class OrgReport:
    """Everything an org report format renders."""

    tool_version: str
    date: str | None
    summary: OrgSummary
    vendor_shares: tuple[VendorShare, ...]
    """By workflows (weighted) over every repository, largest first."""
    reference_shares: tuple[VendorShare, ...]
    repositories: tuple[OrgRepo, ...]
    """Sorted by name."""
    exit: OrgExit | None
    models: tuple[ModelUse, ...]
    """Most widely used first (repositories, then references), then by id."""


def unique_names(names: Sequence[str]) -> tuple[str, ...]:
    """The names in order, a repeated one suffixed ` (2)`, ` (3)` ... so each is unique."""
    seen: dict[str, int] = {}
    taken = set(names)
    out = []
    for n in names:
        count = seen.get(n, 0) + 1
        seen[n] = count
        candidate = n if count == 1 else f"{n} ({count})"
        while count > 1 and candidate in taken:
            count += 1
            seen[n] = count
            candidate = f"{n} ({count})"
        taken.add(candidate)
        out.append(candidate)
    return tuple(out)


def _repo(r: OrgRepoInput) -> OrgRepo:
    lock = r.lock
    c = lock.concentration
    return OrgRepo(
        name=r.name,
        audited=r.audited,
        workflows=tuple(
            OrgWorkflow(
                w.name, w.vendors, w.models, w.criticality, w.weight, w.cross_vendor_fallback
            )
            for w in sorted(lock.workflows, key=lambda w: w.name)
        ),
        models=len(lock.models),
        references=len(lock.references),
        vendors=tuple(sorted({m.lineage_vendor for m in lock.models}, key=str.lower)),
        top_vendor=c.top_vendor,
        top_share=c.top_share,
        hhi=c.hhi,
        portability=c.portability,
        pinned=sum(m.pin in _PINNED for m in lock.models),
        floating=sum(m.pin is PinStatus.FLOATING for m in lock.models),
        locked_models=tuple(sorted(lock.models, key=lambda m: m.id)),
        tool_version=lock.tool_version,
        local_builds=tuple(
            sorted({r.model_id for r in lock.references if "ollama create" in r.context})
        ),
        packages=lock.packages,
    )


def _reference_shares(repos: Sequence[OrgRepoInput]) -> tuple[VendorShare, ...]:
    counts: dict[Vendor, int] = defaultdict(int)
    for r in repos:
        vendor_of = {m.id: m.lineage_vendor for m in r.lock.models}
        for ref in r.lock.references:
            counts[vendor_of.get(ref.model_id, UNKNOWN_VENDOR)] += 1
    total = sum(counts.values())
    if not total:
        return ()
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    return tuple(VendorShare(v, round(counts[v] / total, _DIGITS), counts[v]) for v in ordered)


def _org_vendors(repos: Sequence[OrgRepoInput]) -> list[Vendor]:
    found: set[Vendor] = set()
    for r in repos:
        found.update(m.lineage_vendor for m in r.lock.models)
        for w in r.lock.workflows:
            found.update(w.vendors)
    return sorted(found, key=str.lower)


def _exit_vendor(
    repos: Sequence[OrgRepoInput], top: Vendor | None, without: str | None
) -> Vendor | None:
    vendors = _org_vendors(repos)
    if without is None:
        return top if top is not None else (vendors[0] if vendors else None)
    wanted = without.strip().casefold()
    for v in vendors:
        if v.casefold() == wanted:
            return v
    listed = ", ".join(vendors) if vendors else "none (no lock has models)"
    raise UsageError(
        f"--without {without!r}: no repository uses a model from that vendor; "
        f"vendors in the locks: {listed}"
    )


def _exit(repos: Sequence[OrgRepoInput], vendor: Vendor, requested: bool) -> OrgExit:
    hits: list[ExitHit] = []
    unaffected = 0
    for r in repos:
        lock = r.lock
        if not any(vendor in w.vendors for w in lock.workflows):
            unaffected += len(lock.workflows)
            continue
        models = {m.id: m for m in lock.models}
        known = [ref for ref in lock.references if ref.model_id in models]
        resolver = FallbackResolver(known, models, lock.fallbacks)
        sim = simulate(vendor, requested, lock, primary_models(lock, resolver), resolver)
        for w in sim.workflows:
            if w.status is ExitStatus.UNAFFECTED:
                unaffected += 1
            else:
                hits.append(ExitHit(r.name, w))
    rank = {s: i for i, s in enumerate(HIT_ORDER)}
    hits.sort(key=lambda h: (h.repository, rank[h.exit.status], h.exit.workflow))
    repositories = tuple(sorted({h.repository for h in hits}))
    return OrgExit(vendor, requested, repositories, tuple(hits), unaffected)


def _model_uses(repos: Sequence[OrgRepoInput]) -> tuple[ModelUse, ...]:
    where: dict[ModelId, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    refs: dict[ModelId, int] = defaultdict(int)
    first: dict[ModelId, LockedModel] = {}
    for r in repos:
        models = {m.id: m for m in r.lock.models}
        for m in r.lock.models:
            first.setdefault(m.id, m)
            where[m.id].setdefault(r.name, set())
        for ref in r.lock.references:
            if ref.model_id in models:
                where[ref.model_id][r.name].add(ref.workflow)
                refs[ref.model_id] += 1
    uses = [
        ModelUse(
            id=mid,
            lineage_vendor=first[mid].lineage_vendor,
            license=first[mid].license,
            open_weights=first[mid].open_weights,
            references=refs[mid],
            used_in=tuple((repo, tuple(sorted(wfs))) for repo, wfs in sorted(by_repo.items())),
        )
        for mid, by_repo in where.items()
    ]
    return tuple(sorted(uses, key=lambda u: (-len(u.used_in), -u.references, u.id)))


def build_org_report(
    repos: Sequence[OrgRepoInput], *, without: str | None, date: str | None
) -> OrgReport:
    """The organisation's report over these repositories (any order: the report sorts them)."""
    ordered = sorted(repos, key=lambda r: r.name)
    workflows: tuple[WorkflowInfo, ...] = tuple(w for r in ordered for w in r.lock.workflows)
    c = compute_concentration(workflows, (), {})
    vendor = _exit_vendor(ordered, c.top_vendor, without)
    distinct = {m.id for r in ordered for m in r.lock.models}
    summary = OrgSummary(
        repositories=len(ordered),
        workflows=len(workflows),
        models=len(distinct),
        references=sum(len(r.lock.references) for r in ordered),
        vendors=len({m.lineage_vendor for r in ordered for m in r.lock.models}),
        top_vendor=c.top_vendor,
        top_share=c.top_share,
        hhi=c.hhi,
        portability=c.portability,
        workflow_weight=round(sum(w.weight for w in workflows), _DIGITS),
        weighted=any(w.weight != 1.0 for w in workflows),
    )
    versions = sorted({r.lock.tool_version for r in ordered})
    return OrgReport(
        tool_version=versions[-1] if versions else "",
        date=date,
        summary=summary,
        vendor_shares=c.by_workflows,
        reference_shares=_reference_shares(ordered),
        repositories=tuple(_repo(r) for r in ordered),
        exit=_exit(ordered, vendor, without is not None) if vendor else None,
        models=_model_uses(ordered),
    )


def top_with_others(
    shares: Sequence[VendorShare], limit: int
) -> tuple[tuple[VendorShare, ...], VendorShare | None]:
    """The first `limit` shares and one `others` share summing the rest (None when none)."""
    if len(shares) <= limit:
        return tuple(shares), None
    rest = shares[limit:]
    others = VendorShare(
        Vendor(f"{len(rest)} others"),
        round(sum(s.share for s in rest), _DIGITS),
        round(sum(s.count for s in rest), _DIGITS),
    )
    return tuple(shares[:limit]), others
