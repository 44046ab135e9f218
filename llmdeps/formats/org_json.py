"""`llmdeps report LOCK... --format json`: the organisation's report for tools. Schema version 1
(`schemas/org-report.schema.json`).

One object, keys sorted, two-space indent, floats rounded to 4 decimals; no date unless asked
for: `schema_version`, `kind` (`org-report`), `tool_version`, `date`, `summary` (repositories,
workflows, models, references, vendors, top_vendor, top_share, hhi, portability,
workflow_weight, weighted), `vendor_shares` (`by_workflows`, `by_references`: every vendor, no
`others` row: tools sum what they need), `repositories` (sorted by name: name, audited,
workflows with their vendors, and the repository's recomputed figures), `exit` (null without
models: vendor, requested, repositories reached, `statuses` (workflows per issue 10 status),
`workflows` (every workflow reached, with its repository, status and sentence), the older `lost`
and `degraded` lists, unaffected count) and `models` (every model with where it is used, most
widely used first).
"""

from __future__ import annotations

from typing import Any

from llmdeps.analysis.exit import ExitStatus
from llmdeps.analysis.org import ExitHit, OrgReport
from llmdeps.formats import jsontext
from llmdeps.formats.report_json import _plain

name = "json"

SCHEMA_VERSION = 1


def as_dict(report: OrgReport) -> dict[str, Any]:
    """The org report as the documented JSON object."""
    ex = report.exit
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "org-report",
        "tool_version": report.tool_version,
        "date": report.date,
        "summary": _plain(report.summary),
        "vendor_shares": {
            "by_workflows": _plain(report.vendor_shares),
            "by_references": _plain(report.reference_shares),
        },
        "repositories": [
            {
                "name": r.name,
                "audited": _plain(r.audited),
                "tool_version": r.tool_version,
                "models": r.models,
                "references": r.references,
                "vendors": list(r.vendors),
                "top_vendor": r.top_vendor,
                "top_share": round(r.top_share, 4),
                "hhi": r.hhi,
                "portability": round(r.portability, 4),
                "pinned": r.pinned,
                "floating": r.floating,
                "workflows": _plain(r.workflows),
                "model_ids": [m.id for m in r.locked_models],
            }
            for r in report.repositories
        ],
        "exit": None
        if ex is None
        else {
            "vendor": ex.vendor,
            "requested": ex.requested,
            "repositories": list(ex.repositories),
            "statuses": {status.value: n for status, n in ex.statuses.items()},
            "workflows": [{"repository": h.repository, **_plain(h.exit)} for h in ex.hits],
            # the lists of org reports before issue 10's statuses, kept for their readers
            "lost": [
                _impact(h)
                for h in ex.hits
                if h.exit.status in (ExitStatus.LOST, ExitStatus.API_WITHDRAWN)
            ],
            "degraded": [_impact(h) for h in ex.with_status(ExitStatus.DEGRADED)],
            "unaffected": ex.unaffected,
        },
        "models": [
            {
                "id": m.id,
                "lineage_vendor": m.lineage_vendor,
                "license": m.license,
                "open_weights": m.open_weights,
                "references": m.references,
                "used_in": [
                    {"repository": repo, "workflows": list(wfs)} for repo, wfs in m.used_in
                ],
            }
            for m in report.models
        ],
    }


def render(report: OrgReport) -> str:
    """The org report as JSON."""
    return jsontext.dumps(as_dict(report)) + "\n"


def _impact(hit: ExitHit) -> dict[str, Any]:
    w = hit.exit
    return {
        "repository": hit.repository,
        "workflow": w.workflow,
        "criticality": w.criticality,
        "lost_models": list(w.withdrawn),
        "fallback": list(w.fallback),
        "remaining": list(w.remaining),
    }
