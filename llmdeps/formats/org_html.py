"""`llmdeps report LOCK... --format html`: the organisation's report as one self-contained page.

As `report_html.py`: inline CSS, inline SVG charts, no script and no external fetch (a strict
Content-Security-Policy), every value HTML-escaped, no date unless asked for. Long pages stay
readable: the charts show the top vendors and models and one `others` bar; a chart label longer
than LABEL_CHARS is cut with an ellipsis (the full name is the bar's tooltip and is in the
tables); the charts scale down with the page and table cells wrap, so nothing is cut off at
1280 px (checked in a headless Chromium by the tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from llmdeps.analysis.org import OrgReport
from llmdeps.formats.org_text import (
    TITLE,
    chart_shares,
    count_label,
    exit_lines,
    meta_line,
    models_shown,
    summary_rows,
    used_in_text,
)
from llmdeps.formats.text import license_label, percent
from llmdeps.model import display_name

name = "html"

BAR_COLOUR = "#0969da"
OTHERS_COLOUR = "#8c959f"
TRACK_COLOUR = "#eaeef2"
BAR_WIDTH = 480
ROW = 26
LABEL_CHARS = 28
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:70rem;padding:0 1rem;color:#1b1f24;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;max-width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}th{background:#f6f8fa}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.meta{color:#57606a}ul.wf{margin:0;padding-left:1.1rem}
svg{max-width:100%;height:auto}svg text{font:14px system-ui,sans-serif;fill:#1b1f24}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["<table>", "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    out.append("</table>")
    return out


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def chart(title: str, bars: Sequence[tuple[str, float, str, bool]]) -> list[str]:
    """An SVG bar chart: (label, fraction 0..1 of the bar width, value text, is `others`)."""
    if not bars:
        return ["<p>Nothing to show.</p>"]
    label = 8 * max(len(_label(b[0])) for b in bars) + 16
    width = label + BAR_WIDTH + 220
    height = ROW * len(bars) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">'
    ]
    for i, (text, fraction, value, others) in enumerate(bars):
        y = i * ROW + 2
        w = round(BAR_WIDTH * max(0.0, min(1.0, fraction)), 1)
        colour = OTHERS_COLOUR if others else BAR_COLOUR
        out += [
            f"<g><title>{_e(text)}: {_e(value)}</title>",
            f'<text x="0" y="{y + 17}">{_e(_label(text))}</text>',
            f'<rect x="{label}" y="{y + 4}" width="{BAR_WIDTH}" height="17" '
            f'fill="{TRACK_COLOUR}"/>',
            f'<rect x="{label}" y="{y + 4}" width="{w}" height="17" fill="{colour}"/>',
            f'<text x="{label + BAR_WIDTH + 8}" y="{y + 17}">{_e(value)}</text></g>',
        ]
    out.append("</svg>")
    return out


def vendor_bars(report: OrgReport) -> list[tuple[str, float, str, bool]]:
    """The vendor chart's bars: share of the organisation's workflows."""
    shares = chart_shares(report)
    others = len(shares) < len(report.vendor_shares)  # the last bar sums the rest
    return [
        (
            s.vendor,
            s.share,
            f"{percent(s.share)} ({count_label(s.count, report)})",
            others and i == len(shares) - 1,
        )
        for i, s in enumerate(shares)
    ]


def model_bars(report: OrgReport) -> list[tuple[str, float, str, bool]]:
    """The models chart's bars: share of the repositories that use each model."""
    total = report.summary.repositories or 1
    shown = models_shown(report)
    bars = [
        (display_name(m.id), len(m.used_in) / total, f"{len(m.used_in)} of {total}", False)
        for m in shown.rows
    ]
    if shown.others:
        bars.append(
            (
                f"{shown.others} other models",
                shown.others_repositories / total,
                f"{shown.others_repositories} of {total}",
                True,
            )
        )
    return bars


def render(report: OrgReport) -> str:
    """The org report as one HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(TITLE)}</title>",
        f"<style>{_CSS.strip()}</style></head>",
        "<body>",
        f"<h1>{_e(TITLE)}</h1>",
        f'<p class="meta">{_e(meta_line(report))}</p>',
        "<h2>Summary</h2>",
    ]
    out += _table(("figure", "value"), ((_e(k), _e(v)) for k, v in summary_rows(report)))
    out += ["<h2>Vendor share of workflows</h2>"]
    out += chart("vendor share of workflows", vendor_bars(report))
    out += ["<h2>Models by repositories using them</h2>"]
    out += chart("models by repositories using them", model_bars(report))
    head, lines = exit_lines(report)
    out += ["<h2>Vendor exit</h2>", f"<p>{_e(head)}</p>"]
    if lines:
        out += ["<ul>", *(f"<li>{_e(line)}</li>" for line in lines), "</ul>"]
    out += ["<h2>Repositories</h2>"]
    rows = []
    for r in report.repositories:
        wfs = "".join(
            f"<li><code>{_e(w.name)}</code>: {_e(', '.join(w.vendors) or 'unknown')}</li>"
            for w in r.workflows
        )
        top = f"{_e(r.top_vendor)} {percent(r.top_share)}" if r.top_vendor else "none"
        rows.append(
            (
                _e(r.name),
                f'<ul class="wf">{wfs}</ul>' if wfs else "none",
                top,
                str(r.hhi),
                percent(r.portability),
            )
        )
    out += _table(("repository", "workflows and vendors", "top vendor", "HHI", "portability"), rows)
    out += ["<h2>Models and where they are used</h2>"]
    shown = models_shown(report)
    model_rows = [
        (
            f"<code>{_e(display_name(m.id))}</code>",
            _e(m.lineage_vendor),
            _e(license_label(m.license)),
            _e(used_in_text(m)),
        )
        for m in shown.rows
    ]
    if shown.others:
        model_rows.append(
            (
                f"{shown.others} other models",
                "",
                "",
                f"{shown.others_repositories} repositories",
            )
        )
    out += _table(("model", "lineage vendor", "licence", "used in"), model_rows)
    out += ["<h2>Audited</h2>", '<ul class="meta">']
    out += [f"<li>{_e(r.audited.line())}</li>" for r in report.repositories]
    out += ["</ul>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
