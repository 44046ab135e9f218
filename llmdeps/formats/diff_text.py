"""`llmdeps diff --format text`: the changes section by section, the figures, the risks.

The helpers that say a change in words (`field_text`, `figure_text`, `SECTION_LABELS`) are shared
with the Markdown format.
"""

from __future__ import annotations

import json

from llmdeps.analysis.lockchanges import Change, ChangeKind, FieldChange, Figure, LockDiff
from llmdeps.analysis.risks import plural
from llmdeps.formats.text import percent
from llmdeps.printable import escape_controls

name = "text"

SECTION_LABELS = {
    "models": ("model", "models"),
    "workflows": ("workflow", "workflows"),
    "fallbacks": ("fallback", "fallbacks"),
    "installs": ("install", "installs"),
    "packages": ("package", "packages"),
    "references": ("reference", "references"),
    "install_sources": ("install source", "install sources"),
}
MAX_VALUE = 60
"""A value longer than this is cut, with an ellipsis: a line stays readable."""
_SHARES = frozenset({"top vendor share", "portability", "pinned share"})
_MARK = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}


def label(section: str, n: int) -> str:
    """`1 model`, `2 models`, `3 widgets` for a section with no label."""
    one, many = SECTION_LABELS.get(section, (section, section))
    return plural(n, one, many)


def _value(value: object) -> str:
    if isinstance(value, str):
        text = value
    elif value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict) and value and all(
        isinstance(v, str | int | float) for v in value.values()
    ):
        # an entry of a list of small records (a workflow's `uses`): its identity first, then
        # the rest in parentheses: `ollama/llama3.1:8b (calls)`
        first, *rest = (str(v) for v in value.values())
        text = f"{first} ({', '.join(rest)})" if rest else first
    else:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = escape_controls(text)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def field_text(change: FieldChange) -> str:
    """`workflows: +case-escalation -case-triage` for lists, `pin: floating -> pinned` else."""
    before, after = change.before, change.after
    if isinstance(before, list | type(None)) and isinstance(after, list | type(None)):
        old = [_value(v) for v in before or []]
        new = [_value(v) for v in after or []]
        moves = [f"+{v}" for v in new if v not in old] + [f"-{v}" for v in old if v not in new]
        if moves:
            return f"{change.name}: {' '.join(moves)}"
    return f"{change.name}: {_value(before)} -> {_value(after)}"


def change_detail(change: Change) -> str:
    """The changed fields of an entry, `; `-separated (empty for an added or removed one)."""
    return "; ".join(field_text(f) for f in change.fields)


def _number(name: str, value: float) -> str:
    return percent(value) if name in _SHARES or name not in _COUNTS else f"{value:g}"


_COUNTS = frozenset({"HHI", "models", "workflows", "references"})


def figure_value(figure: Figure, value: float) -> str:
    """A figure's value as the report shows it: shares in percent, counts as numbers."""
    return _number(figure.name, value)


def figure_delta(figure: Figure) -> str:
    """`+5.5 pts` for a share, `+94` for a count, `=` when unchanged."""
    if not figure.changed:
        return "="
    delta = figure.after - figure.before
    if figure.name in _COUNTS:
        return f"{delta:+g}"
    return f"{round(delta * 100, 1):+g} pts"


def figure_text(figure: Figure, share_of: str = "") -> str:
    """`Meta: 39.5% -> 45% (+5.5 pts)`."""
    name = f"{figure.name}{share_of}"
    before, after = figure_value(figure, figure.before), figure_value(figure, figure.after)
    return f"{escape_controls(name)}: {before} -> {after} ({figure_delta(figure)})"


def summary_line(diff: LockDiff) -> str:
    """`1 model added, 2 references removed, 1 workflow changed` (sections in report order)."""
    parts = []
    for section in diff.sections():
        for kind in ChangeKind:
            n = diff.count(section, kind)
            if n:
                parts.append(f"{label(section, n)} {kind.value}")
    return ", ".join(parts)


def render(diff: LockDiff) -> str:
    """The changes, grouped by section, then the figures and the risks that changed."""
    head = f"llmdeps diff: {escape_controls(diff.old_label)} -> {escape_controls(diff.new_label)}"
    if not diff.changed:
        return f"{head}\nno dependency change\n"
    lines = [head, summary_line(diff), ""]
    for section in diff.sections():
        one, many = SECTION_LABELS.get(section, (section, section))
        lines.append(f"{many}:")
        for c in diff.changes:
            if c.section == section:
                detail = change_detail(c)
                key = escape_controls(c.key)
                lines.append(f"  {_MARK[c.kind]} {key}" + (f": {detail}" if detail else ""))
    lines += ["", "figures (recomputed from each lock's facts):"]
    lines += [f"  {figure_text(f)}" for f in diff.figures if f.changed]
    lines += [f"  {figure_text(f, ' share')}" for f in diff.vendor_shares if f.changed]
    if not any(f.changed for f in (*diff.figures, *diff.vendor_shares)):
        lines.append("  unchanged")
    if diff.risks_added or diff.risks_removed or diff.risks_changed:
        lines += ["", "risks:"]
        lines += [f"  new: {escape_controls(r)}" for r in diff.risks_added]
        for was, now in diff.risks_changed:
            lines.append(f"  now: {escape_controls(now)}")
            lines.append(f"   was: {escape_controls(was)}")
        lines += [f"  gone: {escape_controls(r)}" for r in diff.risks_removed]
    return "\n".join(lines) + "\n"
