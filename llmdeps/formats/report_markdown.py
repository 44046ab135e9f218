"""`llmdeps report --format markdown`: the audit report for an audit file or a pull request.

GitHub-flavoured Markdown: headings, tables (a `|` in any value is escaped as `\\|`, a line break
becomes a space), the vendor shares as a text bar chart in a code block, and a short "how to read
this" line for HHI and portability. Deterministic: no date unless one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from llmdeps.analysis.matrix import Cell
from llmdeps.analysis.report import Report
from llmdeps.formats import middle_text
from llmdeps.formats.text import (
    HOW_TO_READ,
    alternative_items,
    alternatives_heading,
    bar,
    exit_groups,
    exit_headline,
    license_label,
    open_weights_label,
    percent,
    share_count,
    summary_rows,
)
from llmdeps.model import display_name

name = "markdown"

BAR_WIDTH = 30
_CELLS = {Cell.PRIMARY: "uses", Cell.FALLBACK: "fallback", Cell.NONE: ""}


def cell(text: str) -> str:
    """A value that is safe inside a table cell: `|` escaped, no line breaks."""
    flat = " ".join(text.replace("\\", "\\\\").split())
    return flat.replace("|", "\\|")


def inline(text: str) -> str:
    """A value as a code span that is safe inside a table cell or a list item."""
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{' '.join(text.split()).replace('|', chr(92) + '|')}{pad}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table; header and cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(report: Report) -> str:
    """The report as Markdown."""
    s = report.summary
    out = ["# LLM dependency report", ""]
    meta = f"llmdeps {cell(report.tool_version)}, lock schema {report.lock_schema_version}"
    if report.date:
        meta += f", {cell(report.date)}"
    out += [meta + "."]
    if report.audited:
        out += ["", f"Audited: {cell(report.audited.line())}."]
    out += ["", "## Summary", ""]
    out += table(("figure", "value"), ((k, cell(v)) for k, v in summary_rows(s)))
    out += ["", f"How to read this: {HOW_TO_READ}", "", "## Vendor share of workflows", ""]
    if report.vendor_shares:
        wide = max(len(v.vendor) for v in report.vendor_shares)
        out.append("```text")
        for v in report.vendor_shares:
            out.append(
                f"{v.vendor:<{wide}}  {bar(v.share, BAR_WIDTH):<{BAR_WIDTH}}  "
                f"{percent(v.share):>6}  {share_count(v.count, report.summary)}".rstrip()
            )
        out.append("```")
    else:
        out.append("No workflows.")
    out += ["", "## Risks", ""]
    if report.risks:
        out += [
            f"{i}. **{r.severity.value}**: {cell(r.sentence)}"
            for i, r in enumerate(report.risks, 1)
        ]
    else:
        out.append("None found.")
    out += ["", "## Models", ""]
    if report.models:
        out += table(
            (
                "model",
                "vendor",
                "lineage",
                "license",
                "open weights",
                "pin",
                "task",
                "workflows",
            ),
            (
                (
                    inline(m.id),
                    cell(m.vendor),
                    cell(m.lineage_vendor),
                    cell(license_label(m.license)),
                    open_weights_label(m.open_weights),
                    m.pin.value,
                    cell(m.task),
                    cell(", ".join(m.workflows)),
                )
                for m in report.models
            ),
        )
    else:
        out.append("No models.")
    out += ["", "## Workflows x vendors", ""]
    if report.workflows:
        out += table(
            ("workflow", "criticality", *(cell(v) for v in report.matrix_vendors), "configurable"),
            (
                (
                    cell(w.name),
                    cell(w.criticality or ""),
                    *(_CELLS[c] for c in w.cells),
                    "yes" if w.configurable else "no",
                )
                for w in report.workflows
            ),
        )
        out += [
            "",
            "`uses`: the workflow calls or offers a model of this vendor; "
            "`fallback`: only as a fallback.",
        ]
    else:
        out.append("No workflows.")
    sim = report.exit
    if sim is not None:
        why = "as asked" if sim.requested else "the top vendor"
        out += ["", f"## Vendor exit: without {cell(sim.vendor)} ({why})", ""]
        models = ", ".join(inline(display_name(m)) for m in sim.models) or "none"
        out += [f"{cell(sim.vendor)} models: {models}.", ""]
        out += [cell(exit_headline(sim)), ""]
        for status, meaning, sentences in exit_groups(sim):
            out.append(f"- **{status.value}** ({len(sentences)}): {cell(meaning)}.")
            out += [f"  - {cell(line)}" for line in sentences]
    if report.alternatives:
        out += ["", "## Alternatives from other vendors", ""]
        for a in report.alternatives:
            out.append(f"- {cell(alternatives_heading(a))}")
            out += [f"  - {cell(line)}" for line in alternative_items(a)]
    middle = report.middle_layer
    if middle_text.shown(middle):
        out += ["", f"## {middle_text.TITLE}", "", cell(middle_text.summary_line(middle)) + "."]
        for layer in middle.workflows:
            out += ["", f"**{cell(layer.workflow)}**", ""]
            out += [f"- {cell(middle_text.package_text(row))}" for row in layer.packages]
        if middle.hits:
            out += ["", "Advisories hit:", ""]
            out += [f"- {cell(middle_text.hit_text(hit))}" for hit in middle.hits]
        out += [f"- payload: {cell(p)}" for p in middle.payloads]
    return "\n".join(out) + "\n"
