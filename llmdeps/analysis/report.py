"""The audit report: figures, ranked risks, tables, a vendor exit simulation and alternatives.

`build_report(lock, catalog, without=..., date=...)` is pure: everything comes from the lock and,
for alternatives only, the catalog. The analysis it gathers lives beside it: `fallbacks.py` (what
each declared fallback reaches), `matrix.py` (workflow x vendor rows), `exit.py` (the vendor exit
simulation) and `risks.py`. The formats in `llmdeps/formats/report_*.py` render a Report; nothing
here prints. The same lock always gives the same Report (no clock, no environment): a date
appears only when one is asked for.

Alternatives: for each model of the simulated vendor and of any vendor above half the workflows,
up to three open-weight models of other vendors from the catalog, same task, closest size first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from llmdeps.analysis.exit import ExitSimulation, WorkflowImpact, exit_vendor, simulate
from llmdeps.analysis.fallbacks import UNKNOWN, FallbackResolver, display_name
from llmdeps.analysis.matrix import WorkflowRow, primary_models, workflow_rows
from llmdeps.analysis.risks import Risk, plural, rank_risks
from llmdeps.lockfile.model import Lock, LockedModel, LockedReference, VendorShare
from llmdeps.model import Alternative, PinStatus, Runtime

ALTERNATIVES_LIMIT = 3
MAJORITY = 0.5
"""A vendor above this share of workflows gets alternatives suggested even when not simulated."""

_PINNED = (PinStatus.PINNED, PinStatus.DIGEST, PinStatus.LOCAL)


class AlternativesSource(Protocol):
    """What the report needs from the catalog: open-weight alternatives from other vendors."""

    def alternatives(
        self, *, exclude_vendor: str, task: str, parameters_b: float | None, limit: int = 3
    ) -> tuple[Alternative, ...]:
        """Up to `limit` open-weight models not from `exclude_vendor`, of this task and size."""
        ...


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
    resolver = FallbackResolver(known, models, lock.fallbacks)
    primaries = primary_models(lock, resolver)
    vendor = exit_vendor(lock, without)
    simulation = (
        simulate(vendor, without is not None, lock, primaries, resolver) if vendor else None
    )
    shares = _sorted_shares(lock.concentration.by_workflows)
    columns, rows = workflow_rows(lock, primaries, resolver, shares)
    return Report(
        tool_version=lock.tool_version,
        lock_schema_version=lock.schema_version,
        date=date,
        summary=_summary(lock),
        vendor_shares=shares,
        reference_shares=_sorted_shares(lock.concentration.by_references),
        risks=rank_risks(lock, rows, simulation),
        models=tuple(_model_row(m, lock.references) for m in sorted(models.values(), key=_by_id)),
        matrix_vendors=columns,
        workflows=rows,
        exit=simulation,
        alternatives=_alternatives(lock, shares, vendor, catalog),
        lock=lock,
    )


def _by_id(m: LockedModel) -> str:
    return m.id


def _sorted_shares(shares: Iterable[VendorShare]) -> tuple[VendorShare, ...]:
    return tuple(sorted(shares, key=lambda s: (-s.share, -s.count, s.vendor)))


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
    vendors.discard(UNKNOWN)
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
