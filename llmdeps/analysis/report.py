"""The audit report: figures, ranked risks, tables, a vendor exit simulation and alternatives.

`build_report(lock, catalog, without=..., date=...)` is pure: everything comes from the lock and,
for alternatives only, the catalog. The formats in `llmdeps/formats/report_*.py` render a Report;
nothing here prints. The same lock always gives the same Report (no clock, no environment): a date
appears only when one is asked for.

Exit simulation, per workflow, for vendor V (matched case-insensitively against lineage vendors):

* unaffected: none of the workflow's primary models (the ones its code calls, not fallback-only
  targets) descends from V;
* degraded: some do, and each of them has a declared fallback (LiteLLM fallbacks, a model group's
  other deployments, `.with_fallbacks`, transitively) that reaches a model of another vendor;
* lost: some primary model of V has no such fallback. `remaining` lists the workflow's primary
  models of other vendors that keep working (a mixed workflow is partly lost).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from llmdeps.analysis.fallbacks import UNKNOWN, FallbackResolver, display_name
from llmdeps.errors import UsageError
from llmdeps.lockfile.model import Lock, LockedModel, LockedReference, VendorShare, WorkflowInfo
from llmdeps.model import Alternative, PinStatus, RefKind, Runtime

HHI_HIGH = 2500
"""Above this, competition authorities call a market highly concentrated (US DOJ/FTC 2023)."""
HHI_MODERATE = 1500
ALTERNATIVES_LIMIT = 3
MAJORITY = 0.5
"""A vendor above this share of workflows gets alternatives suggested even when not simulated."""

_PINNED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)
_HIGH_CRITICALITY = ("critical", "high")


class AlternativesSource(Protocol):
    """What the report needs from the catalog: open-weight alternatives from other vendors."""

    def alternatives(
        self, *, exclude_vendor: str, task: str, parameters_b: float | None, limit: int = 3
    ) -> tuple[Alternative, ...]:
        """Up to `limit` open-weight models not from `exclude_vendor`, of this task and size."""
        ...


class Severity(StrEnum):
    """How much a risk matters, most severe first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NOTE = "note"


_SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}


class Cell(StrEnum):
    """A workflow's relation to a vendor in the matrix."""

    PRIMARY = "primary"
    """The workflow calls a model of this vendor."""
    FALLBACK = "fallback"
    """A model of this vendor is only a fallback target."""
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Risk:
    """One risk in a plain sentence."""

    severity: Severity
    code: str
    """Stable identifier: vendor-concentration, no-cross-vendor-fallback, floating, hhi, ..."""
    sentence: str
    size: float
    """How many workflows or models it touches (ranks risks of equal severity)."""
    subjects: tuple[str, ...] = ()
    """Workflow names or model ids it is about."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline figures."""

    models: int
    workflows: int
    references: int
    vendors: int
    """Distinct lineage vendors of the models (`unknown` counts as one)."""
    top_vendor: str | None
    top_share: float
    hhi: int
    portability: float
    pinned: int
    """Pinned by id, by installed digest, or a local file."""
    floating: int
    open_weights: int
    installs: int
    unreferenced_installs: int
    install_sources: tuple[str, ...]
    workflow_weight: float = 0.0
    """Sum of the workflows' criticality weights: the total the workflow shares divide."""
    weighted: bool = False
    """True when some workflow weighs other than 1 (criticality): shares count weights."""


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One row of the models table."""

    id: str
    vendor: str
    lineage_vendor: str
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
class WorkflowRow:
    """One workflow: its models and its row of the workflow x vendor matrix."""

    name: str
    owner: str | None
    criticality: str | None
    weight: float
    models: tuple[str, ...]
    """Primary models: the ones its code calls."""
    fallback_models: tuple[str, ...]
    """Models reached only as fallback targets."""
    vendors: tuple[str, ...]
    """Lineage vendors of the primary models."""
    fallback_vendors: tuple[str, ...]
    configurable: bool
    cross_vendor_fallback: bool
    cells: tuple[Cell, ...]
    """Aligned with Report.matrix_vendors."""


@dataclass(frozen=True, slots=True)
class WorkflowImpact:
    """What one workflow loses when a vendor exits."""

    workflow: str
    criticality: str | None
    lost_models: tuple[str, ...]
    """Its primary models from the exiting vendor."""
    fallback: tuple[str, ...] = ()
    """Degraded: the models of other vendors it falls back to."""
    remaining: tuple[str, ...] = ()
    """Its primary models of other vendors, which keep working."""


@dataclass(frozen=True, slots=True)
class ExitSimulation:
    """What happens to each workflow if one vendor stops serving or releasing models."""

    vendor: str
    requested: bool
    """True for --without, False when the top vendor was simulated by default."""
    models: tuple[str, ...]
    """The lock's models of this lineage vendor."""
    lost: tuple[WorkflowImpact, ...]
    degraded: tuple[WorkflowImpact, ...]
    unaffected: tuple[str, ...]
    fallback_lost: tuple[str, ...] = ()
    """Unaffected workflows that lose a fallback to this vendor: they run, with less cover."""


@dataclass(frozen=True, slots=True)
class ModelAlternatives:
    """Open-weight alternatives from other vendors for one model of a concentrated vendor."""

    model_id: str
    name: str
    """The model as a person names it (`llama3.1:8b`)."""
    vendor: str
    task: str
    parameters_b: float | None
    alternatives: tuple[Alternative, ...]
    in_use: tuple[str, ...] = ()
    """Ollama tags among the alternatives that the lock already depends on."""


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
    matrix_vendors: tuple[str, ...]
    workflows: tuple[WorkflowRow, ...]
    exit: ExitSimulation | None
    alternatives: tuple[ModelAlternatives, ...]
    lock: Lock | None = field(default=None, compare=False, repr=False)
    """The lock it was built from, for formats that list every model (CycloneDX); two reports of
    the same lock in another order are equal."""


def build_report(
    lock: Lock, catalog: AlternativesSource, *, without: str | None, date: str | None
) -> Report:
    """The report for this lock; `without` simulates that vendor's exit (default: the top)."""
    models = {m.id: m for m in lock.models}
    # The report reads only references to models the lock holds.
    known = [r for r in lock.references if r.model_id in models]
    graph = FallbackResolver(known, models, lock.fallbacks)
    primaries = {w.name: _primary_models(w, lock.references, models, graph) for w in lock.workflows}
    vendor = _exit_vendor(lock, without)
    simulation = (
        _simulate(vendor, without is not None, lock, primaries, models, graph) if vendor else None
    )
    shares = _sorted_shares(lock.concentration.by_workflows)
    columns, rows = _workflow_rows(lock, primaries, models, graph, shares)
    return Report(
        tool_version=lock.tool_version,
        lock_schema_version=lock.schema_version,
        date=date,
        summary=_summary(lock),
        vendor_shares=shares,
        reference_shares=_sorted_shares(lock.concentration.by_references),
        risks=_risks(lock, rows, simulation),
        models=tuple(_model_row(m, lock.references) for m in sorted(models.values(), key=_by_id)),
        matrix_vendors=columns,
        workflows=rows,
        exit=simulation,
        alternatives=_alternatives(lock, shares, vendor, catalog),
        lock=lock,
    )


def plural(n: float, one: str, many: str | None = None) -> str:
    """`1 workflow`, `3 workflows`, `2.5 workflows` (at most two decimals)."""
    word = one if n == 1 else (many or one + "s")
    shown = f"{round(n, 2):g}"
    return f"{shown} {word}"


def _by_id(m: LockedModel) -> str:
    return m.id


def _sorted_shares(shares: Iterable[VendorShare]) -> tuple[VendorShare, ...]:
    return tuple(sorted(shares, key=lambda s: (-s.share, -s.count, s.vendor)))


def _lock_vendors(lock: Lock) -> list[str]:
    found = {m.lineage_vendor for m in lock.models}
    for w in lock.workflows:
        found.update(w.vendors)
    found.update(s.vendor for s in lock.concentration.by_workflows)
    return sorted(found, key=str.lower)


def _exit_vendor(lock: Lock, without: str | None) -> str | None:
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


def _primary_models(
    w: WorkflowInfo,
    references: tuple[LockedReference, ...],
    models: dict[str, LockedModel],
    graph: FallbackResolver,
) -> tuple[str, ...]:
    """The workflow's models its code uses directly, not only as a fallback target.

    A model is fallback-only when every reference to it in the workflow is a fallback target, or
    is a config entry (a LiteLLM deployment) that another of the workflow's models falls back to.
    """
    kinds: dict[str, set[RefKind]] = {}
    for r in references:
        if r.workflow == w.name and r.model_id in models:
            kinds.setdefault(r.model_id, set()).add(r.kind)
    candidates = sorted(set(w.models) | set(kinds))
    backups: set[str] = set()
    for mid in candidates:
        backups |= graph.backups(w.name, mid)
    primary = []
    for mid in candidates:
        found = kinds.get(mid, set())
        if found and found <= {RefKind.FALLBACK}:
            continue
        if mid in backups and found <= {RefKind.CONFIG, RefKind.FALLBACK}:
            continue
        primary.append(mid)
    return tuple(primary or candidates)


def _simulate(
    vendor: str,
    requested: bool,
    lock: Lock,
    primaries: dict[str, tuple[str, ...]],
    models: dict[str, LockedModel],
    graph: FallbackResolver,
) -> ExitSimulation:
    lost: list[WorkflowImpact] = []
    degraded: list[WorkflowImpact] = []
    unaffected: list[str] = []
    fallback_lost: list[str] = []
    for w in sorted(lock.workflows, key=lambda w: w.name):
        own = primaries[w.name]
        hit = tuple(m for m in own if graph.vendor(m) == vendor)
        if not hit:
            unaffected.append(w.name)
            backups = set().union(*(graph.reachable(w.name, m) for m in own)) if own else set()
            backups |= set(w.models) - set(own)
            if any(graph.vendor(b) == vendor for b in backups):
                fallback_lost.append(w.name)
            continue
        remaining = tuple(m for m in own if graph.vendor(m) != vendor)
        fallback: set[str] = set()
        covered = True
        for mid in hit:
            # A fallback to a model nobody can identify is no proof of another vendor.
            others = {
                t
                for t in graph.reachable(w.name, mid)
                if graph.vendor(t) not in (vendor, UNKNOWN)
            }
            fallback |= others
            covered = covered and bool(others)
        if not fallback and w.cross_vendor_fallback and set(w.fallback_vendors) - {vendor, UNKNOWN}:
            # The workflow analysis saw a cross-vendor fallback that the lock's fallbacks do not
            # name by model: trust it, and name the workflow's other models of other vendors.
            fallback = {
                m
                for m in w.models
                if m not in own and graph.vendor(m) not in (vendor, UNKNOWN)
            }
            covered = True
        impact = WorkflowImpact(w.name, w.criticality, hit, tuple(sorted(fallback)), remaining)
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


def _workflow_rows(
    lock: Lock,
    primaries: dict[str, tuple[str, ...]],
    models: dict[str, LockedModel],
    graph: FallbackResolver,
    shares: tuple[VendorShare, ...],
) -> tuple[tuple[str, ...], tuple[WorkflowRow, ...]]:
    """The matrix columns (vendors by workflow share, then others by name) and the rows."""
    rows = []
    for w in sorted(lock.workflows, key=lambda w: w.name):
        own = primaries[w.name]
        reach: set[str] = set(w.models) - set(own)
        for mid in own:
            reach |= graph.reachable(w.name, mid)
        backups = tuple(sorted(reach - set(own)))
        vendors = tuple(sorted({graph.vendor(m) for m in own}, key=str.lower))
        fb_vendors = tuple(
            sorted(
                ({graph.vendor(m) for m in backups} | set(w.fallback_vendors)) - set(vendors),
                key=str.lower,
            )
        )
        rows.append(
            WorkflowRow(
                name=w.name,
                owner=w.owner,
                criticality=w.criticality,
                weight=w.weight,
                models=own,
                fallback_models=backups,
                vendors=vendors,
                fallback_vendors=fb_vendors,
                configurable=w.configurable,
                cross_vendor_fallback=w.cross_vendor_fallback or bool(set(fb_vendors) - {UNKNOWN}),
                cells=(),
            )
        )
    columns = tuple(s.vendor for s in shares)
    extra = {v for r in rows for v in r.vendors + r.fallback_vendors} - set(columns)
    columns += tuple(sorted(extra, key=str.lower))
    return columns, tuple(
        replace(
            r,
            cells=tuple(
                Cell.PRIMARY
                if v in r.vendors
                else Cell.FALLBACK
                if v in r.fallback_vendors
                else Cell.NONE
                for v in columns
            ),
        )
        for r in rows
    )


def _summary(lock: Lock) -> Summary:
    c = lock.concentration
    return Summary(
        models=len(lock.models),
        workflows=len(lock.workflows),
        references=len(lock.references),
        vendors=len({m.lineage_vendor for m in lock.models}),
        top_vendor=c.top_vendor,
        top_share=c.top_share,
        hhi=c.hhi,
        portability=c.portability,
        pinned=sum(m.pin in _PINNED for m in lock.models),
        floating=sum(m.pin is PinStatus.FLOATING for m in lock.models),
        open_weights=sum(m.open_weights is True for m in lock.models),
        installs=sum(len(m.installs) for m in lock.models) + len(lock.unreferenced_installs),
        unreferenced_installs=len(lock.unreferenced_installs),
        install_sources=lock.install_sources,
        workflow_weight=sum(w.weight for w in lock.workflows),
        weighted=any(w.weight != 1.0 for w in lock.workflows),
    )


def _model_row(m: LockedModel, references: tuple[LockedReference, ...]) -> ModelRow:
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
        references=sum(r.model_id == m.id for r in references),
        installed=m.installed,
        known=m.known,
    )


def _listing(items: Iterable[str], limit: int = 4) -> str:
    shown = list(items)
    head = ", ".join(shown[:limit])
    return head + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


def _risks(
    lock: Lock, rows: tuple[WorkflowRow, ...], simulation: ExitSimulation | None
) -> tuple[Risk, ...]:
    risks: list[Risk] = []
    total = len(rows)
    top = lock.concentration.top_vendor
    if top and total:
        only = [r for r in rows if r.vendors == (top,) and not r.cross_vendor_fallback]
        mixed = [
            r
            for r in rows
            if top in r.vendors and len(r.vendors) > 1 and not r.cross_vendor_fallback
        ]
        backed = [r for r in rows if top in r.vendors and r.cross_vendor_fallback]
        exposed = only + mixed
        if exposed or backed:
            parts = [
                f"{len(only)} of {plural(total, 'workflow')} "
                f"{'depends' if len(only) == 1 else 'depend'} only on {top} models"
                if only
                else f"no workflow depends only on {top} models"
            ]
            if mixed:
                verb = "uses" if len(mixed) == 1 else "use"
                more = " more" if only else ""
                parts.append(
                    f"{len(mixed)}{more} {verb} {top} next to other vendors with no fallback"
                )
            parts.append(
                f"{len(backed)} {'falls' if len(backed) == 1 else 'fall'} back to another vendor"
                if backed
                else "none falls back to another vendor"
            )
            sentence = "; ".join(parts) + "."
            severity = (
                Severity.HIGH
                if len(exposed) * 2 > total
                else Severity.MEDIUM
                if exposed
                else Severity.LOW
            )
            risks.append(
                Risk(
                    severity,
                    "vendor-concentration",
                    sentence[0].upper() + sentence[1:],
                    len(exposed),
                    tuple(sorted(r.name for r in exposed)),
                )
            )
    for r in rows:
        crit = (r.criticality or "").lower()
        if crit in _HIGH_CRITICALITY and not r.cross_vendor_fallback:
            risks.append(
                Risk(
                    Severity.HIGH if crit == "critical" else Severity.MEDIUM,
                    "no-cross-vendor-fallback",
                    f"{r.name} ({crit}) has no fallback to another vendor.",
                    r.weight,
                    (r.name,),
                )
            )
    if simulation and simulation.lost:
        names = [i.workflow for i in simulation.lost]
        verb = "stops" if len(names) == 1 else "stop"
        risks.append(
            Risk(
                Severity.HIGH if len(names) * 2 > max(total, 1) else Severity.MEDIUM,
                "exit-loss",
                f"Without {simulation.vendor}, {plural(len(names), 'workflow')} {verb} "
                f"working: {_listing(names)}.",
                len(names),
                tuple(names),
            )
        )
    hhi = lock.concentration.hhi
    if lock.models and lock.workflows:
        if hhi > HHI_HIGH:
            risks.append(
                Risk(
                    Severity.HIGH,
                    "hhi",
                    f"HHI {hhi}: highly concentrated (above {HHI_HIGH}).",
                    hhi / 10000,
                )
            )
        elif hhi >= HHI_MODERATE:
            risks.append(
                Risk(
                    Severity.MEDIUM,
                    "hhi",
                    f"HHI {hhi}: moderately concentrated ({HHI_MODERATE} to {HHI_HIGH}).",
                    hhi / 10000,
                )
            )
        else:
            risks.append(
                Risk(
                    Severity.NOTE,
                    "hhi",
                    f"HHI {hhi}: unconcentrated (below {HHI_MODERATE}).",
                    hhi / 10000,
                )
            )
    floating = sorted(m.id for m in lock.models if m.pin is PinStatus.FLOATING)
    if floating:
        what = "1 model floats" if len(floating) == 1 else f"{len(floating)} models float"
        them = "it runs" if len(floating) == 1 else "they run"
        risks.append(
            Risk(
                Severity.MEDIUM,
                "floating",
                f"{what}: a vendor can change what {them} without a code change.",
                len(floating),
                tuple(floating),
            )
        )
    fixed = [r for r in rows if not r.configurable]
    if fixed and total:
        risks.append(
            Risk(
                Severity.LOW,
                "hard-coded",
                f"{len(fixed)} of {plural(total, 'workflow')} hard-code their model: "
                "switching vendor needs a code change.",
                len(fixed),
                tuple(r.name for r in fixed),
            )
        )
    unpinned = sorted(
        m.id for m in lock.models if m.pin in (PinStatus.DEPLOYMENT, PinStatus.UNKNOWN)
    )
    if unpinned:
        risks.append(
            Risk(
                Severity.NOTE,
                "unpinned",
                f"{plural(len(unpinned), 'model')} cannot be pinned from the code alone "
                f"(deployment names or unknown ids): {_listing(unpinned)}.",
                len(unpinned),
                tuple(unpinned),
            )
        )
    # Shares follow lineage, so only an unknown lineage distorts them; an unknown maker of a
    # model whose weights say where they come from (a local build FROM llama3.1) is a note.
    unknown = sorted(m.id for m in lock.models if m.lineage_vendor == "unknown")
    if unknown:
        risks.append(
            Risk(
                Severity.LOW,
                "unknown-vendor",
                f"{plural(len(unknown), 'model')} of unknown lineage: "
                f"{_listing(unknown)}; their shares count as 'unknown'.",
                len(unknown),
                tuple(unknown),
            )
        )
    unknown_maker = sorted(
        m.id for m in lock.models if m.vendor == "unknown" and m.lineage_vendor != "unknown"
    )
    if unknown_maker:
        risks.append(
            Risk(
                Severity.NOTE,
                "unknown-maker",
                f"{plural(len(unknown_maker), 'model')} built by an unknown party on a known base: "
                f"{_listing(unknown_maker)}; they count for their base model's vendor.",
                len(unknown_maker),
                tuple(unknown_maker),
            )
        )
    spare = sorted({i.name for i in lock.unreferenced_installs})
    if spare:
        risks.append(
            Risk(
                Severity.NOTE,
                "unreferenced-install",
                f"{plural(len(spare), 'installed Ollama model')} no code references: "
                f"{_listing(spare)} (unused disk, or a dependency the scan cannot see).",
                len(spare),
                tuple(spare),
            )
        )
    return tuple(sorted(risks, key=lambda r: (_SEVERITY_RANK[r.severity], -r.size, r.sentence)))


def _alternatives(
    lock: Lock,
    shares: tuple[VendorShare, ...],
    vendor: str | None,
    catalog: AlternativesSource,
) -> tuple[ModelAlternatives, ...]:
    """For each model of the simulated vendor and of any vendor above half the workflows."""
    vendors = {s.vendor for s in shares if s.share > MAJORITY}
    if vendor:
        vendors.add(vendor)
    vendors.discard("unknown")
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
        )
        found = tuple(found)[:ALTERNATIVES_LIMIT]
        in_use = tuple(a.ollama_tag for a in found if _tag_in(a.ollama_tag, used))
        out.append(
            ModelAlternatives(
                m.id, display_name(m.id), m.lineage_vendor, m.task, m.parameters_b, found, in_use
            )
        )
    return tuple(out)


def _tag_in(tag: str, used: set[str]) -> bool:
    wanted = tag.casefold()
    return wanted in used or (":" not in wanted and f"{wanted}:latest" in used)


# Presentation helpers shared by the report formats (pure text, no Rich).

_LICENSE_LABELS = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "gemma": "Gemma terms",
    "qwen": "Qwen license",
    "llama2": "Llama 2 Community",
    "llama3": "Llama 3 Community",
    "llama3.1": "Llama 3.1 Community",
    "llama3.2": "Llama 3.2 Community",
    "llama3.3": "Llama 3.3 Community",
    "llama4": "Llama 4 Community",
    "qwen-research": "Qwen Research license",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "deepseek": "DeepSeek license",
    "mnpl": "Mistral Non-Production License",
    "mrl": "Mistral Research License",
    "bigcode-openrail-m": "BigCode OpenRAIL-M",
    "modified-mit": "modified MIT",
    "glm-4": "GLM-4 license",
    "chatglm": "ChatGLM license",
    "falcon-llm": "Falcon LLM license",
    "falcon-180b": "Falcon-180B TII license",
    "jamba-open-model": "Jamba Open Model license",
    "nvidia-community-model": "NVIDIA Community Model license",
    "proprietary": "proprietary",
}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def license_label(license_id: str) -> str:
    """`apache-2.0` -> `Apache-2.0`, `gemma` -> `Gemma terms`; other ids as they are."""
    return _LICENSE_LABELS.get(license_id.lower(), license_id)


def bar(share: float, width: int = 40) -> str:
    """A horizontal bar of block characters, `width` cells for a share of 1.0, in eighths."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def share_count(count: float, summary: Summary) -> str:
    """`2 workflows`, or `weight 6.25 of 15` when workflows carry criticality weights."""
    if summary.weighted:
        return f"weight {round(count, 2):g} of {round(summary.workflow_weight, 2):g}"
    return plural(round(count, 2), "workflow")


def summary_rows(s: Summary) -> tuple[tuple[str, str], ...]:
    """The summary figures as (label, text) rows, unescaped: every format shows the same ones."""
    top = f"{s.top_vendor} ({percent(s.top_share)} of workflows)" if s.top_vendor else "none"
    installs = (
        f"{s.installs} ({s.unreferenced_installs} not referenced)"
        if s.install_sources
        else "not read"
    )
    return (
        (
            "models",
            f"{s.models} ({s.pinned} pinned, {s.floating} floating, "
            f"{s.open_weights} open weights)",
        ),
        ("workflows", str(s.workflows)),
        ("references", str(s.references)),
        ("lineage vendors", str(s.vendors)),
        ("top vendor", top),
        ("HHI", f"{s.hhi} of 10000"),
        ("portability", percent(s.portability)),
        ("Ollama installs", installs),
    )


def percent(share: float) -> str:
    """0.625 -> `62.5%`, 1.0 -> `100%`."""
    value = round(share * 100, 1)
    return f"{value:g}%"


def alternatives_line(entry: ModelAlternatives) -> str:
    """`llama3.1:8b -> gemma2:9b (Google, Gemma terms), qwen2.5:7b (Alibaba, Apache-2.0)`."""
    if not entry.alternatives:
        return f"{entry.name} -> no open-weight {entry.task} model of another vendor in the catalog"
    shown = ", ".join(
        f"{a.ollama_tag} ({a.vendor}, {license_label(a.license)}"
        f"{', already used here' if a.ollama_tag in entry.in_use else ''})"
        for a in entry.alternatives
    )
    return f"{entry.name} -> {shown}"


def unaffected_line(sim: ExitSimulation) -> str:
    """`search, triage (triage loses its fallback to OpenAI)`, or `none`."""
    if not sim.unaffected:
        return "none"
    line = ", ".join(sim.unaffected)
    if sim.fallback_lost:
        names = ", ".join(sim.fallback_lost)
        verb = "loses its" if len(sim.fallback_lost) == 1 else "lose their"
        line += f" ({names} {verb} fallback to {sim.vendor})"
    return line


def impact_line(impact: WorkflowImpact, *, degraded: bool) -> str:
    """One exit-simulation line for a lost or degraded workflow."""
    crit = f" ({impact.criticality})" if impact.criticality else ""
    lost = ", ".join(display_name(m) for m in impact.lost_models)
    if degraded:
        to = ", ".join(display_name(m) for m in impact.fallback) or "another vendor"
        return f"{impact.workflow}{crit}: loses {lost}, falls back to {to}"
    line = f"{impact.workflow}{crit}: loses {lost}, no fallback to another vendor"
    if impact.remaining:
        verb = "keeps" if len(impact.remaining) == 1 else "keep"
        line += f"; {', '.join(display_name(m) for m in impact.remaining)} {verb} working"
    return line


def vendor_label(vendor: str, lineage_vendor: str) -> str:
    """`Meta`, or `Nous Research (Meta lineage)` for a fine-tune of another vendor's model."""
    return vendor if vendor == lineage_vendor else f"{vendor} ({lineage_vendor} lineage)"


def open_weights_label(value: bool | None) -> str:
    """yes / no / ?"""
    return "?" if value is None else ("yes" if value else "no")


def size_label(parameters_b: float | None) -> str:
    """8.0 -> `8B`, 0.5 -> `0.5B`, None -> ``."""
    return "" if parameters_b is None else f"{parameters_b:g}B"


HOW_TO_READ = (
    "HHI (Herfindahl-Hirschman index) is the sum of the squared vendor shares in percent: "
    "near 0 is spread over many vendors, 10000 is a single vendor; above 2500 is highly "
    "concentrated. Portability is the share of workflows that can switch model without a code "
    "change and fall back to another vendor: 100% means every workflow survives any single "
    "vendor's exit."
)
