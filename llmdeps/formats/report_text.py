"""`llmdeps report --format text`: the audit report for a terminal, drawn with Rich.

Rendered into a string by a Console that is not a terminal and has no colour system, 100 columns
wide: the same report always gives the same bytes, piping gives plain text, and there is never an
ANSI escape (so NO_COLOR holds trivially).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from llmdeps.analysis.matrix import Cell
from llmdeps.analysis.report import Report
from llmdeps.formats import middle_text
from llmdeps.formats.installs import install_rows, loaded_lines
from llmdeps.formats.text import (
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
    vendor_label,
)
from llmdeps.model import display_name

name = "text"

WIDTH = 100
BAR_WIDTH = 40
_CELLS = {Cell.PRIMARY: "●", Cell.FALLBACK: "○", Cell.NONE: "·"}


def render(report: Report) -> str:
    """The report as plain text with tables."""
    out = StringIO()
    console = Console(
        file=out,
        width=WIDTH,
        force_terminal=False,
        color_system=None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )
    _header(console, report)
    _shares(console, report)
    _risks(console, report)
    _models(console, report)
    _matrix(console, report)
    _exit(console, report)
    _alternatives(console, report)
    _middle(console, report)
    _installs(console, report)
    _loaded(console, report)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def _installs(console: Console, report: Report) -> None:
    rows = install_rows(report)
    if not rows:
        return
    _heading(console, "Installs and their pins")
    grid = Table(box=None, pad_edge=False)
    for column in ("model", "where", "installed as", "pin"):
        grid.add_column(column)
    for r in rows:
        grid.add_row(Text(r.model), Text(r.location), Text(r.name), Text(r.pin))
    console.print(grid)


def _loaded(console: Console, report: Report) -> None:
    lines = loaded_lines(report)
    if lines:
        _heading(console, "Loaded in memory now")
        for line in lines:
            console.print(Text(line))


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))
    console.print(Text("─" * len(title)))


def _header(console: Console, report: Report) -> None:
    s = report.summary
    title = (
        f"llmdeps report (llmdeps {report.tool_version}, lock schema {report.lock_schema_version})"
    )
    console.print(Text(title, style="bold"))
    if report.date:
        console.print(Text(f"date: {report.date}"))
    if report.audited:
        console.print(Text(f"audited: {report.audited.line()}"))
    _heading(console, "Summary")
    figures = Table(box=None, show_header=False, pad_edge=False)
    figures.add_column("figure")
    figures.add_column("value")
    for label, value in summary_rows(s):
        figures.add_row(Text(label), Text(value))
    console.print(figures)


def _shares(console: Console, report: Report) -> None:
    _heading(console, "Vendor share of workflows")
    if not report.vendor_shares:
        console.print(Text("no workflows"))
        return
    chart = Table(box=None, show_header=False, pad_edge=False)
    chart.add_column("vendor")
    chart.add_column("bar", width=BAR_WIDTH, no_wrap=True)
    chart.add_column("share", justify="right")
    chart.add_column("count")
    for share in report.vendor_shares:
        chart.add_row(
            Text(share.vendor),
            Text(bar(share.share, BAR_WIDTH)),
            Text(percent(share.share)),
            Text(share_count(share.count, report.summary)),
        )
    console.print(chart)


def _risks(console: Console, report: Report) -> None:
    _heading(console, "Risks")
    if not report.risks:
        console.print(Text("none found"))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column("n", justify="right", no_wrap=True)
    grid.add_column("severity", no_wrap=True)
    grid.add_column("risk")
    for i, risk in enumerate(report.risks, 1):
        grid.add_row(
            Text(f"{i}."), Text(f"[{risk.severity.value}]", style="bold"), Text(risk.sentence)
        )
    console.print(grid)


def _models(console: Console, report: Report) -> None:
    _heading(console, "Models")
    if not report.models:
        console.print(Text("no models"))
        return
    rows = [
        (
            m.id,
            vendor_label(m.vendor, m.lineage_vendor),
            license_label(m.license),
            open_weights_label(m.open_weights),
            m.pin.value,
            str(len(m.workflows)),
        )
        for m in report.models
    ]
    header = ("model", "vendor (lineage)", "license", "open", "pin", "workflows")
    # Widths by hand (Rich's shrinking squeezes the wrong columns): short fields whole, names
    # capped, the model id takes what is left and folds only when longer than that. The task and
    # the workflows' names are in the markdown, html and json reports.
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    widths[1] = min(widths[1], 24)
    widths[2] = min(widths[2], 14)
    gaps = 2 * (len(header) - 1)
    # A model id is one token and is never split: the table grows past WIDTH for a longer one.
    wide = max(console.width, sum(widths) + gaps)
    if all(len(r[1]) <= widths[1] and len(r[2]) <= widths[2] for r in rows):  # nothing folds
        lines = _fitting_table(header, rows, wide, right=range(5, 6))
        if lines is not None:
            console.file.write("".join(line + "\n" for line in lines))
            return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    for h, w in zip(header, widths, strict=True):
        table.add_column(
            h,
            width=w,
            overflow="ignore" if h == "model" else "fold",
            no_wrap=h == "model",
            justify="right" if h == "workflows" else "left",
        )
    for row in rows:
        table.add_row(*(Text(v) for v in row))
    width = console.width
    console.width = max(width, sum(widths) + gaps)
    console.print(table)
    console.width = width


def _matrix(console: Console, report: Report) -> None:
    _heading(console, "Workflows x vendors")
    if not report.workflows:
        console.print(Text("no workflows"))
        return
    header = ("workflow", "criticality", *report.matrix_vendors, "configurable")
    rows = [
        (
            w.name,
            w.criticality or "",
            *(_CELLS[c] for c in w.cells),
            "yes" if w.configurable else "no",
        )
        for w in report.workflows
    ]
    lines = _fitting_table(header, rows, console.width, centered=range(2, len(header) - 1))
    if lines is not None:
        console.file.write("".join(line + "\n" for line in lines))
    else:
        _rich_matrix(console, report)
    console.print(Text("● calls or offers a model of this vendor  ○ falls back to it  · not used"))


def _fitting_table(
    header: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    width: int,
    centered: range = range(0),
    right: range = range(0),
) -> list[str] | None:
    """The lines Rich draws for a SIMPLE_HEAD table without edges (two spaces between columns;
    `centered` columns at least 3 wide), written directly: Rich costs ~1 ms a row. None when
    Rich would have to shrink or wrap (too wide, a wide or control character)."""
    widths = [len(h) for h in header]
    for i in centered:
        widths[i] = max(widths[i], 3)
    for row in rows:
        for i, value in enumerate(row):
            if len(value) > widths[i]:
                widths[i] = len(value)
    total = sum(widths) + 2 * (len(widths) - 1)
    cells = {value for row in rows for value in row} | set(header)
    if total > width or any(not _plain_cell(value) for value in cells):
        return None

    def line(row: tuple[str, ...]) -> str:
        parts = []
        for i, (value, w) in enumerate(zip(row, widths, strict=True)):
            if i in centered:
                left = (w - len(value)) // 2
                parts.append(" " * left + value + " " * (w - len(value) - left))
            elif i in right:
                parts.append(value.rjust(w))
            else:
                parts.append(value.ljust(w))
        return "  ".join(parts).rstrip()

    return [line(header), "─" * total, *(line(row) for row in rows)]


def _plain_cell(value: str) -> bool:
    """One line, each character one column wide (the matrix symbols are)."""
    return value.isprintable() and (value.isascii() or cell_len(value) == len(value))


def _rich_matrix(console: Console, report: Report) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column("workflow", no_wrap=True, overflow="fold")
    table.add_column("criticality", no_wrap=True)
    for vendor in report.matrix_vendors:
        # Long vendor names wrap in the header; the cells are one character.
        table.add_column(vendor, justify="center", min_width=3, overflow="fold")
    table.add_column("configurable")
    for w in report.workflows:
        table.add_row(
            Text(w.name),
            Text(w.criticality or ""),
            *(Text(_CELLS[c]) for c in w.cells),
            Text("yes" if w.configurable else "no"),
        )
    console.print(table)


def _exit(console: Console, report: Report) -> None:
    sim = report.exit
    if sim is None:
        return
    why = "as asked" if sim.requested else "the top vendor"
    _heading(console, f"Vendor exit: without {sim.vendor} ({why})")
    console.print(
        Text(f"{sim.vendor} models: {', '.join(display_name(m) for m in sim.models) or 'none'}")
    )
    console.print(Text(exit_headline(sim)))
    for status, meaning, sentences in exit_groups(sim):
        console.print(Text(f"{status.value} ({len(sentences)}): {meaning}"))
        for line in sentences:
            _print_indented(console, line)


def _print_indented(console: Console, line: str) -> None:
    """`line` two columns in, wrapped where Rich wraps it (`Text.wrap`), written directly when
    its characters are one column each: printing a padded Text costs ~1 ms, a large lock has
    thousands of these lines."""
    if not _plain_cell(line):
        console.print(Padding(Text(line), (0, 0, 0, 2)))
        return
    if len(line) + 2 <= console.width:
        console.file.write(f"  {line}\n")
        return
    pieces = Text(line).wrap(console, console.width - 2)
    console.file.write("".join(f"  {piece.plain}".rstrip() + "\n" for piece in pieces))


def _alternatives(console: Console, report: Report) -> None:
    if not report.alternatives:
        return
    _heading(console, "Alternatives from other vendors")
    for entry in report.alternatives:
        console.print(Padding(Text(alternatives_heading(entry)), (0, 0, 0, 2)))
        for line in alternative_items(entry):
            console.print(Padding(Text(line), (0, 0, 0, 4)))


def _middle(console: Console, report: Report) -> None:
    middle = report.middle_layer
    if not middle_text.shown(middle):
        return
    _heading(console, middle_text.TITLE)
    console.print(Text(middle_text.summary_line(middle)))
    for layer in middle.workflows:
        console.print(Text(f"{layer.workflow}:"))
        for row in layer.packages:
            console.print(Padding(Text(middle_text.package_text(row)), (0, 0, 0, 2)))
    if middle.hits:
        console.print(Text("advisories hit:"))
        for hit in middle.hits:
            console.print(Padding(Text(middle_text.hit_text(hit)), (0, 0, 0, 2)))
    for payload in middle.payloads:
        console.print(Text(f"payload: {payload}"))
