"""`llmdeps report --format html`: one self-contained page for an audit file.

Inline CSS, an inline SVG bar chart of vendor shares, no script and no external fetch (no fonts,
images or stylesheets from anywhere). Every value from the lock is HTML-escaped. Deterministic: no
date unless one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from llmdeps.analysis.matrix import Cell
from llmdeps.analysis.report import Report
from llmdeps.formats import middle_text
from llmdeps.formats.text import (
    HOW_TO_READ,
    alternative_items,
    alternatives_heading,
    exit_groups,
    exit_headline,
    license_label,
    open_weights_label,
    percent,
    share_count,
    summary_rows,
)
from llmdeps.model import display_name

name = "html"

_CELLS = {
    Cell.PRIMARY: ("uses", "primary"),
    Cell.FALLBACK: ("fallback", "fallback"),
    Cell.NONE: ("", "none"),
}
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:70rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;
text-align:left;vertical-align:top}th{background:#f6f8fa}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}td code{white-space:nowrap}
.meta,.how{color:#57606a}.sev{display:inline-block;min-width:4.5rem;font-weight:600}
.high{color:#b3261e}.medium{color:#9a6700}.low{color:#0969da}.note{color:#57606a}
td.primary{background:#dbe9ff;text-align:center}td.fallback{background:#fff4d6;text-align:center}
td.none{text-align:center}
svg text{font:13px system-ui,sans-serif;fill:#1b1f24}
"""

BAR_WIDTH = 420
ROW = 24


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Header and cells are already escaped HTML (a cell may carry a `<td ...>` of its own)."""
    out = ["<table>", "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return out


def _chart(report: Report) -> list[str]:
    shares = report.vendor_shares
    if not shares:
        return ["<p>No workflows.</p>"]
    label = 8 * max(len(s.vendor) for s in shares) + 16
    width = label + BAR_WIDTH + 180
    height = ROW * len(shares) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="vendor share of workflows">'
    ]
    for i, s in enumerate(shares):
        y = i * ROW + 2
        w = round(BAR_WIDTH * max(0.0, min(1.0, s.share)), 1)
        text = f"{percent(s.share)} ({share_count(s.count, report.summary)})"
        out += [
            f'<text x="0" y="{y + 16}">{_e(s.vendor)}</text>',
            f'<rect x="{label}" y="{y + 3}" width="{BAR_WIDTH}" height="16" fill="#eaeef2"/>',
            f'<rect x="{label}" y="{y + 3}" width="{w}" height="16" fill="#0969da"/>',
            f'<text x="{label + BAR_WIDTH + 8}" y="{y + 16}">{_e(text)}</text>',
        ]
    out.append("</svg>")
    return out


def render(report: Report) -> str:
    """The report as one HTML page."""
    s = report.summary
    meta = f"llmdeps {report.tool_version}, lock schema {report.lock_schema_version}"
    if report.date:
        meta += f", {report.date}"
    if report.audited:
        meta += f"; audited: {report.audited.line()}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No network: a strict CSP forbids every fetch; styles are inline.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        "<title>LLM dependency report</title>",
        f"<style>{_CSS.strip()}</style></head>",
        "<body>",
        "<h1>LLM dependency report</h1>",
        f'<p class="meta">{_e(meta)}</p>',
        "<h2>Summary</h2>",
    ]
    out += _table(("figure", "value"), ((k, _e(v)) for k, v in summary_rows(s)))
    out += [f'<p class="how">How to read this: {_e(HOW_TO_READ)}</p>']
    out += ["<h2>Vendor share of workflows</h2>", *_chart(report), "<h2>Risks</h2>"]
    if report.risks:
        out.append("<ol>")
        out += [
            f'<li><span class="sev {r.severity.value}">{r.severity.value}</span> '
            f"{_e(r.sentence)}</li>"
            for r in report.risks
        ]
        out.append("</ol>")
    else:
        out.append("<p>None found.</p>")
    out.append("<h2>Models</h2>")
    if report.models:
        out += _table(
            ("model", "vendor", "lineage", "license", "open weights", "pin", "task", "workflows"),
            (
                (
                    f"<code>{_e(m.id)}</code>",
                    _e(m.vendor),
                    _e(m.lineage_vendor),
                    _e(license_label(m.license)),
                    open_weights_label(m.open_weights),
                    _e(m.pin.value),
                    _e(m.task),
                    _e(", ".join(m.workflows)),
                )
                for m in report.models
            ),
        )
    else:
        out.append("<p>No models.</p>")
    out.append("<h2>Workflows &times; vendors</h2>")
    if report.workflows:
        out += _table(
            ("workflow", "criticality", *(_e(v) for v in report.matrix_vendors), "configurable"),
            (
                (
                    _e(w.name),
                    _e(w.criticality or ""),
                    *(f'<td class="{_CELLS[c][1]}">{_CELLS[c][0]}</td>' for c in w.cells),
                    "yes" if w.configurable else "no",
                )
                for w in report.workflows
            ),
        )
    else:
        out.append("<p>No workflows.</p>")
    sim = report.exit
    if sim is not None:
        why = "as asked" if sim.requested else "the top vendor"
        models = ", ".join(display_name(m) for m in sim.models) or "none"
        out += [
            f"<h2>Vendor exit: without {_e(sim.vendor)} ({why})</h2>",
            f"<p>{_e(sim.vendor)} models: {_e(models)}</p>",
            f"<p>{_e(exit_headline(sim))}</p>",
        ]
        for status, meaning, sentences in exit_groups(sim):
            out += [
                f"<h3>{_e(status.value)} ({len(sentences)}): {_e(meaning)}</h3>",
                "<ul>",
                *(f"<li>{_e(line)}</li>" for line in sentences),
                "</ul>",
            ]
        out += [
        ]
    if report.alternatives:
        out += ["<h2>Alternatives from other vendors</h2>", "<ul>"]
        for a in report.alternatives:
            items = "".join(f"<li>{_e(line)}</li>" for line in alternative_items(a))
            nested = f"<ul>{items}</ul>" if items else ""
            out.append(f"<li>{_e(alternatives_heading(a))}{nested}</li>")
        out.append("</ul>")
    middle = report.middle_layer
    if middle_text.shown(middle):
        out += [f"<h2>{_e(middle_text.TITLE)}</h2>"]
        out += [f"<p>{_e(middle_text.summary_line(middle))}</p>"]
        for layer in middle.workflows:
            out += [f"<h3>{_e(layer.workflow)}</h3>", "<ul>"]
            out += [f"<li>{_e(middle_text.package_text(row))}</li>" for row in layer.packages]
            out.append("</ul>")
        if middle.hits or middle.payloads:
            out += ["<h3>Advisories hit</h3>", "<ul>"]
            out += [f"<li>{_e(middle_text.hit_text(hit))}</li>" for hit in middle.hits]
            out += [f"<li>payload: {_e(p)}</li>" for p in middle.payloads]
            out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
