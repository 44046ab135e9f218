"""The audit report: figures, ranked risks, tables, a vendor exit simulation and alternatives.

`build_report(lock, catalog, without=..., date=...)` is pure: everything comes from the lock and,
for alternatives only, the catalog. The analysis it gathers lives beside it: `fallbacks.py` (what
each declared fallback reaches), `matrix.py` (workflow x vendor rows), `exit.py` (the vendor exit
simulation) and `risks.py`. The formats in `llmdeps/formats/report_*.py` render a Report; nothing
here prints. The same lock always gives the same Report (no clock, no environment): a date
appears only when one is asked for.

Alternatives: for each model of the simulated vendor and of any vendor above half the workflows,
models of other vendors from the catalog, same task and runtime (`catalog/alternatives.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol
from uuid import UUID, uuid5

from llmdeps.analysis.exit import ExitSimulation, exit_vendor, simulate
from llmdeps.analysis.fallbacks import FallbackResolver
from llmdeps.analysis.figures import figures
from llmdeps.analysis.matrix import WorkflowRow, primary_models, workflow_rows
from llmdeps.analysis.middle import MiddleLayer, middle_layer
from llmdeps.analysis.risks import Risk, rank_risks
from llmdeps.lockfile import dump
from llmdeps.lockfile.model import (
    Lock,
    LockedModel,
    LockedPackage,
    VendorShare,
    WorkflowInfo,
)
from llmdeps.model import (
    UNKNOWN_VENDOR,
    Alternative,
    LoadedModel,
    ModelId,
    PinStatus,
    Runtime,
    Vendor,
    display_name,
)

ALTERNATIVES_LIMIT = 3
MAJORITY = 0.5
"""A vendor above this share of workflows gets alternatives suggested even when not simulated."""

_PINNED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)
LOCK_NAMESPACE = UUID("5f0c8d9e-3b1a-5c6d-9e7f-0a1b2c3d4e5f")
"""uuid5 namespace of lock ids: fixed, so a lock always gets the same id."""


class AlternativesSource(Protocol):
    """What the report needs from the catalog: open-weight alternatives from other vendors."""

    def alternatives(
        self,
        *,
        exclude_vendor: Vendor,
        task: str,
        parameters_b: float | None,
        limit: int = 3,
        runtime: Runtime | None = None,
    ) -> tuple[Alternative, ...]:
        """Models not from `exclude_vendor`, of this task, size and runtime (hosted: up to two
        hosted ones, then up to `limit - 1` open-weight ones)."""
        ...


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline figures."""

    models: int
    workflows: int
    references: int
    vendors: int
    """Distinct lineage vendors of the models (`unknown` counts as one)."""
    top_vendor: Vendor | None
    top_share: float
    hhi: int
    portability: float
    pinned: int
    """Models whose id names one immutable artifact (README: what each count means)."""
    floating: int
    open_weights: int
    installs: int
    unreferenced_installs: int
    install_sources: tuple[str, ...]
    workflow_weight: float = 0.0
    """Sum of the workflows' criticality weights: the total the workflow shares divide."""
    weighted: bool = False
    """True when some workflow weighs other than 1 (criticality): shares count weights."""
    catalog_reviewed: str | None = None
    """The day the catalog was last checked against its sources (`2026-12-03`)."""
    digest_locked: int = 0
    """Models with a floating name whose installed digest the lock records."""
    local: int = 0
    """Models that are a file on disk."""
    other: int = 0
    """Models of another pin status (a served deployment alias, unknown)."""
    files: int = 0
    """Files holding at least one reference."""


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One row of the models table."""

    id: ModelId
    vendor: Vendor
    lineage_vendor: Vendor
    family: str
    license: str
    open_weights: bool | None
    pin: PinStatus
    task: str
    parameters_b: float | None
    workflows: tuple[str, ...]
    references: int
    installed: bool | None
    known: bool


@dataclass(frozen=True, slots=True)
class ModelAlternatives:
    """Open-weight alternatives from other vendors for one model of a concentrated vendor."""

    model_id: ModelId
    name: str
    """The model as a person names it (`llama3.1:8b`)."""
    vendor: Vendor
    task: str
    parameters_b: float | None
    alternatives: tuple[Alternative, ...]
    in_use: tuple[str, ...] = ()
    """Ollama tags among the alternatives that the lock already depends on."""


@dataclass(frozen=True, slots=True)
class Audited:
    """What a report is about: the repository, its commit, and the lock by digest."""

    repository: str
    """The audited directory's name (never an absolute path)."""
    lock: str
    """The lock file, relative to the repository (or as given)."""
    lock_digest: str
    """`sha256:` and the hex digest of the lock file's bytes (of the lock built, with --scan)."""
    commit: str | None = None
    """The commit checked out, when the repository is a git work tree's root."""

    def line(self) -> str:
        """`demo at commit 1a2b3c4d5e6f, lock llmdeps.lock sha256:0a1b2c3d4e5f...`."""
        at = f" at commit {self.commit[:12]}" if self.commit else ""
        return f"{self.repository}{at}, lock {self.lock} {self.lock_digest[:19]}"


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report format renders."""

    tool_version: str
    lock_schema_version: int
    date: str | None
    summary: Summary
    vendor_shares: tuple[VendorShare, ...]
    """By workflows (weighted), largest first: the bar chart."""
    reference_shares: tuple[VendorShare, ...]
    risks: tuple[Risk, ...]
    models: tuple[ModelRow, ...]
    matrix_vendors: tuple[Vendor, ...]
    workflows: tuple[WorkflowRow, ...]
    exit: ExitSimulation | None
    alternatives: tuple[ModelAlternatives, ...]
    locked_models: tuple[LockedModel, ...]
    """Every model as the lock has it, with its installs, sorted by id: for formats that list
    every model and artifact (CycloneDX)."""
    locked_workflows: tuple[WorkflowInfo, ...]
    """Every workflow as the lock has it, sorted by name."""
    local_builds: tuple[ModelId, ...]
    """Ids of the models an `ollama create` in the repository builds: no registry supplies them."""
    lock_uuid: UUID = field(compare=False, repr=False)
    """uuid5 of the lock's text in LOCK_NAMESPACE: the same lock always gets the same id (the
    CycloneDX serial number). Not compared: two reports of one lock in another order are equal."""
    audited: Audited | None = None
    """The repository, commit and lock the report is about (set by `pipeline.report`)."""
    middle_layer: MiddleLayer = field(default_factory=MiddleLayer)
    """The gateways, SDKs, frameworks and runtimes each workflow goes through, and the
    advisories they hit."""
    locked_packages: tuple[LockedPackage, ...] = ()
    """Every package entry as the lock has it (CycloneDX `library` components)."""
    loaded: tuple[LoadedModel, ...] = ()
    """Models servers hold in memory now (Ollama `/api/ps`), when the report scanned first:
    machine state, never from the lock."""


def build_report(
    lock: Lock,
    catalog: AlternativesSource,
    *,
    without: str | None,
    date: str | None,
    middle: MiddleLayer | None = None,
    lock_text: str | None = None,
) -> Report:
    """The report for this lock; `without` simulates that vendor's exit (default: the top).
    `middle` is the middle layer as the run's advisories and environments see it (default: the
    lock's packages against the shipped advisories). `lock_text` is the lock file as read, when
    the report is of a file: its id is then that text's, not a fresh dump's (the same bytes for a
    lock `scan` wrote, and a dump of a large lock costs as much as reading it)."""
    models = {m.id: m for m in lock.models}
    # The report reads only references to models the lock holds.
    known = [r for r in lock.references if r.model_id in models]
    resolver = FallbackResolver(known, models, lock.fallbacks)
    primaries = primary_models(lock, resolver)
    spell = getattr(catalog, "vendor_for_organization", None)
    vendor = exit_vendor(lock, without, spell if callable(spell) else _no_spelling)
    simulation = (
        simulate(vendor, without is not None, lock, primaries, resolver) if vendor else None
    )
    shares = _sorted_shares(lock.concentration.by_workflows)
    counts = Counter(r.model_id for r in lock.references)  # one pass, not one per model
    columns, rows = workflow_rows(lock, primaries, resolver, shares)
    return Report(
        tool_version=lock.tool_version,
        lock_schema_version=lock.schema_version,
        date=date,
        summary=replace(_summary(lock), catalog_reviewed=_reviewed(catalog)),
        vendor_shares=shares,
        reference_shares=_sorted_shares(lock.concentration.by_references),
        risks=rank_risks(lock, rows, simulation),
        models=tuple(_model_row(m, counts[m.id]) for m in sorted(models.values(), key=_by_id)),
        matrix_vendors=columns,
        workflows=rows,
        exit=simulation,
        alternatives=_alternatives(lock, shares, vendor, catalog),
        locked_models=tuple(sorted(lock.models, key=_by_id)),
        locked_workflows=tuple(sorted(lock.workflows, key=lambda w: w.name)),
        local_builds=tuple(
            sorted({r.model_id for r in lock.references if "ollama create" in r.context})
        ),
        lock_uuid=uuid5(LOCK_NAMESPACE, dump(lock) if lock_text is None else lock_text),
        middle_layer=middle if middle is not None else middle_layer(lock),
        locked_packages=lock.packages,
    )


def _reviewed(catalog: AlternativesSource) -> str | None:
    reviewed = getattr(catalog, "reviewed", None)
    return reviewed if isinstance(reviewed, str) else None


def _no_spelling(name: str) -> str | None:
    """A catalog without organisation spellings (a test double): take the name as written."""
    return name


def _by_id(m: LockedModel) -> str:
    return m.id


def _sorted_shares(shares: Iterable[VendorShare]) -> tuple[VendorShare, ...]:
    return tuple(sorted(shares, key=lambda s: (-s.share, -s.count, s.vendor)))


def _summary(lock: Lock) -> Summary:
    c = lock.concentration
    f = figures(lock)
    return Summary(
        models=f.models,
        workflows=f.workflows,
        references=f.references,
        vendors=len({m.lineage_vendor for m in lock.models}),
        top_vendor=c.top_vendor,
        top_share=c.top_share,
        hhi=c.hhi,
        portability=c.portability,
        pinned=f.pinned,
        floating=f.floating,
        open_weights=f.open_weights,
        digest_locked=f.digest_locked,
        local=f.local,
        other=f.other,
        files=f.files,
        installs=sum(len(m.installs) for m in lock.models) + len(lock.unreferenced_installs),
        unreferenced_installs=len(lock.unreferenced_installs),
        install_sources=lock.install_sources,
        workflow_weight=sum(w.weight for w in lock.workflows),
        weighted=any(w.weight != 1.0 for w in lock.workflows),
    )


def _model_row(m: LockedModel, references: int) -> ModelRow:
    return ModelRow(
        id=m.id,
        vendor=m.vendor,
        lineage_vendor=m.lineage_vendor,
        family=m.family,
        license=m.license,
        open_weights=m.open_weights,
        pin=m.pin,
        task=m.task,
        parameters_b=m.parameters_b,
        workflows=m.workflows,
        references=references,
        installed=m.installed,
        known=m.known,
    )


def _alternatives(
    lock: Lock,
    shares: tuple[VendorShare, ...],
    vendor: Vendor | None,
    catalog: AlternativesSource,
) -> tuple[ModelAlternatives, ...]:
    """For each model of the simulated vendor and of any vendor above half the workflows."""
    vendors = {s.vendor for s in shares if s.share > MAJORITY}
    if vendor:
        vendors.add(vendor)
    vendors.discard(UNKNOWN_VENDOR)
    used = {display_name(m.id).casefold() for m in lock.models if m.runtime is Runtime.OLLAMA}
    out = []
    # The simulated vendor's models first, then the other concentrated vendors' by name.
    for m in sorted(
        lock.models, key=lambda m: (m.lineage_vendor != vendor, m.lineage_vendor, m.id)
    ):
        if m.lineage_vendor not in vendors:
            continue
        found = catalog.alternatives(
            exclude_vendor=m.lineage_vendor,
            task=m.task,
            parameters_b=m.parameters_b,
            limit=ALTERNATIVES_LIMIT,
            runtime=m.runtime,
        )
        found = tuple(found)[: ALTERNATIVES_LIMIT + 1]
        in_use = tuple(a.name for a in found if _tag_in(a.name, used))
        out.append(
            ModelAlternatives(
                m.id, display_name(m.id), m.lineage_vendor, m.task, m.parameters_b, found, in_use
            )
        )
    return tuple(out)


def _tag_in(tag: str, used: set[str]) -> bool:
    wanted = tag.casefold()
    return wanted in used or (":" not in wanted and f"{wanted}:latest" in used)
