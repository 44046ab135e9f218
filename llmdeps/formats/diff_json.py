"""`llmdeps diff --format json`: every change, figure and risk, for tools.

    {"schema_version": 1, "old": label, "new": label, "changed": bool,
     "summary": {section: {"added": n, "removed": n, "changed": n}},
     "changes": [{"section", "key", "kind", "fields": [{"name", "before", "after"}]}],
     "figures": [{"name", "before", "after"}], "vendor_shares": [{"vendor", "before", "after"}],
     "top_vendor": {"before", "after"},
     "risks": {"added": [...], "removed": [...], "changed": [{"before", "after"}]}}

Figures are recomputed from each lock's facts; shares are fractions (0..1), rounded to 4 places.
"""

from __future__ import annotations

from llmdeps.analysis.lockchanges import ChangeKind, LockDiff
from llmdeps.formats import jsontext

name = "json"
SCHEMA_VERSION = 1


def _number(value: float) -> float | int:
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def render(diff: LockDiff) -> str:
    """The diff as JSON text, stable key order, ending in a newline."""
    doc = {
        "schema_version": SCHEMA_VERSION,
        "old": diff.old_label,
        "new": diff.new_label,
        "changed": diff.changed,
        "summary": {s: {k.value: diff.count(s, k) for k in ChangeKind} for s in diff.sections()},
        "changes": [
            {
                "section": c.section,
                "key": c.key,
                "kind": c.kind.value,
                "fields": [
                    {"name": f.name, "before": f.before, "after": f.after} for f in c.fields
                ],
            }
            for c in diff.changes
        ],
        "figures": [
            {"name": f.name, "before": _number(f.before), "after": _number(f.after)}
            for f in diff.figures
        ],
        "vendor_shares": [
            {"vendor": f.name, "before": _number(f.before), "after": _number(f.after)}
            for f in diff.vendor_shares
        ],
        "top_vendor": {"before": diff.top_vendor[0], "after": diff.top_vendor[1]},
        "risks": {
            "added": list(diff.risks_added),
            "removed": list(diff.risks_removed),
            "changed": [{"before": was, "after": now} for was, now in diff.risks_changed],
        },
    }
    return jsontext.dumps(doc) + "\n"
