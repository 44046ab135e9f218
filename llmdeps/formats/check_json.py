"""`llmdeps check --format json`: {"schema_version": 1, "findings": [...]} for tools.

A suppressed finding carries `suppressed`: {"reason", "entry", "until" (when it expires)}.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from llmdeps.formats.base import FindingsContext
from llmdeps.model import Finding

name = "json"
needs_positions = False
always_written = False


def render(findings: Sequence[Finding], ctx: FindingsContext) -> str:
    """{"schema_version": 1, "findings": [...]} with stable key order."""
    items = []
    for f in findings:
        item: dict[str, object] = {
            "rule": f.rule,
            "severity": f.severity.value,
            "message": f.message,
        }
        for key in ("workflow", "vendor", "model", "fix", "package", "advisory"):
            if getattr(f, key) is not None:
                item[key] = getattr(f, key)
        if f.paths:
            item["paths"] = list(f.paths)
        if f.suppression is not None:
            item["suppressed"] = {
                k: v
                for k, v in (
                    ("reason", f.suppression.reason),
                    ("entry", f.suppression.entry),
                    ("until", f.suppression.until),
                )
                if v is not None
            }
        items.append(item)
    return json.dumps({"schema_version": 1, "findings": items}, indent=2, sort_keys=True) + "\n"
