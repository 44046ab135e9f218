"""`llmdeps report --format json`: the audit report for tools. Schema version 1.

One object, keys sorted, two-space indent, floats rounded to 4 decimals; no date unless asked for:

* `schema_version` (int): 1. A field is only added within a version; anything else bumps it.
* `tool_version` (str), `lock_schema_version` (int): what wrote the lock the report reads.
* `date` (str or null): the `--date` given, else null.
* `summary`: `models`, `workflows`, `references`, `vendors` (distinct lineage vendors), `pinned`
  (by id, by installed digest or a local file), `floating`, `open_weights`, `installs`,
  `unreferenced_installs` (ints); `top_vendor` (str or null), `top_share` (0..1), `hhi`
  (0..10000), `portability` (0..1), `install_sources` (list of Ollama servers and stores read),
  `workflow_weight` (sum of the workflows' criticality weights), `weighted` (true when a weight is
  not 1, so shares count weights rather than workflows).
* `vendor_shares`: `by_workflows` (criticality-weighted, largest first) and `by_references`, each a
  list of `{vendor, share (0..1), count}`.
* `risks`: ranked, most severe first: `{severity: high|medium|low|note, code, sentence, size,
  subjects}`; `code` is stable (`vendor-concentration`, `no-cross-vendor-fallback`, `exit-loss`,
  `hhi`, `floating`, `hard-coded`, `unpinned`, `unknown-vendor`, `unreferenced-install`),
  `sentence` is for people, `subjects` lists the workflows or models it is about.
* `models`: sorted by id: `{id, vendor, lineage_vendor, family, license, open_weights (bool or
  null), pin, task, parameters_b (float or null), workflows, references (count), installed (bool or
  null: null when Ollama was not read), known (false: the catalog had no entry)}`.
* `matrix`: `vendors` (the column order) and `workflows`, sorted by name: `{name, owner,
  criticality, weight, models (primary: called by the code), fallback_models, vendors,
  fallback_vendors, configurable, cross_vendor_fallback, cells}`; `cells` maps every vendor of
  `matrix.vendors` to `primary`, `fallback` or `none`.
* `exit_simulation` (null when the lock has no models): `{vendor, requested (false: the top vendor
  by default), models, lost, degraded, unaffected, fallback_lost}`; `lost` and `degraded` are
  lists of `{workflow, criticality, lost_models, fallback (the other vendors' models it falls
  back to), remaining (its other vendors' models that keep working)}`; `unaffected` is a list of
  workflow names, `fallback_lost` the unaffected ones whose fallback is a model of the exiting
  vendor.
* `alternatives`: for each model of the simulated vendor and of any vendor above half the
  workflows: `{model_id, name, vendor, task, parameters_b, alternatives: [{ollama_tag, vendor,
  license, family, task, parameters_b, source}], in_use}`; `in_use` lists the suggested tags the
  lock already depends on.
* `installs`: every locked install, sorted: `{model, location (as the lock names it), name,
  pin}`; `pin` says what holds it in words (`sha256:<12 hex>, weights <12 hex>`, `commit <12 hex>
  (main), weights sha256:<12 hex>`, `served by vllm, ...`).
* `loaded`: with `--scan`, the models servers hold in memory now (Ollama `/api/ps`): `{name,
  location, digest, expires_at (str or null), context_length (int or null)}`; empty otherwise.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from llmdeps.analysis.report import Report
from llmdeps.formats.installs import install_rows

name = "json"

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def as_dict(report: Report) -> dict[str, Any]:
    """The report as the documented JSON object."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": report.tool_version,
        "lock_schema_version": report.lock_schema_version,
        "date": report.date,
        "summary": _plain(report.summary),
        "vendor_shares": {
            "by_workflows": _plain(report.vendor_shares),
            "by_references": _plain(report.reference_shares),
        },
        "risks": _plain(report.risks),
        "models": _plain(report.models),
        "matrix": {
            "vendors": list(report.matrix_vendors),
            "workflows": [
                {
                    **_plain(w),
                    "cells": {
                        v: c.value for v, c in zip(report.matrix_vendors, w.cells, strict=True)
                    },
                }
                for w in report.workflows
            ],
        },
        "exit_simulation": _plain(report.exit),
        "alternatives": _plain(report.alternatives),
        "installs": [
            {"model": r.model, "location": r.location, "name": r.name, "pin": r.pin}
            for r in install_rows(report)
        ],
        "loaded": [
            {
                "name": m.name,
                "location": m.location.where,
                "digest": m.digest,
                "expires_at": m.expires_at,
                "context_length": m.context_length,
            }
            for m in sorted(report.loaded, key=lambda m: (m.location.where, m.name))
        ],
    }


def render(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(as_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
