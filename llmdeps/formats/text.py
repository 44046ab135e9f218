"""Presentation helpers shared by the report formats: labels, numbers, bars and report lines.

Pure text with no markup and no Rich: each format escapes what these return its own way. The
labels of licences are catalog data (`llmdeps/catalog/licenses.yaml`). `plural` is defined in
the analysis, which writes risk sentences with it, and is re-exported here; `display_name` lives
with the model types in `llmdeps.model`.
"""

from __future__ import annotations

from llmdeps.analysis.exit import ExitSimulation, WorkflowImpact
from llmdeps.analysis.report import ModelAlternatives, Summary
from llmdeps.analysis.risks import plural as plural
from llmdeps.catalog import license_labels
from llmdeps.model import Vendor, display_name

_EIGHTHS = " ▏▎▍▌▋▊▉"


def license_label(license_id: str) -> str:
    """`apache-2.0` -> `Apache-2.0`, `gemma` -> `Gemma terms`; other ids as they are."""
    return license_labels().get(license_id.lower(), license_id)


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
        ("installs", installs),
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


def vendor_label(vendor: Vendor, lineage_vendor: Vendor) -> str:
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
