"""`llmdeps diff --format markdown`: a pull request comment.

Short, in this order: a heading with the counts, the risk sentences that changed (new ones first),
one table of the headline figures that moved, one table of the changed entries (at most
`MAX_ROWS`, references last, then a line saying how many more). Table cells are escaped: a `|`,
a backtick or a newline in a name cannot break the table or open a code span.
"""

from __future__ import annotations

from llmdeps.analysis.lockchanges import Change, ChangeKind, LockDiff
from llmdeps.formats.diff_text import (
    SECTION_LABELS,
    change_detail,
    figure_delta,
    figure_value,
    summary_line,
)
from llmdeps.printable import escape_controls

name = "markdown"
MAX_ROWS = 25
MARKER = "<!-- llmdeps-diff -->"
"""First line of the comment: lets a CI step find and update its own comment."""
_KIND = {ChangeKind.ADDED: "added", ChangeKind.REMOVED: "removed", ChangeKind.CHANGED: "changed"}


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    text = escape_controls(text)
    for ch in "\\|`*_[]<>":
        text = text.replace(ch, f"\\{ch}")
    return text


def code(text: str) -> str:
    """An id in a code span that no backtick or pipe in it can break."""
    text = escape_controls(text).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def _row(c: Change) -> str:
    one, _many = SECTION_LABELS.get(c.section, (c.section, c.section))
    detail = cell(change_detail(c)) if c.fields else ""
    return f"| {_KIND[c.kind]} | {cell(one)} | {code(c.key)} | {detail} |"


def render(diff: LockDiff) -> str:
    """The comment as Markdown text."""
    lines = [MARKER, "### llmdeps: model dependencies", ""]
    if not diff.changed:
        lines.append(
            f"No dependency change between {code(diff.old_label)} and {code(diff.new_label)}."
        )
        return "\n".join(lines) + "\n"
    lines.append(f"{code(diff.old_label)} → {code(diff.new_label)}: {cell(summary_line(diff))}")
    if diff.risks_added or diff.risks_removed or diff.risks_changed:
        lines.append("")
        lines += [f"- **new risk:** {cell(r)}" for r in diff.risks_added]
        lines += [f"- **now:** {cell(now)} (was: {cell(was)})" for was, now in diff.risks_changed]
        lines += [f"- **resolved:** ~~{cell(r)}~~" for r in diff.risks_removed]
    moved = [(f.name, f) for f in diff.figures if f.changed]
    moved += [(f"{f.name} share", f) for f in diff.vendor_shares if f.changed]
    if moved:
        lines += ["", "| figure | before | after | change |", "| --- | ---: | ---: | ---: |"]
        for label, f in moved:
            lines.append(
                f"| {cell(label)} | {figure_value(f, f.before)} | {figure_value(f, f.after)} "
                f"| {figure_delta(f)} |"
            )
    rows = sorted(diff.changes, key=lambda c: c.section == "references")
    lines += ["", "| change | what | id | detail |", "| --- | --- | --- | --- |"]
    lines += [_row(c) for c in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines += ["", f"…and {len(rows) - MAX_ROWS} more; `llmdeps diff` lists them all."]
    lines += ["", "<sub>Figures recomputed from each lock's facts by `llmdeps diff`.</sub>"]
    return "\n".join(lines) + "\n"
