"""`llmdeps check` output: findings as text lines or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from llmdeps.model import Finding


def render_text(findings: Sequence[Finding]) -> str:
    """One line per finding, then the fixes."""
    if not findings:
        return "llmdeps check: ok\n"
    lines = []
    for f in findings:
        where = (
            f" [{', '.join(f.paths[:5])}{', ...' if len(f.paths) > 5 else ''}]" if f.paths else ""
        )
        lines.append(f"{f.severity.value}: {f.rule}: {f.message}{where}")
    fixes = sorted({f.fix for f in findings if f.fix})
    lines += [f"fix: {fix}" for fix in fixes]
    lines.append(f"llmdeps check: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding]) -> str:
    """{"schema_version": 1, "findings": [...]} with stable key order."""
    items = []
    for f in findings:
        item: dict[str, object] = {
            "rule": f.rule,
            "severity": f.severity.value,
            "message": f.message,
        }
        for key in ("workflow", "vendor", "model", "fix"):
            if getattr(f, key) is not None:
                item[key] = getattr(f, key)
        if f.paths:
            item["paths"] = list(f.paths)
        items.append(item)
    return json.dumps({"schema_version": 1, "findings": items}, indent=2, sort_keys=True) + "\n"
