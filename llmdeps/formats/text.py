"""Presentation helpers shared by the report formats: labels, numbers, bars and report lines.

Pure text with no markup and no Rich: each format escapes what these return its own way. The
labels of licences are catalog data (`llmdeps/catalog/licenses.yaml`). `plural` is defined in
the analysis, which writes risk sentences with it, and is re-exported here; `display_name` lives
with the model types in `llmdeps.model`.
"""

from __future__ import annotations

from llmdeps.analysis.exit import STATUS_MEANING, ExitSimulation, ExitStatus
from llmdeps.analysis.report import ModelAlternatives, Summary
from llmdeps.analysis.risks import plural as plural
from llmdeps.catalog import license_labels
from llmdeps.model import Alternative, Vendor

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
            f"{s.models} ({_pins(s)}; {s.open_weights} open weights)",
        ),
        ("workflows", str(s.workflows)),
        ("references", f"{s.references} in {plural(s.files, 'file')}"),
        ("lineage vendors", str(s.vendors)),
        ("top vendor", top),
        ("HHI", f"{s.hhi} of 10000"),
        ("portability", percent(s.portability)),
        ("installs", installs),
        *((("catalog", f"reviewed {s.catalog_reviewed}"),) if s.catalog_reviewed else ()),
    )


def _pins(s: Summary) -> str:
    parts = [f"{s.pinned} pinned", f"{s.digest_locked} digest-locked", f"{s.floating} floating"]
    if s.local:
        parts.append(f"{s.local} local")
    if s.other:
        parts.append(f"{s.other} other")
    return ", ".join(parts)


def percent(share: float) -> str:
    """0.625 -> `62.5%`, 1.0 -> `100%`."""
    value = round(share * 100, 1)
    return f"{value:g}%"


def alternatives_heading(entry: ModelAlternatives) -> str:
    """`llama3.1:8b (chat, 8B) ->`, or the line saying the catalog has none."""
    size = f", {size_label(entry.parameters_b)}" if entry.parameters_b else ""
    if not entry.alternatives:
        return f"{entry.name} ({entry.task}{size}) -> no {entry.task} model of another vendor"
    return f"{entry.name} ({entry.task}{size}) ->"


def alternative_items(entry: ModelAlternatives) -> tuple[str, ...]:
    """One line per alternative: what to write or pull, vendor, licence class, size, source."""
    return tuple(_alternative(a, a.name in entry.in_use) for a in entry.alternatives)


_CLASS_NOTE = {
    "open": "open licence",
    "community": "community licence with conditions",
    "non-production": "NON-PRODUCTION use only",
    "proprietary": "hosted API",
}


def _alternative(a: Alternative, used: bool) -> str:
    note = _CLASS_NOTE.get(a.license_class or "", "")
    parts = [f"{a.vendor}, {license_label(a.license)}" + (f" ({note})" if note else "")]
    if a.parameters_b:
        parts.append(size_label(a.parameters_b))
    if a.runtime == "ollama":
        parts.append(f"ollama pull {a.ollama_tag}")
    elif a.runtime == "huggingface":
        parts.append("Hugging Face repo")
    if used:
        parts.append("already used here")
    if a.source:
        parts.append(f"source {a.source}")
    return f"{a.name}: " + "; ".join(parts)


def alternatives_line(entry: ModelAlternatives) -> str:
    """`llama3.1:8b -> gemma2:9b (Google, Gemma terms), qwen2.5:7b (Alibaba, Apache-2.0)`."""
    if not entry.alternatives:
        return f"{entry.name} -> no {entry.task} model of another vendor in the catalog"
    shown = ", ".join(
        f"{a.name} ({a.vendor}, {license_label(a.license)}"
        f"{', already used here' if a.name in entry.in_use else ''})"
        for a in entry.alternatives
    )
    return f"{entry.name} -> {shown}"


def exit_headline(sim: ExitSimulation) -> str:
    """`Without Meta: 1 workflow stops working, 2 keep working on frozen open weights, ...`."""
    if not any(w.status is not ExitStatus.UNAFFECTED for w in sim.workflows):
        return (
            f"No workflow calls or offers any {sim.vendor} model: "
            f"nothing changes without {sim.vendor}."
        )
    parts = [
        f"{plural(len(group), 'workflow')} {_HEADLINE[status][len(group) != 1]}"
        for status in ExitStatus
        if (group := sim.with_status(status))
    ]
    return f"Without {sim.vendor}: " + "; ".join(parts) + "."


_HEADLINE = {
    ExitStatus.LOST: ("stops working", "stop working"),
    ExitStatus.API_WITHDRAWN: ("stops in part", "stop in part"),
    ExitStatus.DEGRADED: ("runs on its fallback", "run on their fallbacks"),
    ExitStatus.FROZEN: ("runs on frozen open weights", "run on frozen open weights"),
    ExitStatus.SWITCHABLE: (
        "switches to another vendor's option",
        "switch to another vendor's option",
    ),
    ExitStatus.UNAFFECTED: ("is unaffected", "are unaffected"),
}


def exit_groups(sim: ExitSimulation) -> tuple[tuple[ExitStatus, str, tuple[str, ...]], ...]:
    """(status, what it means, one sentence per workflow) for each status present, worst first."""
    return tuple(
        (status, STATUS_MEANING[status], tuple(w.sentence for w in group))
        for status in ExitStatus
        if (group := sim.with_status(status))
    )


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
    "change and fall back to another vendor, or let users pick among several vendors' models: "
    "100% means every workflow survives any single vendor's exit."
)
